import { createReferenceApp } from './app';
import { productionConfig } from './config';
import { ReferenceArchitecture } from './reference-architecture';

const app = createReferenceApp();
new ReferenceArchitecture(app, productionConfig());
app.synth();
