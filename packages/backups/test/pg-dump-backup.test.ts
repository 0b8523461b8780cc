import { formatNagFindings, nagFindings, normalizedTemplate } from '@ebkit/testing';
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BackupBucket, PgDumpBackup, PgDumpBackupProps } from '../src';
import { testStack, testVpc } from './fixtures';

interface Fixture {
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly props: PgDumpBackupProps;
}

function fixture(vpcProps: ec2.VpcProps = {}): Fixture {
  const stack = testStack();
  const vpc = testVpc(stack, vpcProps);
  const dbSecurityGroup = new ec2.SecurityGroup(stack, 'DbSg', { vpc, allowAllOutbound: false });
  const key = new kms.Key(stack, 'SecretKey', { enableKeyRotation: true });
  const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: key });
  const bucket = new BackupBucket(stack, 'Backups').bucket;
  return {
    stack,
    vpc,
    props: {
      vpc,
      databaseHost: 'app-db.abc.us-east-1.rds.amazonaws.com',
      databaseName: 'app',
      databaseSecret: secret,
      database: { connections: new ec2.Connections({ securityGroups: [dbSecurityGroup], defaultPort: ec2.Port.tcp(5432) }) },
      bucket,
    },
  };
}

function dump(overrides: Partial<PgDumpBackupProps> = {}): { stack: Stack; construct: PgDumpBackup; template: Template } {
  const { stack, props } = fixture();
  const construct = new PgDumpBackup(stack, 'Dump', { ...props, ...overrides });
  return { stack, construct, template: Template.fromStack(stack) };
}

function build(overrides: Partial<PgDumpBackupProps>): () => PgDumpBackup {
  return () => {
    const { stack, props } = fixture();
    return new PgDumpBackup(stack, 'Dump', { ...props, ...overrides });
  };
}

const PROJECT = Match.stringLikeRegexp('^Dump[0-9A-F]{8}$');

