import { PostgresDatabase } from '@ebkit/rds-postgres';
import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
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
 *
 * The alarm topic lives here too: the app and backups stacks depend on this
 * one, so they can all notify it without a dependency cycle.
 */
export class DataStack extends Stack {
  public readonly database: PostgresDatabase;
  /** Where every alarm of the architecture and every failed AWS Backup job is announced. */
  public readonly alarmTopic: sns.ITopic;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;

    const alarmKey = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the alarm notifications of the reference architecture',
      enableKeyRotation: true,
    });
    // CloudWatch alarms and EventBridge rules (failed backup jobs) publish to the encrypted topic.
    alarmKey.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
    }));
    const alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `${config.name} alarms`,
      masterKey: alarmKey,
      enforceSSL: true,
    });
    for (const email of config.alarmEmails) {
      alarmTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    this.alarmTopic = alarmTopic;

    this.database = new PostgresDatabase(this, 'Database', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      instanceType: new ec2.InstanceType(config.databaseInstanceType),
      multiAz: config.multiAz,
      allocatedStorage: config.databaseStorageGiB,
      maxAllocatedStorage: config.databaseMaxStorageGiB,
      backupRetention: Duration.days(config.backupRetentionDays),
      // the defaults, written out: this is what production runs
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      rotation: true,
      rotationSchedule: Duration.days(config.databaseRotationDays),
      iamAuthentication: true,
      performanceInsights: true,
      logRetention: logs.RetentionDays.ONE_YEAR,
      alarms: true,
      alarmTopic,
    });
    this.database.allowConnectionsFrom(props.appSecurityGroup);
  }
}
