// Integration test app: `npx projen integ:postgres-database:snapshot` writes the committed
// snapshot, `npm test` compares it. Deploying it (`npx projen integ:postgres-database:deploy`,
// real AWS account, creates billable resources, destroyed afterwards) is a manual step.
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PostgresDatabase } from '../src';

class IntegStack extends Stack {
  // explicit availability zones: synth asks AWS nothing
  public get availabilityZones(): string[] {
    return ['us-east-1a', 'us-east-1b'];
  }
}

const app = new App();
const stack = new IntegStack(app, 'ebkit-integ-rds-postgres', { env: { account: '123456789012', region: 'us-east-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: stack.availabilityZones, natGateways: 1 });
new PostgresDatabase(stack, 'Database', {
  vpc,
  iamAuthentication: true,
  // a throwaway test database: deletable, no final snapshot
  deletionProtection: false,
  removalPolicy: RemovalPolicy.DESTROY,
  allowDestroy: true,
});
app.synth();