describe('PgDumpBackup defaults', () => {
  const { stack, construct, template } = dump();

  test('matches the snapshot of its defaults', () => {
    expect(normalizedTemplate(stack)).toMatchSnapshot();
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const findings = nagFindings(stack).filter((f) => !/^Stack\/(Vpc|Secret|DbSg)/.test(f.constructPath));
    expect(formatNagFindings(findings)).toBe('');
  });

  test('runs a CodeBuild project inside the VPC private subnets, without Docker', () => {
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: Match.objectLike({ Image: 'aws/codebuild/standard:7.0', PrivilegedMode: false, ComputeType: 'BUILD_GENERAL1_SMALL' }),
      VpcConfig: {
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^DumpSecurityGroup'), 'GroupId'] }],
        Subnets: [{ Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2') }],
        VpcId: { Ref: Match.stringLikeRegexp('^Vpc') },
      },
      TimeoutInMinutes: 120,
      ConcurrentBuildLimit: 1,
      EncryptionKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DumpKey'), 'Arn'] },
    });
  });

  test('passes the connection settings and the secret ARN, never the password', () => {
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: Match.objectLike({
        EnvironmentVariables: Match.arrayWith([
          { Name: 'MODE', Type: 'PLAINTEXT', Value: 'dump' },
          { Name: 'PG_MAJOR', Type: 'PLAINTEXT', Value: '17' },
          { Name: 'DB_HOST', Type: 'PLAINTEXT', Value: 'app-db.abc.us-east-1.rds.amazonaws.com' },
          { Name: 'DB_PORT', Type: 'PLAINTEXT', Value: '5432' },
          { Name: 'DB_NAME', Type: 'PLAINTEXT', Value: 'app' },
          { Name: 'DB_SECRET_ARN', Type: 'PLAINTEXT', Value: { Ref: Match.stringLikeRegexp('^Secret') } },
          { Name: 'BUCKET', Type: 'PLAINTEXT', Value: { Ref: Match.stringLikeRegexp('^Backups[0-9A-F]{8}$') } },
          { Name: 'PREFIX', Type: 'PLAINTEXT', Value: 'pg_dump/' },
        ]),
      }),
    });
  });

  test('streams pg_dump through gzip to a temporary S3 key in its buildspec, and may remove it', () => {
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Source: { Type: 'NO_SOURCE', BuildSpec: Match.stringLikeRegexp('\\| gzip -6 \\\\\n *\\| tee "\\$WORK/gz.fifo" \\\\\n *\\| aws s3 cp - "s3://\\$\\{BUCKET\\}/\\$\\{TMP_KEY\\}"') },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:DeleteObject*',
          Resource: { 'Fn::Join': ['', [Match.anyValue(), '/pg_dump/*']] },
        })]),
      },
    });
  });

  test('runs every day at 02:00 UTC', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [PROJECT, 'Arn'] } })],
    });
  });

  test('lets the job into the database on its port only', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbSg'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DumpSecurityGroup'), 'GroupId'] },
    });
  });

  test('may read the secret and write under the dump prefix only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: { Ref: Match.stringLikeRegexp('^Secret') },
          }),
          Match.objectLike({
            Action: Match.arrayWith(['s3:PutObject']),
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Backups[0-9A-F]{8}$'), 'Arn'] }, '/pg_dump/*']] },
          }),
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^DumpRole') }],
    });
  });

  test('skips the checkov wildcard check on aws-cdk-lib\'s VPC policy of the project, with the reason', () => {
    template.hasResource('AWS::IAM::Policy', {
      Properties: Match.objectLike({
        PolicyName: Match.stringLikeRegexp('^DumpPolicyDocument'),
        PolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Action: Match.arrayWith(['ec2:CreateNetworkInterface']), Resource: '*' })] }),
      }),
      Metadata: Match.objectLike({
        checkov: { skip: [{ id: 'CKV_AWS_111', comment: Match.stringLikeRegexp('^CodeBuild creates and deletes the network interfaces') }] },
      }),
    });
  });

  test('alarms when a dump fails and when no dump succeeded for a day', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'FailedBuilds',
      Namespace: 'AWS/CodeBuild',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SucceededBuilds',
      Period: 86400,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(construct.failureAlarm).toBeDefined();
    expect(construct.missingAlarm).toBeDefined();
  });

  test('keeps encrypted logs for a year', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DumpKey'), 'Arn'] } },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      LogsConfig: { CloudWatchLogs: { GroupName: { Ref: Match.stringLikeRegexp('^DumpLogs') }, Status: 'ENABLED' } },
    });
  });
});

describe('PgDumpBackup options', () => {
  test('applies the given schedule, version, prefix, port, timeout and size', () => {
    const { template } = dump({
      schedule: events.Schedule.expression('cron(30 1 ? * MON-FRI *)'),
      postgresMajorVersion: '16',
      prefix: 'dumps/prod/',
      databasePort: 6543,
      timeout: Duration.hours(6),
      computeType: codebuild.ComputeType.MEDIUM,
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(30 1 ? * MON-FRI *)' });
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      TimeoutInMinutes: 360,
      Environment: Match.objectLike({
        ComputeType: 'BUILD_GENERAL1_MEDIUM',
        EnvironmentVariables: Match.arrayWith([
          { Name: 'PG_MAJOR', Type: 'PLAINTEXT', Value: '16' },
          { Name: 'DB_PORT', Type: 'PLAINTEXT', Value: '6543' },
          { Name: 'PREFIX', Type: 'PLAINTEXT', Value: 'dumps/prod/' },
        ]),
      }),
    });
  });

  test('waits the given number of days before reporting a missing dump', () => {
    const { template } = dump({ schedule: events.Schedule.expression('cron(0 2 ? * SUN *)'), missingDumpAlarmAfter: Duration.days(7) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SucceededBuilds', Period: 86400, EvaluationPeriods: 7, DatapointsToAlarm: 7,
    });
  });

  test('notifies the alarm topic', () => {
    const { stack, props } = fixture();
    const topic = new sns.Topic(stack, 'Ops');
    new PgDumpBackup(stack, 'Dump', { ...props, alarmTopic: topic });
    Template.fromStack(stack).allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Ops') }],
    });
  });

  test('leaves the database security group alone when no database connections are given', () => {
    const { template } = dump({ database: undefined });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('uses the given key', () => {
    const { stack, props } = fixture();
    const key = new kms.Key(stack, 'JobKey', { enableKeyRotation: true });
    new PgDumpBackup(stack, 'Dump', { ...props, encryptionKey: key });
    Template.fromStack(stack).hasResourceProperties('AWS::CodeBuild::Project', {
      EncryptionKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobKey'), 'Arn'] },
    });
  });
});

describe('PgDumpBackup bad input', () => {
  test('fails when the schedule is not a valid cron expression', () => {
    expect(build({ schedule: events.Schedule.expression('cron(0 2 * * MON *)') })).toThrow(
      /Stack\/Dump: schedule \('cron\(0 2 \* \* MON \*\)'\) must set exactly one of day-of-month and day-of-week to '\?'/);
  });

  test('fails when the prefix, version, port, name or timeout is invalid, listing every problem', () => {
    expect(build({
      prefix: '/dumps',
      postgresMajorVersion: '9.6',
      databasePort: 22,
      databaseName: 'my-db',
      timeout: Duration.minutes(1),
    })).toThrow(new RegExp([
      'Stack/Dump: 5 invalid props:',
      '  Stack/Dump: databasePort \\(22\\) must be a whole number between 1150 and 65535',
      "  Stack/Dump: databaseName \\('my-db'\\) must be a PostgreSQL database name",
      "  Stack/Dump: prefix \\('/dumps'\\) must be empty or path segments each ending in '/'.*",
      "  Stack/Dump: postgresMajorVersion \\('9.6'\\) must be a PostgreSQL major version, 12 or later",
      "  Stack/Dump: timeout \\('1 minutes'\\) must be a whole number of minutes between 5 and 2160",
    ].join('\n')));
  });

  test('fails when the missing-dump alarm would look back more than a week', () => {
    expect(build({ missingDumpAlarmAfter: Duration.days(8) })).toThrow(
      /missingDumpAlarmAfter \('8 days'\) must be a whole number of days between 1 and 7/);
  });

  test('fails when the VPC has no route to the internet and no subnets are given', () => {
    expect(() => {
      const { stack, props } = fixture({ natGateways: 0, subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      new PgDumpBackup(stack, 'Dump', props);
    }).toThrow(/vpcSubnets \(undefined\) is required in a VPC without private subnets with egress/);
  });
});
