// Integration test app: `npx projen integ:beanstalk-environment:snapshot` writes the committed
// snapshot, `npm test` compares it. Deploying it (`npx projen integ:beanstalk-environment:deploy`,
// real AWS account, creates billable resources, destroyed afterwards) is a manual step.
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  BeanstalkApplication,
  BeanstalkApplicationVersion,
  BeanstalkEnvironment,
  DeploymentPolicy,
  Platform,
  SourceBundle,
} from '../src';

class IntegStack extends Stack {
  // explicit availability zones: synth asks AWS nothing
  public get availabilityZones(): string[] {
    return ['us-east-1a', 'us-east-1b'];
  }
}

const app = new App();
const stack = new IntegStack(app, 'ebkit-integ-beanstalk-env', { env: { account: '123456789012', region: 'us-east-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: stack.availabilityZones, natGateways: 1 });
const application = new BeanstalkApplication(stack, 'Application', { maxVersionCount: 10 });
const version = new BeanstalkApplicationVersion(stack, 'Version', {
  application,
  sourceBundle: SourceBundle.fromAsset(path.join(__dirname, 'sample-app')),
});
new BeanstalkEnvironment(stack, 'Web', {
  application,
  vpc,
  platform: Platform.NODEJS_22,
  version,
  minInstances: 1,
  maxInstances: 2,
  deploymentPolicy: DeploymentPolicy.ROLLING_WITH_ADDITIONAL_BATCH,
});
app.synth();
