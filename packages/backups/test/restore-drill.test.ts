import { formatNagFindings, nagFindings, normalizedTemplate } from '@ebkit/testing';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BackupBucket, PgDumpBackup, RestoreDrill, RestoreDrillProps } from '../src';
import { testStack, testVpc } from './fixtures';

function fixture(vpcProps: ec2.VpcProps = {}): { stack: Stack; props: RestoreDrillProps } {
  const stack = testStack();
  const vpc = testVpc(stack, vpcProps);
  const dbSecurityGroup = new ec2.SecurityGroup(stack, 'DbSg', { vpc, allowAllOutbound: false });
  const database = rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Db', {
    instanceIdentifier: 'app-db', instanceEndpointAddress: 'app-db.abc.us-east-1.rds.amazonaws.com', port: 5432, securityGroups: [dbSecurityGroup],
  });
  const databaseKey = new kms.Key(stack, 'DbKey', { enableKeyRotation: true });
  const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: databaseKey });
  const bucket = new BackupBucket(stack, 'Backups').bucket;
  const pgDumpBackup = vpc.privateSubnets.length > 0
    ? new PgDumpBackup(stack, 'Dump', { vpc, databaseHost: database.dbInstanceEndpointAddress, databaseName: 'app', databaseSecret: secret, database, bucket })
    : undefined as unknown as PgDumpBackup;
  return { stack, props: { vpc, database, databaseKey, pgDumpBackup } };
}

function drill(overrides: Partial<RestoreDrillProps> = {}): { stack: Stack; construct: RestoreDrill; template: Template } {
  const { stack, props } = fixture();
  const construct = new RestoreDrill(stack, 'Drill', { ...props, ...overrides });
  return { stack, construct, template: Template.fromStack(stack) };
}

function definition(template: Template): string {
  const machines = template.findResources('AWS::StepFunctions::StateMachine');
  const body = Object.values(machines)[0].Properties.DefinitionString;
  return JSON.stringify(body);
}

