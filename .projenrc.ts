import { CostPackage } from './projenrc/cost-package';
import { EbkitMonorepo } from './projenrc/ebkit-monorepo';
import { EbkitPackage } from './projenrc/ebkit-package';
import { ReferenceApp } from './projenrc/reference-app';
import { releasedVersion } from './projenrc/released-versions';
import { TestingPackage } from './projenrc/testing-package';
import { VERSIONS } from './projenrc/versions';

const root = new EbkitMonorepo();
const testing = new TestingPackage(root);
// The aws-sim simulator answers the real AWS SDK v3 clients in process.
testing.addDevDeps(...['elastic-beanstalk', 'cloudwatch', 'codepipeline', 'dynamodb', 'sns'].map((c) => `@aws-sdk/client-${c}@${VERSIONS.awsSdk}`));

const core = new EbkitPackage(root, {
  name: 'core',
  version: releasedVersion('core'),
  description: 'Shared helpers of the ebkit construct libraries (props validation)',
  testing,
});
const rdsPostgres = new EbkitPackage(root, {
  name: 'rds-postgres',
  version: releasedVersion('rds-postgres'),
  description: 'RDS PostgreSQL for web applications: encrypted, Multi-AZ, credentials in Secrets Manager, safe by default',
  deps: [core],
  testing,
});
const beanstalkEnv = new EbkitPackage(root, {
  name: 'beanstalk-env',
  version: releasedVersion('beanstalk-env'),
  description: 'Typed, validated Elastic Beanstalk application and environment constructs',
  deps: [core],
  testing,
  lambdas: true,
  devDeps: [
    `@aws-sdk/client-ec2@${VERSIONS.awsSdk}`,
    `aws-sdk-client-mock@${VERSIONS.awsSdkClientMock}`,
  ],
});
const dns = new EbkitPackage(root, {
  name: 'dns',
  version: releasedVersion('dns'),
  description: 'Route 53 zone, records and certificates that follow the live Elastic Beanstalk environment',
  deps: [core],
  testing,
});
const backups = new EbkitPackage(root, {
  name: 'backups',
  version: releasedVersion('backups'),
  description: 'AWS Backup plans and S3 backup buckets for an RDS PostgreSQL web application',
  deps: [core],
  testing,
  lambdas: true,
  devDeps: [
    `@aws-sdk/client-rds@${VERSIONS.awsSdk}`,
    `@aws-sdk/client-s3@${VERSIONS.awsSdk}`,
    `@aws-sdk/client-codebuild@${VERSIONS.awsSdk}`,
    `@aws-sdk/client-secrets-manager@${VERSIONS.awsSdk}`,
    `aws-sdk-client-mock@${VERSIONS.awsSdkClientMock}`,
  ],
});
const blueGreen = new EbkitPackage(root, {
  name: 'blue-green-pipeline',
  version: releasedVersion('blue-green-pipeline'),
  description: 'Blue/green releases on Elastic Beanstalk: two environments, CodePipeline, CNAME swap',
  deps: [core, beanstalkEnv],
  testing,
  lambdas: true,
  cli: { 'ebkit-bluegreen': 'src/cli/main.ts' },
  devDeps: [
    `@aws-sdk/client-elastic-beanstalk@${VERSIONS.awsSdk}`,
    `@aws-sdk/client-codepipeline@${VERSIONS.awsSdk}`,
    `@aws-sdk/client-cloudwatch@${VERSIONS.awsSdk}`,
    `@aws-sdk/client-s3@${VERSIONS.awsSdk}`,
    `@aws-sdk/client-dynamodb@${VERSIONS.awsSdk}`,
    `@aws-sdk/client-sns@${VERSIONS.awsSdk}`,
    `aws-sdk-client-mock@${VERSIONS.awsSdkClientMock}`,
    'fast-check@^4.10.2',
  ],
});

blueGreen.addTask('bench', {
  description: 'Print simulated release times (start to traffic, alarm to rollback) with the default poll intervals',
  exec: 'ts-node -T -P test/tsconfig.json test/sim/bench.ts',
});
root.tasks.tryFind('bench')?.exec('npm run bench -w @ebkit/blue-green-pipeline');

const cost = new CostPackage(root, { testing });

new ReferenceApp(root, { packages: [core, rdsPostgres, beanstalkEnv, dns, backups, blueGreen, cost], testing });

root.synth();
