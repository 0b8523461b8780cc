// Integration test app: `npx projen integ:app-domain:snapshot` writes the committed snapshot,
// `npm test` compares it. Deploying it (`npx projen integ:app-domain:deploy`) needs a real AWS
// account and a domain you control: a manual step.
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AppDomain } from '../src';

const app = new App();
const stack = new Stack(app, 'ebkit-integ-dns', { env: { account: '123456789012', region: 'us-east-1' } });
new AppDomain(stack, 'Domain', {
  domainName: 'integ.example.com',
  cnamePrefix: 'ebkit-integ-prod',
  // www.integ.example.com answers with a 301 to integ.example.com (redirectToCanonical, the default);
  // integ.example.com fails over to the S3 + CloudFront maintenance page
  maintenancePage: true,
  removalPolicy: RemovalPolicy.DESTROY,
});
app.synth();
