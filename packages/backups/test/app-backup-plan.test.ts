import { formatNagFindings, nagFindings, normalizedTemplate } from '@ebkit/testing';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AppBackupPlan, AppBackupPlanProps, BackupBucket } from '../src';
import { testStack } from './fixtures';

function database(stack: Stack): rds.IDatabaseInstance {
  return rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Db', {
    instanceIdentifier: 'app-db',
    instanceEndpointAddress: 'app-db.example.us-east-1.rds.amazonaws.com',
    port: 5432,
    securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'DbSg', 'sg-12345678')],
  });
}

function plan(props: Partial<AppBackupPlanProps> = {}): { stack: Stack; construct: AppBackupPlan; template: Template } {
  const stack = testStack();
  const files = new BackupBucket(stack, 'Files');
  const construct = new AppBackupPlan(stack, 'Backup', { databases: [database(stack)], buckets: [files.bucket], ...props });
  return { stack, construct, template: Template.fromStack(stack) };
}

function build(props: Partial<AppBackupPlanProps>): () => AppBackupPlan {
  return () => {
    const stack = testStack();
    return new AppBackupPlan(stack, 'Backup', { databases: [database(stack)], ...props });
  };
}

describe('AppBackupPlan defaults', () => {
  const { stack, construct, template } = plan();

  test('matches the snapshot of its defaults', () => {
    expect(normalizedTemplate(stack)).toMatchSnapshot();
  });

  test('has no unacknowledged cdk-nag findings', () => {
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('keeps daily backups 35 days, weekly 90 days and monthly a year', () => {
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: Match.stringLikeRegexp('^Stack-Backup-'),
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'Daily', ScheduleExpression: 'cron(0 5 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } }),
          Match.objectLike({ RuleName: 'Weekly', ScheduleExpression: 'cron(0 5 ? * SUN *)', Lifecycle: { DeleteAfterDays: 90 } }),
          Match.objectLike({ RuleName: 'Monthly', ScheduleExpression: 'cron(0 5 1 * ? *)', Lifecycle: { DeleteAfterDays: 365 } }),
        ],
      },
    });
  });

  test('selects the database and the bucket', () => {
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        SelectionName: 'Selection',
        IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupRole'), 'Arn'] },
        Resources: [
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:us-east-1:123456789012:db:app-db']] },
          { 'Fn::GetAtt': [Match.stringLikeRegexp('^Files[0-9A-F]{8}$'), 'Arn'] },
        ],
      },
    });
  });

  test('gives AWS Backup a role that can back up and restore RDS and S3', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: Match.arrayWith([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup']] },
      ]),
    });
  });

  test('stores recovery points in a vault encrypted with its own key, both retained', () => {
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: { BackupVaultName: Match.anyValue(), EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupKey'), 'Arn'] } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true, Description: Match.stringLikeRegexp('Stack/Backup') }),
      DeletionPolicy: 'Retain',
    });
    expect(construct.vault.backupVaultName).toBeDefined();
  });

  test('has no vault lock, continuous backup, cold storage or copy unless asked', () => {
    template.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: Match.absent() });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: Match.arrayWith([Match.objectLike({
          EnableContinuousBackup: Match.absent(),
          CopyActions: Match.absent(),
          Lifecycle: { DeleteAfterDays: 365 },
        })]),
      },
    });
  });

  test('sends failed backup, copy and restore jobs to an encrypted topic', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.backup'],
        'detail-type': ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
        'detail': { state: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^BackupNotifications') } })],
    });
  });

  test('lets EventBridge and CloudWatch alarms use the key to publish to the encrypted topic', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        })]),
      },
    });
  });
});

