/**
 * Typed configuration of the reference architecture: one object per
 * deployment, written in code, no context lookups.
 *
 * Account and region come from the environment (`CDK_DEFAULT_ACCOUNT`,
 * `CDK_DEFAULT_REGION`, which `cdk deploy` sets from your credentials). With no
 * credentials, synth uses the documented placeholders below, so the whole
 * architecture synthesizes on any machine with no AWS account.
 */
export interface ReferenceConfig {
  /** A short name used in stack names and resource names. */
  readonly name: string;
  /** The AWS account to deploy to. */
  readonly account: string;
  /** The AWS region to deploy to. */
  readonly region: string;
  /** The availability zones of the VPC: explicit, so synth needs no lookup. */
  readonly availabilityZones: string[];
  /** NAT gateways of the VPC (one per AZ for production). */
  readonly natGateways: number;

  /** The apex domain the app answers on. */
  readonly domainName: string;
  /** The stable Elastic Beanstalk CNAME prefix users reach (`<prefix>.<region>.elasticbeanstalk.com`). */
  readonly productionCnamePrefix: string;

  /** EC2 instance types of the app servers. */
  readonly instanceTypes: string[];
  /** Fewest app servers in the auto scaling group. */
  readonly minInstances: number;
  /** Most app servers in the auto scaling group. */
  readonly maxInstances: number;

  /** The database instance class, without the `db.` prefix (e.g. `t4g.medium`). */
  readonly databaseInstanceType: string;
  /** Run a Multi-AZ standby of the database. */
  readonly multiAz: boolean;
  /** Initial database storage in GiB. */
  readonly databaseStorageGiB: number;
  /** Storage autoscaling ceiling in GiB. */
  readonly databaseMaxStorageGiB: number;
  /** Days of automated database backups (point-in-time restore window). */
  readonly backupRetentionDays: number;
  /** Days between rotations of the database master password. */
  readonly databaseRotationDays: number;

  /**
   * Who is told when an alarm fires (database, app servers, backup jobs, the
   * pg_dump job, the restore drill) or an AWS Backup job fails.
   */
  readonly alarmEmails: string[];

  /** Days the AWS Backup plan keeps its daily recovery points. */
  readonly backupDailyRetentionDays: number;
  /** Days the AWS Backup plan keeps its weekly recovery points. */
  readonly backupWeeklyRetentionDays: number;
  /** Days the AWS Backup plan keeps its monthly recovery points. */
  readonly backupMonthlyRetentionDays: number;
  /**
   * Vault lock (governance mode): no recovery point can be deleted sooner
   * than this many days, not even by an administrator without the bypass
   * permission.
   */
  readonly backupVaultLockMinRetentionDays: number;
  /** When the logical backup (`pg_dump` to the backup bucket) runs: an EventBridge cron expression, UTC. */
  readonly logicalDumpSchedule: string;
  /** When the restore drill (latest snapshot into a temporary instance, query, delete) runs: an EventBridge cron expression, UTC. */
  readonly restoreDrillSchedule: string;

  /** Whether a person approves each release before the CNAME swap. */
  readonly manualApproval: boolean;
  /** Who is asked to approve a release (required when `manualApproval` is on). */
  readonly approvalEmails: string[];
}

/** Placeholder account used when no credentials are configured (synth only). */
export const PLACEHOLDER_ACCOUNT = '123456789012';
/** Region used when `CDK_DEFAULT_REGION` is not set. */
export const DEFAULT_REGION = 'us-east-1';

/** The production configuration that the README's main command synthesizes. */
export function productionConfig(env: NodeJS.ProcessEnv = process.env): ReferenceConfig {
  const region = env.CDK_DEFAULT_REGION ?? DEFAULT_REGION;
  return {
    name: 'ebkit',
    account: env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ACCOUNT,
    region,
    availabilityZones: [`${region}a`, `${region}b`],
    natGateways: 2,
    domainName: env.EBKIT_DOMAIN ?? 'example.com',
    productionCnamePrefix: env.EBKIT_CNAME_PREFIX ?? 'ebkit-reference-prod',
    instanceTypes: ['t3.small'],
    minInstances: 2,
    maxInstances: 6,
    databaseInstanceType: 't4g.medium',
    multiAz: true,
    databaseStorageGiB: 50,
    databaseMaxStorageGiB: 200,
    backupRetentionDays: 14,
    databaseRotationDays: 30,
    alarmEmails: [env.EBKIT_ALARM_EMAIL ?? 'ops@example.com'],
    backupDailyRetentionDays: 35,
    backupWeeklyRetentionDays: 90,
    backupMonthlyRetentionDays: 365,
    backupVaultLockMinRetentionDays: 7,
    // 02:00 UTC: before the RDS backup window (03:00-04:00) and the AWS Backup daily rule (05:00)
    logicalDumpSchedule: 'cron(0 2 * * ? *)',
    // every Monday 06:00 UTC: a restore proven every week, after the weekend's backups
    restoreDrillSchedule: 'cron(0 6 ? * MON *)',
    manualApproval: true,
    approvalEmails: [env.EBKIT_APPROVAL_EMAIL ?? 'releases@example.com'],
  };
}
