import { PostgresDatabase } from '@ebkit/rds-postgres';
import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { ReferenceConfig } from '../config';

export interface DataStackProps extends StackProps {
  readonly config: ReferenceConfig;
  readonly vpc: ec2.IVpc;
  /** The app servers' security group: the only one allowed to reach the database. */
  readonly appSecurityGroup: ec2.ISecurityGroup;
}

/**
 * The database on its own stack: it outlives every app deployment and is
 * never coupled to a Beanstalk environment.
 */
export class DataStack extends Stack {
  public readonly database: PostgresDatabase;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.database = new PostgresDatabase(this, 'Database', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      instanceType: new ec2.InstanceType(config.databaseInstanceType),
      multiAz: config.multiAz,
      allocatedStorage: config.databaseStorageGiB,
      maxAllocatedStorage: config.databaseMaxStorageGiB,
      backupRetention: Duration.days(config.backupRetentionDays),
      iamAuthentication: true,
    });
    this.database.allowConnectionsFrom(props.appSecurityGroup);
  }
}