describe('AppBackupPlan options', () => {
  test('locks the vault in compliance mode with minimum and maximum retention', () => {
    const { template } = plan({
      vaultLockMinRetention: Duration.days(7),
      vaultLockMaxRetention: Duration.days(3650),
      vaultLockChangeableFor: Duration.days(3),
    });
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 3650, ChangeableForDays: 3 },
    });
  });

  test('copies every recovery point to another vault', () => {
    const stack = testStack();
    const target = backup.BackupVault.fromBackupVaultArn(stack, 'Dr', 'arn:aws:backup:eu-west-1:123456789012:backup-vault:dr');
    new AppBackupPlan(stack, 'Backup', { databases: [database(stack)], copyToVault: target, copyRetention: Duration.days(60) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: Match.arrayWith([Match.objectLike({
          RuleName: 'Daily',
          CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:123456789012:backup-vault:dr', Lifecycle: { DeleteAfterDays: 60 } }],
        })]),
      },
    });
  });

  test('copies with the rule\'s retention by default', () => {
    const stack = testStack();
    const target = backup.BackupVault.fromBackupVaultArn(stack, 'Dr', 'arn:aws:backup:eu-west-1:123456789012:backup-vault:dr');
    new AppBackupPlan(stack, 'Backup', { databases: [database(stack)], copyToVault: target });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: Match.arrayWith([Match.objectLike({
          RuleName: 'Monthly',
          CopyActions: [Match.objectLike({ Lifecycle: { DeleteAfterDays: 365 } })],
        })]),
      },
    });
  });

  test('keeps continuous backups for point-in-time restore', () => {
    const { template } = plan({ continuousBackup: true });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ RuleName: 'Daily', EnableContinuousBackup: true })]) },
    });
  });

  test('moves monthly recovery points to cold storage', () => {
    const { template } = plan({ monthlyRetention: Duration.days(2555), monthlyMoveToColdStorageAfter: Duration.days(90) });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: Match.arrayWith([Match.objectLike({
          RuleName: 'Monthly',
          Lifecycle: { DeleteAfterDays: 2555, MoveToColdStorageAfterDays: 90 },
        })]),
      },
    });
  });

  test('runs only the daily rule when weekly and monthly are off, on the given schedule', () => {
    const { template } = plan({ weeklyBackups: false, monthlyBackups: false, dailySchedule: events.Schedule.expression('cron(30 2 * * ? *)') });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ RuleName: 'Daily', ScheduleExpression: 'cron(30 2 * * ? *)' })] },
    });
  });

  test('selects resources by tag', () => {
    const stack = testStack();
    new AppBackupPlan(stack, 'Backup', { selectionTags: { backup: 'daily' } });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { ListOfTags: [{ ConditionKey: 'backup', ConditionValue: 'daily', ConditionType: 'STRINGEQUALS' }] },
    });
  });

  test('selects other resources', () => {
    const stack = testStack();
    new AppBackupPlan(stack, 'Backup', { resources: [backup.BackupResource.fromArn('arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1')] });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: ['arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1'] }),
    });
  });

  test('uses the given key, topic and names', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'Ops', { masterKey: key, enforceSSL: true });
    new AppBackupPlan(stack, 'Backup', { databases: [database(stack)], encryptionKey: key, notificationTopic: topic, planName: 'app', vaultName: 'app-vault' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: 'app-vault' });
    template.hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: Match.objectLike({ BackupPlanName: 'app' }) });
    template.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Ops') } })] });
  });

  test('deletes the vault when DESTROY is explicitly allowed', () => {
    const { template } = plan({ removalPolicy: RemovalPolicy.DESTROY, allowDestroy: true });
    template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Delete' });
  });
});

