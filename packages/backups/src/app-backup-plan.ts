import { Acknowledgements, PropsErrors } from '@ebkit/core';
import { Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { cronProblem } from './private/cron';

/** The longest retention AWS Backup accepts for continuous (point-in-time) backups. */
const MAX_CONTINUOUS_DAYS = 35;

/** The states of a backup, copy or restore job that need a human. */
const FAILED_STATES = ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'];

/**
 * Properties of an `AppBackupPlan`.
 */
export interface AppBackupPlanProps {
  /**
   * The RDS instances to back up.
   *
   * @default - none
   */
  readonly databases?: rds.IDatabaseInstance[];

  /**
   * The S3 buckets to back up (they must be versioned).
   *
   * @default - none
   */
  readonly buckets?: s3.IBucket[];

  /**
   * Other resources to back up (e.g. `backup.BackupResource.fromEfsFileSystem(fs)`).
   *
   * @default - none
   */
  readonly resources?: backup.BackupResource[];

  /**
   * Back up every supported resource that carries all these tags, in addition
   * to `databases` and `buckets`.
   *
   * @default - no selection by tag
   */
  readonly selectionTags?: { [key: string]: string };

  /**
   * How long daily recovery points are kept.
   *
   * @default Duration.days(35)
   */
  readonly dailyRetention?: Duration;

  /**
   * When the daily rule runs (UTC), an AWS cron expression.
   *
   * @default events.Schedule.expression('cron(0 5 * * ? *)') (05:00 UTC)
   */
  readonly dailySchedule?: events.Schedule;

  /**
   * Whether to keep weekly recovery points.
   *
   * @default true
   */
  readonly weeklyBackups?: boolean;

  /**
   * How long weekly recovery points are kept.
   *
   * @default Duration.days(90)
   */
  readonly weeklyRetention?: Duration;

  /**
   * When the weekly rule runs (UTC).
   *
   * @default events.Schedule.expression('cron(0 5 ? * SUN *)')
   */
  readonly weeklySchedule?: events.Schedule;

  /**
   * Whether to keep monthly recovery points.
   *
   * @default true
   */
  readonly monthlyBackups?: boolean;

  /**
   * How long monthly recovery points are kept.
   *
   * @default Duration.days(365)
   */
  readonly monthlyRetention?: Duration;

  /**
   * When the monthly rule runs (UTC).
   *
   * @default events.Schedule.expression('cron(0 5 1 * ? *)')
   */
  readonly monthlySchedule?: events.Schedule;

  /**
   * When monthly recovery points move to cold storage, for the resource types
   * that support it (e.g. EFS, DynamoDB; RDS and S3 recovery points stay
   * warm). At least 90 days must remain before deletion.
   *
   * @default - no move to cold storage
   */
  readonly monthlyMoveToColdStorageAfter?: Duration;

  /**
   * Whether the daily rule also keeps continuous backups (point-in-time
   * restore) for RDS and S3, up to 35 days. AWS Backup then manages the
   * instance's automated backups.
   *
   * @default false
   */
  readonly continuousBackup?: boolean;

  /**
   * The name of the backup plan.
   *
   * @default - a name generated from the stack name and the construct path
   */
  readonly planName?: string;

  /**
   * The name of the backup vault.
   *
   * @default - a name generated from the construct path
   */
  readonly vaultName?: string;

  /**
   * The KMS key that encrypts the vault's recovery points and the notification topic.
   *
   * @default - a new key with rotation enabled, kept when the plan is removed
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * What happens to the vault (and its key) when it leaves the stack.
   * `DESTROY` also requires `allowDestroy: true` (and an empty vault).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The explicit opt-in for `removalPolicy: RemovalPolicy.DESTROY`.
   *
   * @default false
   */
  readonly allowDestroy?: boolean;

  /**
   * Turns on AWS Backup Vault Lock: no recovery point can be deleted before
   * this retention, and every rule must keep its recovery points at least this long.
   *
   * @default - no vault lock
   */
  readonly vaultLockMinRetention?: Duration;

  /**
   * The longest retention a recovery point in a locked vault may have.
   *
   * @default - no maximum
   */
  readonly vaultLockMaxRetention?: Duration;

  /**
   * The grace period (at least 3 days) after which the vault lock becomes
   * immutable (compliance mode). Without it the lock stays in governance mode
   * and can be removed by a privileged user.
   *
   * @default - governance mode
   */
  readonly vaultLockChangeableFor?: Duration;

  /**
   * A vault in another region or account to copy every recovery point to.
   * The destination vault's access policy must allow this account to copy into it.
   *
   * @default - no copy
   */
  readonly copyToVault?: backup.IBackupVault;

  /**
   * How long copies are kept in `copyToVault`.
   *
   * @default - the retention of the rule that made the recovery point
   */
  readonly copyRetention?: Duration;

  /**
   * The topic that receives backup, copy and restore job failures.
   *
   * @default - a new topic encrypted with `encryptionKey`
   */
  readonly notificationTopic?: sns.ITopic;
}

/**
 * An AWS Backup plan for an application's data: a vault encrypted with a KMS
 * key (optionally locked), daily, weekly and monthly rules with retention
 * tiers, optional continuous backup and cross-region copy, a selection of the
 * given databases, buckets and tags, and an encrypted SNS topic for failed jobs.
 *
 * @example
 * new AppBackupPlan(this, 'Backups', { databases: [db.instance], buckets: [files.bucket] });
 */
export class AppBackupPlan extends Construct {
  /** The backup plan. */
  public readonly plan: backup.BackupPlan;

  /** The backup vault. */
  public readonly vault: backup.IBackupVault;

  /** The KMS key that encrypts the vault and the topic. */
  public readonly encryptionKey: kms.IKey;

  /** The topic that receives job failures. */
  public readonly notificationTopic: sns.ITopic;

  /** The role AWS Backup uses to back up and restore the selected resources. */
  public readonly role: iam.IRole;

  public constructor(scope: Construct, id: string, props: AppBackupPlanProps = {}) {
    super(scope, id);

    const dailyRetention = props.dailyRetention ?? Duration.days(35);
    const dailySchedule = props.dailySchedule ?? events.Schedule.expression('cron(0 5 * * ? *)');
    const weeklyBackups = props.weeklyBackups ?? true;
    const weeklyRetention = props.weeklyRetention ?? Duration.days(90);
    const weeklySchedule = props.weeklySchedule ?? events.Schedule.expression('cron(0 5 ? * SUN *)');
    const monthlyBackups = props.monthlyBackups ?? true;
    const monthlyRetention = props.monthlyRetention ?? Duration.days(365);
    const monthlySchedule = props.monthlySchedule ?? events.Schedule.expression('cron(0 5 1 * ? *)');
    const continuousBackup = props.continuousBackup ?? false;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const allowDestroy = props.allowDestroy ?? false;
    const databases = props.databases ?? [];
    const buckets = props.buckets ?? [];
    const tags = props.selectionTags ?? {};
    const extraResources = props.resources ?? [];

    // ---- validation -------------------------------------------------------
    const errors = new PropsErrors(this);
    const days = (d: Duration) => d.toDays({ integral: false });
    const rules: Array<[string, Duration]> = [['dailyRetention', dailyRetention]];
    if (weeklyBackups) {
      rules.push(['weeklyRetention', weeklyRetention]);
    }
    if (monthlyBackups) {
      rules.push(['monthlyRetention', monthlyRetention]);
    }
    for (const [prop, retention] of rules) {
      errors.check(Number.isInteger(days(retention)) && days(retention) >= 1, prop, `${days(retention)} days`, 'must be a whole number of days, at least 1');
    }
    for (const [prop, schedule] of [['dailySchedule', dailySchedule], ['weeklySchedule', weeklySchedule], ['monthlySchedule', monthlySchedule]] as Array<[string, events.Schedule]>) {
      const problem = cronProblem(schedule.expressionString);
      errors.check(problem === undefined, prop, schedule.expressionString, problem ?? '');
    }
    if (continuousBackup) {
      errors.check(days(dailyRetention) <= MAX_CONTINUOUS_DAYS, 'dailyRetention', `${days(dailyRetention)} days`,
        `must be at most ${MAX_CONTINUOUS_DAYS} days with continuousBackup (the point-in-time restore limit)`);
    }
    if (props.monthlyMoveToColdStorageAfter) {
      const cold = days(props.monthlyMoveToColdStorageAfter);
      errors.check(monthlyBackups, 'monthlyMoveToColdStorageAfter', `${cold} days`, 'needs monthlyBackups');
      errors.check(days(monthlyRetention) - cold >= 90, 'monthlyMoveToColdStorageAfter', `${cold} days`,
        `must come at least 90 days before deletion (monthlyRetention is ${days(monthlyRetention)} days)`);
    }
    if (props.vaultLockMinRetention) {
      const min = days(props.vaultLockMinRetention);
      errors.check(min >= 1 && min <= 36500, 'vaultLockMinRetention', `${min} days`, 'must be between 1 and 36500 days');
      if (props.vaultLockMaxRetention) {
        const max = days(props.vaultLockMaxRetention);
        errors.check(min <= max, 'vaultLockMinRetention', `${min} days`, `must not exceed vaultLockMaxRetention (${max} days)`);
      }
      for (const [prop, retention] of rules) {
        const d = days(retention);
        errors.check(d >= min, prop, `${d} days`, `must be at least vaultLockMinRetention (${min} days), or the locked vault refuses the recovery points`);
        if (props.vaultLockMaxRetention) {
          const max = days(props.vaultLockMaxRetention);
          errors.check(d <= max, prop, `${d} days`, `must not exceed vaultLockMaxRetention (${max} days)`);
        }
      }
    } else {
      errors.check(props.vaultLockMaxRetention === undefined, 'vaultLockMaxRetention', props.vaultLockMaxRetention?.toHumanString(),
        'needs vaultLockMinRetention (which turns on the vault lock)');
      errors.check(props.vaultLockChangeableFor === undefined, 'vaultLockChangeableFor', props.vaultLockChangeableFor?.toHumanString(),
        'needs vaultLockMinRetention (which turns on the vault lock)');
    }
    if (props.vaultLockChangeableFor) {
      errors.check(days(props.vaultLockChangeableFor) >= 3, 'vaultLockChangeableFor', `${days(props.vaultLockChangeableFor)} days`,
        'must be at least 3 days');
    }
    if (props.copyRetention) {
      errors.check(props.copyToVault !== undefined, 'copyRetention', `${days(props.copyRetention)} days`, 'needs copyToVault');
    }
    if (props.copyToVault) {
      // a copy next to the original (same region and account) survives neither a regional outage nor the account's loss
      const stack = Stack.of(this);
      const target = props.copyToVault;
      const known = (v: string | undefined): v is string => v !== undefined && !Token.isUnresolved(v);
      const sameRegion = known(target.env.region) && known(stack.region) && target.env.region === stack.region;
      const sameAccount = known(target.env.account) && known(stack.account) && target.env.account === stack.account;
      const described = Token.isUnresolved(target.backupVaultArn)
        ? `vault ${target.backupVaultName} in ${target.env.region}, ${target.env.account}`
        : target.backupVaultArn;
      errors.check(!(sameRegion && sameAccount), 'copyToVault', described,
        `must be in another region or account than the stack (${stack.region}, ${stack.account}): a copy next to the original protects against nothing`);
      const targetName = target.backupVaultName;
      const isOwnVault = known(targetName) && props.vaultName !== undefined && targetName === props.vaultName
        && (sameRegion || !known(target.env.region));
      errors.check(!isOwnVault,
        'copyToVault', described, `must not be the plan's own vault ('${props.vaultName}')`);
    }
    errors.check(databases.length + buckets.length + extraResources.length + Object.keys(tags).length > 0, 'databases', databases.length,
      'or buckets, resources or selectionTags must select at least one resource to back up');
    errors.check(removalPolicy !== RemovalPolicy.DESTROY || allowDestroy, 'removalPolicy', 'destroy',
      'deletes the backup vault: set allowDestroy: true to confirm, or keep RETAIN');
    errors.check(removalPolicy !== RemovalPolicy.SNAPSHOT, 'removalPolicy', 'snapshot', 'must be RETAIN or DESTROY for a backup vault');
    if (props.vaultName !== undefined) {
      errors.checkPattern('vaultName', '^[a-zA-Z0-9\\-_]{2,50}$', 'must be 2-50 letters, digits, hyphens and underscores', props.vaultName);
    }
    errors.throwIfAny();

    // ---- resources ----------------------------------------------------------
    const keep = removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the recovery points and notifications of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: keep,
    });

    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      encryptionKey: this.encryptionKey,
      removalPolicy: keep,
      lockConfiguration: props.vaultLockMinRetention ? {
        minRetention: props.vaultLockMinRetention,
        maxRetention: props.vaultLockMaxRetention,
        changeableFor: props.vaultLockChangeableFor,
      } : undefined,
    });

    const copyActions = (retention: Duration): backup.BackupPlanCopyActionProps[] | undefined => props.copyToVault
      ? [{ destinationBackupVault: props.copyToVault, deleteAfter: props.copyRetention ?? retention }]
      : undefined;

    this.plan = new backup.BackupPlan(this, 'Resource', {
      backupPlanName: props.planName ?? Names.uniqueResourceName(this, { maxLength: 50, separator: '-' }),
      backupVault: this.vault,
    });
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: dailySchedule,
      deleteAfter: dailyRetention,
      enableContinuousBackup: continuousBackup ? true : undefined,
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(8),
      copyActions: copyActions(dailyRetention),
    }));
    if (weeklyBackups) {
      this.plan.addRule(new backup.BackupPlanRule({
        ruleName: 'Weekly',
        scheduleExpression: weeklySchedule,
        deleteAfter: weeklyRetention,
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        copyActions: copyActions(weeklyRetention),
      }));
    }
    if (monthlyBackups) {
      this.plan.addRule(new backup.BackupPlanRule({
        ruleName: 'Monthly',
        scheduleExpression: monthlySchedule,
        deleteAfter: monthlyRetention,
        moveToColdStorageAfter: props.monthlyMoveToColdStorageAfter,
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        copyActions: copyActions(monthlyRetention),
      }));
    }

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: `AWS Backup role of ${this.node.path}`,
      managedPolicies: [
        'service-role/AWSBackupServiceRolePolicyForBackup',
        'service-role/AWSBackupServiceRolePolicyForRestores',
        'AWSBackupServiceRolePolicyForS3Backup',
        'AWSBackupServiceRolePolicyForS3Restore',
      ].map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    this.role = role;
    Acknowledgements.awsManagedPolicies(role, [
      'service-role/AWSBackupServiceRolePolicyForBackup',
      'service-role/AWSBackupServiceRolePolicyForRestores',
      'AWSBackupServiceRolePolicyForS3Backup',
      'AWSBackupServiceRolePolicyForS3Restore',
    ], 'the AWS-managed policies AWS Backup documents for its service role; AWS keeps them in step with the services it backs up');

    const resources: backup.BackupResource[] = [
      ...databases.map((db) => backup.BackupResource.fromRdsDatabaseInstance(db)),
      ...buckets.map((bucket) => backup.BackupResource.fromArn(bucket.bucketArn)),
      ...extraResources,
      ...Object.entries(tags).map(([key, value]) => backup.BackupResource.fromTag(key, value)),
    ];
    this.plan.addSelection('Selection', { resources, role, allowRestores: false });

    if (props.notificationTopic) {
      this.notificationTopic = props.notificationTopic;
    } else {
      this.notificationTopic = new sns.Topic(this, 'Notifications', {
        displayName: `AWS Backup job failures of ${this.node.path}`,
        masterKey: this.encryptionKey,
        enforceSSL: true,
      });
    }
    // EventBridge (job failures) and CloudWatch alarms (e.g. of PgDumpBackup) publish to the encrypted topic.
    this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('events.amazonaws.com'), new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
    }));
    new events.Rule(this, 'FailedJobs', {
      description: 'AWS Backup backup, copy and restore jobs (this account and region) that failed',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
        detail: { state: FAILED_STATES },
      },
      targets: [new targets.SnsTopic(this.notificationTopic)],
    });
  }
}
