import { AppBackupPlan, BackupBucket, PgDumpBackup, RestoreDrill } from '@ebkit/backups';
import { PostgresDatabase } from '@ebkit/rds-postgres';
import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ReferenceConfig } from '../config';

export interface BackupsStackProps extends StackProps {
  readonly config: ReferenceConfig;
  readonly vpc: ec2.IVpc;
  readonly database: PostgresDatabase;
  /** The data stack's alarm topic: failed jobs, dumps and drills are announced there. */
  readonly alarmTopic: sns.ITopic;
}

/**
 * Backups of the data: the S3 bucket that holds file backups and the logical
 * dumps, the AWS Backup plan that protects the database and that bucket, a
 * nightly `pg_dump` to the bucket, and a restore drill that proves the latest
 * snapshot restores.
 *
 * Everything here points at the data stack, never the other way round: the
 * database's ingress rule for the dump job is created in this stack.
 */
export class BackupsStack extends Stack {
  public readonly bucket: BackupBucket;
  public readonly plan: AppBackupPlan;
  public readonly pgDump: PgDumpBackup;
  public readonly restoreDrill: RestoreDrill;

  constructor(scope: Construct, id: string, props: BackupsStackProps) {
    super(scope, id, props);
    const { config, database, alarmTopic } = props;

    this.bucket = new BackupBucket(this, 'BackupBucket', {});
    this.plan = new AppBackupPlan(this, 'BackupPlan', {
      databases: [database.instance],
      buckets: [this.bucket.bucket],
      dailyRetention: Duration.days(config.backupDailyRetentionDays),
      weeklyRetention: Duration.days(config.backupWeeklyRetentionDays),
      monthlyRetention: Duration.days(config.backupMonthlyRetentionDays),
      vaultLockMinRetention: Duration.days(config.backupVaultLockMinRetentionDays),
      notificationTopic: alarmTopic,
    });

    // The database's secret and key live in the data stack: PgDumpBackup and RestoreDrill grant
    // them in their own roles' policies, so the data stack's key policy names nothing of this one.
    this.pgDump = new PgDumpBackup(this, 'PgDump', {
      vpc: props.vpc,
      databaseHost: database.endpointAddress,
      databasePort: database.port,
      databaseName: database.databaseName,
      databaseSecret: database.secret,
      database,
      bucket: this.bucket.bucket,
      schedule: events.Schedule.expression(config.logicalDumpSchedule),
      postgresMajorVersion: database.version.majorVersion,
      alarmTopic,
    });

    this.restoreDrill = new RestoreDrill(this, 'RestoreDrill', {
      vpc: props.vpc,
      database: database.instance,
      databaseKey: database.encryptionKey,
      pgDumpBackup: this.pgDump,
      schedule: events.Schedule.expression(config.restoreDrillSchedule),
      alarmTopic,
    });
  }
}