describe('AppBackupPlan bad input', () => {
  test('fails when vault lock minimum retention is above the maximum', () => {
    expect(build({
      vaultLockMinRetention: Duration.days(400),
      vaultLockMaxRetention: Duration.days(365),
      monthlyBackups: false,
      weeklyBackups: false,
      dailyRetention: Duration.days(400),
    }))
      .toThrow(/vaultLockMinRetention \('400 days'\) must not exceed vaultLockMaxRetention \(365 days\)/);
  });

  test('fails when a rule keeps recovery points shorter than the vault lock minimum', () => {
    expect(build({ vaultLockMinRetention: Duration.days(60) })).toThrow(
      /dailyRetention \('35 days'\) must be at least vaultLockMinRetention \(60 days\)/);
  });

  test('fails when a rule keeps recovery points longer than the vault lock maximum', () => {
    expect(build({ vaultLockMinRetention: Duration.days(7), vaultLockMaxRetention: Duration.days(100) })).toThrow(
      /monthlyRetention \('365 days'\) must not exceed vaultLockMaxRetention \(100 days\)/);
  });

  test('fails when vault lock settings come without a minimum retention', () => {
    expect(build({ vaultLockMaxRetention: Duration.days(100) })).toThrow(/vaultLockMaxRetention \('100 days'\) needs vaultLockMinRetention/);
    expect(build({ vaultLockChangeableFor: Duration.days(3) })).toThrow(/vaultLockChangeableFor \('3 days'\) needs vaultLockMinRetention/);
  });

  test('fails when the vault lock grace period is under 3 days', () => {
    expect(build({ vaultLockMinRetention: Duration.days(1), vaultLockChangeableFor: Duration.days(1) })).toThrow(
      /vaultLockChangeableFor \('1 days'\) must be at least 3 days/);
  });

  test('fails when the move to cold storage comes less than 90 days before deletion', () => {
    expect(build({ monthlyMoveToColdStorageAfter: Duration.days(300) })).toThrow(
      /monthlyMoveToColdStorageAfter \('300 days'\) must come at least 90 days before deletion \(monthlyRetention is 365 days\)/);
  });

  test('fails when cold storage is asked without monthly backups', () => {
    expect(build({ monthlyBackups: false, monthlyMoveToColdStorageAfter: Duration.days(30) })).toThrow(
      /monthlyMoveToColdStorageAfter \('30 days'\) needs monthlyBackups/);
  });

  test('fails when a schedule is not a valid cron expression', () => {
    expect(build({ dailySchedule: events.Schedule.expression('cron(0 5 * * *)') })).toThrow(
      /dailySchedule \('cron\(0 5 \* \* \*\)'\) must have 6 fields/);
    expect(build({ weeklySchedule: events.Schedule.rate(Duration.days(7)) })).toThrow(
      /weeklySchedule \('rate\(7 days\)'\) must be a cron expression/);
  });

  test('fails when continuous backup is kept longer than 35 days', () => {
    expect(build({ continuousBackup: true, dailyRetention: Duration.days(60) })).toThrow(
      /dailyRetention \('60 days'\) must be at most 35 days with continuousBackup/);
  });

  test('fails when the copy vault is in the stack\'s own region and account, or is the plan\'s own vault', () => {
    const sameRegion = () => {
      const stack = testStack();
      const target = backup.BackupVault.fromBackupVaultArn(stack, 'Dr', 'arn:aws:backup:us-east-1:123456789012:backup-vault:dr');
      new AppBackupPlan(stack, 'Backup', { databases: [database(stack)], copyToVault: target });
    };
    expect(sameRegion).toThrow(/Stack\/Backup: copyToVault \('arn:aws:backup:us-east-1:123456789012:backup-vault:dr'\) must be in another region or account than the stack \(us-east-1, 123456789012\)/);
    const ownVault = () => {
      const stack = testStack();
      const target = backup.BackupVault.fromBackupVaultName(stack, 'Own', 'app-vault');
      new AppBackupPlan(stack, 'Backup', { databases: [database(stack)], vaultName: 'app-vault', copyToVault: target });
    };
    expect(ownVault).toThrow(/copyToVault \('.*'\) must not be the plan's own vault \('app-vault'\)/);
    // another account in the same region is a real copy
    const otherAccount = () => {
      const stack = testStack();
      const target = backup.BackupVault.fromBackupVaultArn(stack, 'Dr', 'arn:aws:backup:us-east-1:210987654321:backup-vault:dr');
      new AppBackupPlan(stack, 'Backup', { databases: [database(stack)], copyToVault: target });
    };
    expect(otherAccount).not.toThrow();
  });

  test('fails when nothing is selected', () => {
    expect(() => new AppBackupPlan(testStack(), 'Backup', {})).toThrow(
      /databases \(0\) or buckets, resources or selectionTags must select at least one resource/);
  });

  test('fails when removalPolicy is DESTROY without allowDestroy, or SNAPSHOT', () => {
    expect(build({ removalPolicy: RemovalPolicy.DESTROY })).toThrow(/removalPolicy \('destroy'\) deletes the backup vault: set allowDestroy: true/);
    expect(build({ removalPolicy: RemovalPolicy.SNAPSHOT })).toThrow(/removalPolicy \('snapshot'\) must be RETAIN or DESTROY/);
  });

  test('fails when retention is not whole days, a copy has no vault or a name is invalid', () => {
    expect(build({ dailyRetention: Duration.hours(12) })).toThrow(/dailyRetention \('0.5 days'\) must be a whole number of days, at least 1/);
    expect(build({ copyRetention: Duration.days(30) })).toThrow(/copyRetention \('30 days'\) needs copyToVault/);
    expect(build({ vaultName: 'bad name!' })).toThrow(/vaultName \('bad name!'\) must be 2-50 letters/);
    expect(build({ vaultLockMinRetention: Duration.days(40000) })).toThrow(/vaultLockMinRetention \('40000 days'\) must be between 1 and 36500 days/);
  });
});
