import { AppBackupPlan, BackupBucket, PgDumpBackup, RestoreDrill } from '@ebkit/backups';
import { PostgresDatabase } from '@ebkit/rds-postgres';
import { CfnResource, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
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

    // The secret by ARN, without its key: granting the key through the secret would write the dump
    // job's role into the database key's policy, and the data stack would depend on this one (a cycle).
    // The job's own policy gets the decrypt permission below instead.
    const databaseSecret = secretsmanager.Secret.fromSecretCompleteArn(this, 'DatabaseSecret', database.secret.secretArn);
    this.pgDump = new PgDumpBackup(this, 'PgDump', {
      vpc: props.vpc,
      databaseHost: database.endpointAddress,
      databasePort: database.port,
      databaseName: database.databaseName,
      databaseSecret,
      database,
      bucket: this.bucket.bucket,
      schedule: events.Schedule.expression(config.logicalDumpSchedule),
      postgresMajorVersion: database.version.majorVersion,
      alarmTopic,
    });
    this.pgDump.project.addToRolePolicy(new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [database.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${this.region}.amazonaws.com` } },
    }));

    // aws-cdk-lib's policy for a CodeBuild project in a VPC: checkov cannot see why it needs `*`.
    const vpcPolicy = this.pgDump.project.node.findChild('PolicyDocument').node.defaultChild as CfnResource;
    vpcPolicy.addMetadata('checkov', {
      skip: [{
        id: 'CKV_AWS_111',
        comment: 'CodeBuild creates and deletes the network interfaces of a build in the VPC before their ids exist, so AWS documents '
          + 'these EC2 actions on *; attaching them is limited to the job\'s subnets (ec2:CreateNetworkInterfacePermission with conditions)',
      }],
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
