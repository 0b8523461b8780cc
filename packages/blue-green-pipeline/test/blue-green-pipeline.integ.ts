// Integration test app: `npx projen integ:blue-green-pipeline:snapshot` writes the committed
// snapshot, `npm test` compares it. Deploying it (`npx projen integ:blue-green-pipeline:deploy`,
// real AWS account, creates billable resources, destroyed afterwards) is a manual step.
import { BeanstalkApplication, Platform } from '@ebkit/beanstalk-env';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { BlueGreenEnvironments, BlueGreenPipeline } from '../src';

class IntegStack extends Stack {
  // explicit availability zones: synth asks AWS nothing
  public get availabilityZones(): string[] {
    return ['us-east-1a', 'us-east-1b'];
  }
}

const app = new App();
const stack = new IntegStack(app, 'ebkit-integ-blue-green', { env: { account: '123456789012', region: 'us-east-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: stack.availabilityZones, natGateways: 1 });
const application = new BeanstalkApplication(stack, 'Application', {});
const environments = new BlueGreenEnvironments(stack, 'Environments', {
  application,
  vpc,
  platform: Platform.NODEJS_22,
  productionCnamePrefix: 'ebkit-integ-bluegreen',
  minInstances: 1,
  maxInstances: 2,
});
new BlueGreenPipeline(stack, 'Pipeline', { environments, removalPolicy: RemovalPolicy.DESTROY, scaleDownAfter: Duration.minutes(30) });
app.synth();
