import { AppBackupPlan, BackupBucket } from '@ebkit/backups';
import { PostgresDatabase } from '@ebkit/rds-postgres';
import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface BackupsStackProps extends StackProps {
  readonly database: PostgresDatabase;
}

/**
 * Backups of the data: the S3 bucket that holds file backups, and the AWS
 * Backup plan that protects the database and that bucket.
 */
export class BackupsStack extends Stack {
  public readonly bucket: BackupBucket;
  public readonly plan: AppBackupPlan;

  constructor(scope: Construct, id: string, props: BackupsStackProps) {
    super(scope, id, props);

    this.bucket = new BackupBucket(this, 'BackupBucket', {});
    this.plan = new AppBackupPlan(this, 'BackupPlan', {
      databases: [props.database.instance],
      buckets: [this.bucket.bucket],
    });
  }
}
