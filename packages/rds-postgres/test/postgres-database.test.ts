import { formatNagFindings, nagFindings, normalizedTemplate } from '@ebkit/testing';
import { App, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { PostgresDatabase, PostgresDatabaseProps, PostgresVersion } from '../src';
import { testStack, testVpc } from './fixtures';

function database(props: Partial<PostgresDatabaseProps> = {}): { stack: Stack; db: PostgresDatabase; template: Template } {
  const stack = testStack();
  const vpc = testVpc(stack);
  const db = new PostgresDatabase(stack, 'Database', { vpc, ...props });
  return { stack, db, template: Template.fromStack(stack) };
}

function build(props: Partial<PostgresDatabaseProps>): () => PostgresDatabase {
  return () => {
    const stack = testStack();
    return new PostgresDatabase(stack, 'Database', { vpc: testVpc(stack), ...props });
  };
}

describe('PostgresDatabase defaults', () => {
  const { stack, db, template } = database();

  test('matches the snapshot of its defaults', () => {
    expect(normalizedTemplate(stack)).toMatchSnapshot();
  });

  test('has no unacknowledged cdk-nag findings', () => {
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('runs PostgreSQL 17 on a Graviton db.t4g.micro', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      EngineVersion: '17.9',
      DBInstanceClass: 'db.t4g.micro',
      AutoMinorVersionUpgrade: true,
      AllowMajorVersionUpgrade: false,
    });
  });

  test('is Multi-AZ, encrypted with its own key and never publicly accessible', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      MultiAZ: true,
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseKey'), 'Arn'] },
      PubliclyAccessible: false,
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('keeps data: deletion protection, snapshot on removal and replacement', () => {
    template.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({ DeletionProtection: true, DeleteAutomatedBackups: false }),
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('keeps the key, the secret and the log groups when the database is removed', () => {
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('keeps 7 days of automated backups in a window apart from maintenance', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      BackupRetentionPeriod: 7,
      PreferredBackupWindow: '03:00-04:00',
      PreferredMaintenanceWindow: 'Sun:04:30-Sun:05:30',
      CopyTagsToSnapshot: true,
    });
  });

  test('uses gp3 storage with autoscaling from 20 to 100 GiB', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      StorageType: 'gp3',
      AllocatedStorage: '20',
      MaxAllocatedStorage: 100,
    });
  });

  test('requires TLS and logs slow statements and connections in a postgres17 parameter group', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'postgres17',
      Parameters: {
        'rds.force_ssl': '1',
        'log_min_duration_statement': '1000',
        'log_connections': '1',
        'log_disconnections': '1',
      },
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBParameterGroupName: { Ref: Match.stringLikeRegexp('^DatabaseParameters') },
    });
  });

  test('generates credentials into a secret encrypted with the key', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseKey'), 'Arn'] },
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"postgres"}', GenerateStringKey: 'password' }),
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', { MasterUsername: 'postgres', DBName: 'app' });
  });

  test('rotates the password every 30 days with a function placed in the VPC private subnets', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    template.hasMapping('*', { aws: { applicationId: Match.stringLikeRegexp('SecretsManagerRDSPostgreSQLRotationSingleUser') } });
    template.hasResourceProperties('AWS::Serverless::Application', {
      Parameters: Match.objectLike({
        vpcSubnetIds: { 'Fn::Join': ['', [{ Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1') }, ',', { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2') }]] },
      }),
    });
  });

  test('lets the rotation function, and nothing else, reach the database port', () => {
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseRotationSingleUserSecurityGroup'), 'GroupId'] },
    });
  });

  test('exports PostgreSQL and upgrade logs to encrypted log groups kept for a year', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', { EnableCloudwatchLogsExports: ['postgresql', 'upgrade'] });
    for (const logType of ['postgresql', 'upgrade']) {
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/rds/instance/stack-database-b0b7a87a/${logType}`,
        RetentionInDays: 365,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseKey'), 'Arn'] },
      });
    }
  });

  test('creates the log groups before the instance so that RDS writes into them', () => {
    template.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({ DBInstanceIdentifier: 'stack-database-b0b7a87a' }),
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^DatabasePostgresqlLogs'), Match.stringLikeRegexp('^DatabaseUpgradeLogs')]),
    });
  });

  test('lets CloudWatch Logs use the key for this instance\'s log groups only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:log-group:/aws/rds/instance/stack-database-b0b7a87a/*']],
              },
            },
          },
        })]),
      },
    });
  });

  test('turns on encrypted Performance Insights and 60-second enhanced monitoring', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      EnablePerformanceInsights: true,
      PerformanceInsightsKMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseKey'), 'Arn'] },
      PerformanceInsightsRetentionPeriod: 7,
      MonitoringInterval: 60,
      MonitoringRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseMonitoringRole'), 'Arn'] },
    });
  });

  test('creates CPU, free storage, freeable memory and connections alarms', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Threshold: 80, ComparisonOperator: 'GreaterThanThreshold' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FreeStorageSpace', Threshold: 2 * 1024 ** 3, Statistic: 'Minimum' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FreeableMemory', Threshold: 64 * 1024 * 1024 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseConnections', Threshold: 100 });
  });

  test('places the instance in the private subnets and allows no egress', () => {
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: [{ Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2') }],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^PostgreSQL Stack/Database'),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
  });

  test('exposes the connection settings without secrets', () => {
    const env = stack.resolve(db.connectionEnvironment());
    expect(env).toEqual({
      DB_HOST: { 'Fn::GetAtt': [expect.stringMatching(/^Database[0-9A-F]{8}$/), 'Endpoint.Address'] },
      DB_PORT: '5432',
      DB_NAME: 'app',
    });
    expect(db.port).toBe(5432);
    expect(db.databaseName).toBe('app');
  });

  test('exposes the secret as DB_SECRET for environment secrets', () => {
    expect(Object.keys(db.secretEnvironment())).toEqual(['DB_SECRET']);
    expect(db.secretEnvironment().DB_SECRET).toBe(db.secret);
  });
});

describe('PostgresDatabase connections', () => {
  test('allows a peer on the database port only', () => {
    // GIVEN
    const stack = testStack();
    const vpc = testVpc(stack);
    const db = new PostgresDatabase(stack, 'Database', { vpc, port: 6543 });
    const app = new ec2.SecurityGroup(stack, 'App', { vpc });
    // WHEN
    db.allowConnectionsFrom(app);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 6543,
      ToPort: 6543,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^App'), 'GroupId'] },
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseSecurityGroup'), 'GroupId'] },
    });
    expect(db.connectionEnvironment().DB_PORT).toBe('6543');
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBInstance', { Port: '6543' });
  });

  test('allows a peer whose security group lives in the network stack without a dependency cycle', () => {
    // GIVEN the shared app security group in the network stack, the database in a data stack, the app in an app stack
    const app = new App();
    const env = { account: '123456789012', region: 'us-east-1' };
    const network = new Stack(app, 'Network', { env });
    const vpc = testVpc(network);
    const appSecurityGroup = new ec2.SecurityGroup(network, 'AppSg', { vpc });
    const data = new Stack(app, 'Data', { env });
    const db = new PostgresDatabase(data, 'Database', { vpc });
    const appStack = new Stack(app, 'App', { env });
    new ssm.StringParameter(appStack, 'Host', { stringValue: db.connectionEnvironment().DB_HOST });
    // WHEN
    db.allowConnectionsFrom(appSecurityGroup);
    // THEN
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(data).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('AppSg') },
    });
  });

  test('grants rds-db:connect to a principal when IAM authentication is on', () => {
    const stack = testStack();
    const db = new PostgresDatabase(stack, 'Database', { vpc: testVpc(stack), iamAuthentication: true });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    db.grantConnect(role, 'app_user');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBInstance', { EnableIAMDatabaseAuthentication: true });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'rds-db:connect' })] },
    });
  });
});

describe('PostgresDatabase options', () => {
  test('uses the given version and derives the parameter group family', () => {
    const { template } = database({ version: PostgresVersion.VER_16 });
    template.hasResourceProperties('AWS::RDS::DBInstance', { EngineVersion: '16.13' });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres16' });
  });

  test('runs single-AZ when multiAz is false, acknowledging the finding', () => {
    const { stack, template } = database({ multiAz: false });
    template.hasResourceProperties('AWS::RDS::DBInstance', { MultiAZ: false });
    expect(nagFindings(stack).filter((f) => /MultiAZ|RDS3/.test(f.ruleName))).toEqual([]);
  });

  test('merges user parameters over the defaults', () => {
    const { template } = database({ parameters: { log_min_duration_statement: '250', work_mem: '16384' } });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: Match.objectLike({ 'rds.force_ssl': '1', 'log_min_duration_statement': '250', 'work_mem': '16384' }),
    });
  });

  test('provisions gp3 IOPS and throughput on large storage', () => {
    const { template } = database({ allocatedStorage: 400, maxAllocatedStorage: 1000, iops: 12000, storageThroughput: 500 });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      AllocatedStorage: '400', MaxAllocatedStorage: 1000, Iops: 12000, StorageThroughput: 500,
    });
  });

  test('defaults maxAllocatedStorage to twice a large allocatedStorage', () => {
    const { template } = database({ allocatedStorage: 300 });
    template.hasResourceProperties('AWS::RDS::DBInstance', { MaxAllocatedStorage: 600 });
  });

  test('applies the given backup retention, windows and instance class', () => {
    const { template } = database({
      backupRetention: Duration.days(35),
      preferredBackupWindow: '22:00-22:30',
      preferredMaintenanceWindow: 'Mon:23:00-Tue:00:30',
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      BackupRetentionPeriod: 35,
      PreferredBackupWindow: '22:00-22:30',
      PreferredMaintenanceWindow: 'Mon:23:00-Tue:00:30',
      DBInstanceClass: 'db.m7g.large',
    });
  });

  test('retains the instance when asked', () => {
    const { template } = database({ removalPolicy: RemovalPolicy.RETAIN });
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('destroys everything when DESTROY is explicitly allowed', () => {
    const { template } = database({ removalPolicy: RemovalPolicy.DESTROY, allowDestroy: true, deletionProtection: false });
    template.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({ DeletionProtection: false }),
      DeletionPolicy: 'Delete',
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
  });

  test('uses a given key and instance identifier', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    new PostgresDatabase(stack, 'Database', { vpc: testVpc(stack), encryptionKey: key, instanceIdentifier: 'orders-db' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceIdentifier: 'orders-db',
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/instance/orders-db/postgresql' });
  });

  test('lets RDS manage the master password, encrypted with the key, without a rotation function', () => {
    const { db, stack, template } = database({ manageMasterUserPassword: true });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      ManageMasterUserPassword: true,
      MasterUserSecret: { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseKey'), 'Arn'] } },
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.resourceCountIs('AWS::Serverless::Application', 0);
    expect(stack.resolve(db.secret.secretArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Database/), 'MasterUserSecret.SecretArn'] });
  });

  test('grants reading the RDS-managed secret with its key', () => {
    // GIVEN
    const stack = testStack();
    const db = new PostgresDatabase(stack, 'Database', { vpc: testVpc(stack), manageMasterUserPassword: true });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    // WHEN
    db.secret.grantRead(role);
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt',
          Principal: { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Reader'), 'Arn'] } },
        })]),
      },
    });
  });

  test('skips rotation when turned off, acknowledging the finding', () => {
    const { stack, template } = database({ rotation: false });
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
    expect(nagFindings(stack).filter((f) => /Rotation|SMG4/.test(f.ruleName))).toEqual([]);
  });

  test('rotates through a Secrets Manager endpoint in a VPC without egress', () => {
    const stack = testStack();
    const vpc = testVpc(stack, { natGateways: 0, subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const endpoint = vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER });
    new PostgresDatabase(stack, 'Database', { vpc, secretsManagerEndpoint: endpoint });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: [{ Ref: Match.stringLikeRegexp('^VpcDataSubnet1') }, { Ref: Match.stringLikeRegexp('^VpcDataSubnet2') }],
    });
    template.hasResourceProperties('AWS::Serverless::Application', {
      Parameters: Match.objectLike({ endpoint: Match.objectLike({ 'Fn::Join': Match.anyValue() }) }),
    });
  });

  test('turns off Performance Insights when asked', () => {
    const { template } = database({ performanceInsights: false });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      EnablePerformanceInsights: false,
      PerformanceInsightsKMSKeyId: Match.absent(),
    });
  });

  test('keeps logs for the given retention and monitors at the given interval', () => {
    const { template } = database({ logRetention: logs.RetentionDays.TWO_YEARS, monitoringInterval: Duration.seconds(15) });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
    template.hasResourceProperties('AWS::RDS::DBInstance', { MonitoringInterval: 15 });
  });
});

describe('PostgresDatabase alarms and metrics', () => {
  test('creates no alarms when turned off', () => {
    const { template } = database({ alarms: false });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('notifies the alarm topic on alarm and back to OK', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Topic');
    new PostgresDatabase(stack, 'Database', { vpc: testVpc(stack), alarmTopic: topic });
    Template.fromStack(stack).allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
    });
  });

  test('uses the given alarm thresholds', () => {
    const { template } = database({
      cpuAlarmThreshold: 90,
      freeStorageAlarmThreshold: Size.gibibytes(5),
      freeableMemoryAlarmThreshold: Size.mebibytes(256),
      connectionsAlarmThreshold: 400,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Threshold: 90 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FreeStorageSpace', Threshold: 5 * 1024 ** 3 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FreeableMemory', Threshold: 256 * 1024 ** 2 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseConnections', Threshold: 400 });
  });

  test('offers metrics of the instance', () => {
    const { db, stack } = database({ alarms: false });
    expect(db.metricCpuUtilization().metricName).toBe('CPUUtilization');
    expect(db.metricFreeStorageSpace().statistic).toBe('Minimum');
    expect(db.metricFreeableMemory().metricName).toBe('FreeableMemory');
    expect(db.metricDatabaseConnections().statistic).toBe('Maximum');
    expect(db.metric('ReadIOPS').namespace).toBe('AWS/RDS');
    expect(stack.resolve(db.metric('ReadIOPS').dimensions)).toEqual({ DBInstanceIdentifier: { Ref: expect.stringMatching(/^Database/) } });
  });
});

describe('PostgresDatabase read replicas', () => {
  const { stack, db, template } = database({
    readReplicas: 2,
    readReplicaInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE),
  });

  test('creates replicas of the primary with the replica class, logs and monitoring', () => {
    template.resourceCountIs('AWS::RDS::DBInstance', 3);
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      SourceDBInstanceIdentifier: Match.anyValue(),
      DBInstanceClass: 'db.r7g.large',
      PubliclyAccessible: false,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      MonitoringInterval: 60,
      EnablePerformanceInsights: true,
    });
    expect(db.readReplicas).toHaveLength(2);
  });

  test('watches each replica\'s lag', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ReplicaLag', Threshold: 60 });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 6);
  });

  test('has no unacknowledged cdk-nag findings', () => {
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });
});

describe('PostgresDatabase bad input', () => {
  test('fails when backupRetention is outside 1-35 days', () => {
    expect(build({ backupRetention: Duration.days(36) })).toThrow(
      /Stack\/Database: backupRetention \('36 days'\) must be a whole number of days between 1 and 35/);
  });

  test('fails when backupRetention is 0 on a Multi-AZ instance', () => {
    expect(build({ backupRetention: Duration.days(0) })).toThrow(
      /backupRetention \('0 days'\) must be between 1 and 35 days: 0 turns off automated backups, which a Multi-AZ instance needs/);
  });

  test('fails when maxAllocatedStorage does not exceed allocatedStorage', () => {
    expect(build({ allocatedStorage: 100, maxAllocatedStorage: 100 })).toThrow(
      /maxAllocatedStorage \(100\) must be greater than allocatedStorage \(100\)/);
  });

  test('fails when allocatedStorage is below 20 GiB', () => {
    expect(build({ allocatedStorage: 10 })).toThrow(/allocatedStorage \(10\) must be a whole number between 20 and 65536/);
  });

  test('fails when IOPS are provisioned on small gp3 storage', () => {
    expect(build({ iops: 12000 })).toThrow(/allocatedStorage \(20\) must be at least 400 \(GiB\) to provision gp3 iops/);
  });

  test('fails when the maintenance window overlaps the backup window', () => {
    expect(build({ preferredBackupWindow: '04:00-05:00', preferredMaintenanceWindow: 'Wed:04:30-Wed:05:30' })).toThrow(
      /preferredMaintenanceWindow \('Wed:04:30-Wed:05:30'\) must not overlap preferredBackupWindow \('04:00-05:00'\)/);
  });

  test('fails when a window is malformed or too short', () => {
    expect(build({ preferredBackupWindow: '3am-4am' })).toThrow(/preferredBackupWindow \('3am-4am'\) must be 'hh24:mi-hh24:mi'/);
    expect(build({ preferredMaintenanceWindow: 'Sunday:04:30' })).toThrow(/preferredMaintenanceWindow \('Sunday:04:30'\) must be 'ddd:hh24:mi-ddd:hh24:mi'/);
    expect(build({ preferredBackupWindow: '03:00-03:15' })).toThrow(/preferredBackupWindow \('03:00-03:15'\) must be at least 30 minutes long/);
    expect(build({ preferredMaintenanceWindow: 'Sun:10:00-Sun:10:10' })).toThrow(/must be at least 30 minutes long/);
  });

  test('fails when removalPolicy is DESTROY without allowDestroy', () => {
    expect(build({ removalPolicy: RemovalPolicy.DESTROY })).toThrow(
      /removalPolicy \('destroy'\) deletes the database and its data: set allowDestroy: true to confirm/);
  });

  test('fails when the instance class is not offered for PostgreSQL', () => {
    expect(build({ instanceType: ec2.InstanceType.of(ec2.InstanceClass.C5, ec2.InstanceSize.LARGE) })).toThrow(
      /instanceType \('c5.large'\) must be an instance class that RDS for PostgreSQL offers/);
  });

  test('fails when the instance class is not a size RDS offers in its family', () => {
    expect(build({ instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.MICRO) })).toThrow(
      /instanceType \('m7g.micro'\) is not a size of db\.m7g/);
  });

  test('fails when RDS no longer offers the engine version, or does not know its major version', () => {
    expect(build({ version: PostgresVersion.of('17.2', '17') })).toThrow(
      /version \('17.2'\) is no longer offered by RDS: the oldest PostgreSQL 17 minor version it creates is 17.5 \(list of \d{4}-\d{2}-\d{2}\)/);
    expect(build({ version: PostgresVersion.of('19.1', '19') })).toThrow(/version \('19.1'\) is not a PostgreSQL major version that RDS offers/);
    expect(build({ version: PostgresVersion.of('17.12', '17') })).not.toThrow();
  });

  test('fails when the instance class carries the db. prefix', () => {
    expect(build({ instanceType: new ec2.InstanceType('db.t4g.micro') })).toThrow(
      /instanceType \('db.t4g.micro'\) must not start with 'db.'/);
  });

  test('fails when the replica class is not offered for PostgreSQL', () => {
    expect(build({ readReplicas: 1, readReplicaInstanceType: new ec2.InstanceType('c6g.large') })).toThrow(
      /readReplicaInstanceType \('c6g.large'\) must be an instance class that RDS for PostgreSQL offers/);
  });

  test('fails when public subnets are selected', () => {
    expect(build({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } })).toThrow(
      /vpcSubnets \('Public'\) must not select public subnets/);
  });

  test('fails when rotation cannot reach Secrets Manager', () => {
    expect(() => {
      const stack = testStack();
      const vpc = testVpc(stack, { natGateways: 0, subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      new PostgresDatabase(stack, 'Database', { vpc });
    }).toThrow(/secretsManagerEndpoint \(undefined\) is required for rotation in a VPC without private subnets with egress/);
  });

  test('fails when rds.force_ssl is turned off or a parameter name is invalid', () => {
    expect(build({ parameters: { 'rds.force_ssl': '0' } })).toThrow(/parameters\['rds.force_ssl'\] \('0'\) must stay '1'/);
    expect(build({ parameters: { 'Bad Name': '1' } })).toThrow(/parameters\['Bad Name'\] \('Bad Name'\) must be a PostgreSQL parameter name/);
    expect(build({ parameters: { work_mem: '' } })).toThrow(/parameters\['work_mem'\] \(''\) must be a non-empty string/);
  });

  test('fails when names, port, counts and intervals are out of range, listing every problem', () => {
    expect(build({
      databaseName: '1app',
      masterUsername: 'rdsadmin',
      instanceIdentifier: 'bad--id',
      port: 80,
      readReplicas: 6,
      monitoringInterval: Duration.seconds(20),
      rotationSchedule: Duration.days(400),
      cpuAlarmThreshold: 120,
      connectionsAlarmThreshold: 0,
    })).toThrow(new RegExp([
      'Stack/Database: 9 invalid props:',
      "  Stack/Database: databaseName \\('1app'\\) must start with a letter",
    ].join('\\n')));
    const message = (() => {
      try {
        build({
          masterUsername: 'rdsadmin',
          instanceIdentifier: 'bad--id',
          port: 80,
          readReplicas: 6,
          monitoringInterval: Duration.seconds(20),
          rotationSchedule: Duration.days(400),
          cpuAlarmThreshold: 120,
          connectionsAlarmThreshold: 0,
        })();
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toMatch(/masterUsername \('rdsadmin'\) must not be a name reserved by RDS/);
    expect(message).toMatch(/instanceIdentifier \('bad--id'\) must start with a letter/);
    expect(message).toMatch(/port \(80\) must be a whole number between 1150 and 65535/);
    expect(message).toMatch(/readReplicas \(6\) must be a whole number between 0 and 5/);
    expect(message).toMatch(/monitoringInterval \('20 seconds'\) must be one of 1, 5, 10, 15, 30, 60 seconds/);
    expect(message).toMatch(/rotationSchedule \('400 days'\) must be a whole number of days between 1 and 365/);
    expect(message).toMatch(/cpuAlarmThreshold \(120\) must be a whole number between 1 and 100/);
    expect(message).toMatch(/connectionsAlarmThreshold \(0\) must be greater than 0/);
  });
});
