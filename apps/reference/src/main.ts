import { App } from 'aws-cdk-lib';
import { productionConfig } from './config';
import { ReferenceArchitecture } from './reference-architecture';

const app = new App();
new ReferenceArchitecture(app, productionConfig());
app.synth();