describe('RestoreDrill defaults', () => {
  const { stack, construct, template } = drill();

  test('matches the snapshot of its defaults', () => {
    expect(normalizedTemplate(stack)).toMatchSnapshot();
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const findings = nagFindings(stack).filter((f) => !/^Stack\/(Vpc|Secret|DbSg)/.test(f.constructPath));
    expect(formatNagFindings(findings)).toBe('');
  });

  test('configures the drill function with the source, the drill prefix, subnets, security group and class', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      ReservedConcurrentExecutions: 2,
      VpcConfig: Match.objectLike({ SubnetIds: [{ Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2') }] }),
      Environment: {
        Variables: Match.objectLike({
          SOURCE_INSTANCE_ID: 'app-db',
          DRILL_PREFIX: 'stack-drill-b3c4a2d8',
          SUBNET_GROUP_NAME: { Ref: Match.stringLikeRegexp('^DrillSubnetGroup') },
          SECURITY_GROUP_IDS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DrillSecurityGroup'), 'GroupId'] },
          INSTANCE_CLASS: 'db.t4g.micro',
        }),
      },
    });
    expect(construct.drillPrefix).toBe('stack-drill-b3c4a2d8');
  });

  test('lets the function change and delete drill instances only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['rds:AddTagsToResource', 'rds:ModifyDBInstance', 'rds:DeleteDBInstance'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:us-east-1:123456789012:db:stack-drill-b3c4a2d8-*']] },
        })]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^DrillFunctionServiceRole') }],
    });
  });

  test('lets the function use the database key to restore encrypted snapshots', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['kms:CreateGrant', 'kms:DescribeKey'],
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbKey'), 'Arn'] },
        })]),
      },
    });
  });

  test('lets the drill job, not the dump job, read the secrets of drill instances only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'secretsmanager:GetSecretValue',
          Condition: {
            StringLike: {
              'secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:us-east-1:123456789012:db:stack-drill-b3c4a2d8-*']],
              },
            },
          },
        })]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^DrillProjectRole') }],
    });
    const dumpPolicies = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('DumpRole'));
    expect(JSON.stringify(dumpPolicies)).not.toContain('rds!db-');
  });

  test('runs its checks in a CodeBuild project of its own, so that the dump alarms count dumps only', () => {
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: Match.objectLike({
        EnvironmentVariables: Match.arrayWith([
          { Name: 'MODE', Type: 'PLAINTEXT', Value: 'drill' },
          { Name: 'PREFIX', Type: 'PLAINTEXT', Value: 'pg_dump/' },
          { Name: 'REPORT_PREFIX', Type: 'PLAINTEXT', Value: 'pg_dump/drill-reports/app/' },
          { Name: 'MAX_AGE_SECONDS', Type: 'PLAINTEXT', Value: '129600' },
          { Name: 'METRIC_NAMESPACE', Type: 'PLAINTEXT', Value: 'ebkit/RestoreDrill' },
        ]),
      }),
    });
    expect(definition(template)).toMatch(/\\"ProjectName\\":\\"\",\{\"Ref\":\"DrillProject[0-9A-F]{8}\"\}/);
    // the dump's failure alarm counts the dump project's builds only
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'FailedBuilds',
      Dimensions: [{ Name: 'ProjectName', Value: { Ref: Match.stringLikeRegexp('^Dump[0-9A-F]{8}$') } }],
    });
  });

  test('lets the drill job publish its metrics, read the dumps and write its reports only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['s3:PutObject']), Resource: { 'Fn::Join': ['', [Match.anyValue(), '/pg_dump/drill-reports/app/*']] } }),
          Match.objectLike({ Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': 'ebkit/RestoreDrill' } } }),
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^DrillProjectRole') }],
    });
  });

  test('alarms on the age of the restored recovery points (RPO) and on the restore duration (RTO)', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'MAX([snapshotAge, dumpAge])' })]),
      Threshold: 129600,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'MAX([snapshotRestore, dumpRestore])' }),
        Match.objectLike({ Id: 'snapshotRestore', MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'ebkit/RestoreDrill', MetricName: 'SnapshotRestoreSeconds' }) }) }),
      ]),
      Threshold: 14400,
    });
  });

  test('runs the janitor every hour, deleting drill instances older than 8 hours', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DrillFunction'), 'Arn'] }, Input: '{"step":"janitor"}' })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ STALE_AFTER_MINUTES: '480' }) },
    });
  });

  test('lets the verification job, and nothing else, into drill instances', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      ToPort: 5432,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DrillSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DumpSecurityGroup'), 'GroupId'] },
    });
  });

  test('restores, waits, sets a new password, verifies and cleans up', () => {
    const body = definition(template);
    for (const state of ['RestoreLatestSnapshot', 'WaitForRestore', 'CheckRestore', 'SetNewPassword', 'CheckPassword', 'RunVerificationQuery', 'CleanUp', 'DrillPassed']) {
      expect(body).toContain(`\\"${state}\\"`);
    }
    expect(body).toMatch(/codebuild:startBuild\.sync/);
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: Match.objectLike({ EnvironmentVariables: Match.arrayWith([Match.objectLike({ Name: 'VERIFY_QUERY', Value: Match.stringLikeRegexp('pg_catalog\\.pg_tables') })]) }),
    });
  });

  test('cleans up when a step fails', () => {
    const body = definition(template);
    expect(body).toMatch(/\\"Catch\\":\[\{\\"ErrorEquals\\":\[\\"States.ALL\\"\],\\"ResultPath\\":\\"\$.error\\",\\"Next\\":\\"CleanUpAfterFailure\\"\}\]/);
    expect(body).toMatch(/\\"CleanUpAfterFailure\\":\{\\"Next\\":\\"DeletedAfterFailure\?\\"/);
  });

  test('logs, traces and encrypts the state machine, and times out after 6 hours', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
      EncryptionConfiguration: Match.objectLike({ Type: 'CUSTOMER_MANAGED_KMS_KEY' }),
    });
    expect(definition(template)).toMatch(/TimeoutSeconds\\":21600/);
  });

  test('runs on the 1st of every month and alarms when a drill fails', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 6 1 * ? *)',
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Drill[0-9A-F]{8}$') } })],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'failed + timedOut + aborted' })]),
      Threshold: 1,
    });
  });
});

describe('RestoreDrill options', () => {
  test('uses the given query, class, schedule and topic', () => {
    const { stack, props } = fixture();
    const topic = new sns.Topic(stack, 'Ops');
    new RestoreDrill(stack, 'Drill', {
      ...props,
      verifyQuery: 'SELECT count(*) FROM orders',
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
      schedule: events.Schedule.expression('cron(0 7 ? * MON *)'),
      alarmTopic: topic,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: Match.objectLike({ EnvironmentVariables: Match.arrayWith([{ Name: 'VERIFY_QUERY', Type: 'PLAINTEXT', Value: 'SELECT count(*) FROM orders' }]) }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ INSTANCE_CLASS: 'db.m7g.large' }) },
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 7 ? * MON *)' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.anyValue(),
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Ops') }],
    });
  });

  test('needs no key grant for snapshots under the AWS-managed key', () => {
    const { template } = drill({ databaseKey: undefined });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.not(Match.arrayWith([Match.objectLike({ Action: ['kms:CreateGrant', 'kms:DescribeKey'] })])) },
      Roles: [{ Ref: Match.stringLikeRegexp('^DrillFunctionServiceRole') }],
    });
  });
});

describe('RestoreDrill bad input', () => {
  test('fails when the schedule, query or class is invalid, listing every problem', () => {
    expect(() => {
      const { stack, props } = fixture();
      new RestoreDrill(stack, 'Drill', {
        ...props,
        schedule: events.Schedule.expression('cron(0 6 1 * MON *)'),
        verifyQuery: ' ',
        instanceType: new ec2.InstanceType('db.t4g.micro'),
      });
    }).toThrow(new RegExp([
      'Stack/Drill: 3 invalid props:',
      "  Stack/Drill: schedule \\('cron\\(0 6 1 \\* MON \\*\\)'\\) must set exactly one of day-of-month and day-of-week to '\\?'",
      "  Stack/Drill: verifyQuery \\(' '\\) must be a SQL query",
      "  Stack/Drill: instanceType \\('db.t4g.micro'\\) must not start with 'db.'",
    ].join('\n')));
  });

  test('fails when RDS does not offer the drill instance class for PostgreSQL', () => {
    const { stack, props } = fixture();
    expect(() => new RestoreDrill(stack, 'Drill', { ...props, instanceType: new ec2.InstanceType('m7g.micro') }))
      .toThrow(/Stack\/Drill: instanceType \('m7g.micro'\) is not a size of db\.m7g/);
    const other = fixture();
    expect(() => new RestoreDrill(other.stack, 'Drill', { ...other.props, instanceType: new ec2.InstanceType('c7g.large') }))
      .toThrow(/instanceType \('c7g.large'\) must be an instance class that RDS for PostgreSQL offers/);
  });

  test('fails when the database runs an engine version RDS no longer offers, or a newer major than the dump client', () => {
    const { stack, props } = fixture();
    const database = new rds.DatabaseInstance(stack, 'Real', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of('17.2', '17') }),
      vpc: props.vpc,
    });
    expect(() => new RestoreDrill(stack, 'Drill', { ...props, database })).toThrow(
      /database \('engine version 17.2'\) is no longer offered by RDS: the oldest PostgreSQL 17 minor version it creates is 17.5/);
    const newer = fixture();
    const database18 = new rds.DatabaseInstance(newer.stack, 'Real', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of('18.3', '18') }),
      vpc: newer.props.vpc,
    });
    expect(() => new RestoreDrill(newer.stack, 'Drill', { ...newer.props, database: database18 })).toThrow(
      /pgDumpBackup \('postgresMajorVersion 17'\) must be at least the database's major version \(18\)/);
  });

  test('fails when the VPC has no private subnets with egress for the function', () => {
    expect(() => {
      const { stack, props } = fixture({ natGateways: 0, subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      new RestoreDrill(stack, 'Drill', props);
    }).toThrow(/vpc \('without private subnets with egress'\) must have private subnets with egress/);
  });
});

describe('RestoreDrill with the database in another stack', () => {
  test('synthesizes without a dependency cycle, the ingress rules living in the backups stack', () => {
    // GIVEN a data stack (VPC, database, key, secret) and a backups stack that uses them
    const app = new App();
    const env = { account: '123456789012', region: 'us-east-1' };
    const data = new Stack(app, 'Data', { env });
    const vpc = testVpc(data);
    const dbSecurityGroup = new ec2.SecurityGroup(data, 'DbSg', { vpc, allowAllOutbound: false });
    const instance = new rds.DatabaseInstance(data, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      vpc,
      securityGroups: [dbSecurityGroup],
      storageEncrypted: true,
    });
    const key = new kms.Key(data, 'DbKey');
    const backups = new Stack(app, 'Backups', { env });
    const bucket = new BackupBucket(backups, 'Files').bucket;
    // WHEN
    const pgDumpBackup = new PgDumpBackup(backups, 'Dump', {
      vpc, bucket, database: instance, databaseHost: instance.dbInstanceEndpointAddress, databaseName: 'app', databaseSecret: instance.secret!,
    });
    new RestoreDrill(backups, 'Drill', { vpc, database: instance, databaseKey: key, pgDumpBackup });
    // THEN
    expect(() => app.synth()).not.toThrow();
    expect(backups.dependencies.map((s) => s.stackName)).toEqual(['Data']);
    Template.fromStack(backups).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('DbSg') },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DumpSecurityGroup'), 'GroupId'] },
    });
    Template.fromStack(data).resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });
});
