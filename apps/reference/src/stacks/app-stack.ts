import * as path from 'node:path';
import {
  BeanstalkApplication,
  BeanstalkApplicationVersion,
  DeploymentPolicy,
  Platform,
  SourceBundle,
  UpdateLevel,
} from '@ebkit/beanstalk-env';
import { BlueGreenEnvironments } from '@ebkit/blue-green-pipeline';
import { PostgresDatabase } from '@ebkit/rds-postgres';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ReferenceConfig } from '../config';

/** The sample web application that the reference app deploys. */
export const SAMPLE_APP_DIR = path.join(__dirname, '..', '..', 'sample-app');

export interface AppStackProps extends StackProps {
  readonly config: ReferenceConfig;
  readonly vpc: ec2.IVpc;
  readonly appSecurityGroup: ec2.ISecurityGroup;
  readonly database: PostgresDatabase;
  readonly certificate: acm.ICertificate;
  /** The data stack's alarm topic: told when an environment's alarm fires and when it is OK again. */
  readonly alarmTopic: sns.ITopic;
}

/**
 * The Elastic Beanstalk application and its two environments (blue and
 * green): one holds the production CNAME, the other receives the next
 * version.
 */
export class AppStack extends Stack {
  public readonly application: BeanstalkApplication;
  public readonly environments: BlueGreenEnvironments;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config, database } = props;

    this.application = new BeanstalkApplication(this, 'Application', {
      applicationName: `${config.name}-web`,
      maxVersionCount: 50,
    });
    const version = new BeanstalkApplicationVersion(this, 'SampleAppVersion', {
      application: this.application,
      // HTTP -> HTTPS at the load balancer, shipped in the bundle's .ebextensions
      sourceBundle: SourceBundle.fromAsset(SAMPLE_APP_DIR, { httpsRedirect: true }),
      description: 'ebkit sample app',
    });

    this.environments = new BlueGreenEnvironments(this, 'Environments', {
      application: this.application,
      productionCnamePrefix: config.productionCnamePrefix,
      vpc: props.vpc,
      platform: Platform.NODEJS_22,
      instanceTypes: config.instanceTypes.map((t) => new ec2.InstanceType(t)),
      minInstances: config.minInstances,
      maxInstances: config.maxInstances,
      healthCheckPath: '/health',
      securityGroup: props.appSecurityGroup,
      certificate: props.certificate,
      // a new version goes to fresh instances first; the old ones serve until the new ones are healthy
      deploymentPolicy: DeploymentPolicy.IMMUTABLE,
      managedUpdateWindow: 'Sun:03:00',
      managedUpdateLevel: UpdateLevel.MINOR,
      logRetention: logs.RetentionDays.ONE_YEAR,
      environmentVariables: database.connectionEnvironment(),
      environmentSecrets: database.secretEnvironment(),
      version,
      alarmTopic: props.alarmTopic,
    });
  }
}
