import * as crypto from 'crypto';
import { Acknowledgements, PropsErrors } from '@ebkit/core';
import { Duration, Lazy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticbeanstalk from 'aws-cdk-lib/aws-elasticbeanstalk';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { BeanstalkApplication } from './beanstalk-application';
import { BeanstalkApplicationVersion } from './beanstalk-application-version';
import { BatchSize, DeploymentPolicy, RollingUpdateType } from './deployment';
import { OptionCatalog } from './option-catalog';
import { Platform } from './platform';
import { RETENTION_DAYS } from './private/catalog-data';
import { describeOwner, typedPropOf } from './private/option-owners';
import { certificateArnProblem, checkOptionRules } from './private/option-rules';
import { OptionSettings } from './private/option-settings';
import { EbsEncryptionByDefault, RootVolumeEncryption } from './root-volume-encryption';
import { AvailabilityZoneCount, ScalingTrigger, ScheduledAction, SpotOptions } from './scaling';
import { ISharedLoadBalancer, SharedListenerRule, SharedLoadBalancer } from './shared-load-balancer';

/** The kind of web server environment. */
export enum EnvironmentType {
  /** An application load balancer in front of an auto scaling group. */
  LOAD_BALANCED = 'LoadBalanced',
  /** One instance with an Elastic IP address in a public subnet, no load balancer (small or dev use). */
  SINGLE_INSTANCE = 'SingleInstance',
}

/** Which managed platform updates are applied automatically. */
export enum UpdateLevel {
  /** Patch versions only (e.g. 2.0.7 to 2.0.8). */
  PATCH = 'patch',
  /** Minor and patch versions (e.g. 2.0.8 to 2.1.0). */
  MINOR = 'minor',
}

/** A raw option setting, for what the typed props do not cover. */
export interface OptionSetting {
  /** The namespace, e.g. `aws:elasticbeanstalk:environment:proxy`. */
  readonly namespace: string;
  /** The option name, e.g. `ProxyServer`. */
  readonly optionName: string;
  /** The value. */
  readonly value: string;
  /**
   * The resource the option applies to (scheduled actions).
   *
   * @default - none
   */
  readonly resourceName?: string;
}

/**
 * Everything that configures an environment except its application, name and
 * CNAME prefix: blue/green deployments build two environments from one of these.
 */
export interface BeanstalkEnvironmentOptions {
  /** The VPC: instances go in its private subnets, the load balancer in its public ones. */
  readonly vpc: ec2.IVpc;

  /** The platform (solution stack or platform ARN). */
  readonly platform: Platform;

  /**
   * Load-balanced or single instance.
   *
   * @default EnvironmentType.LOAD_BALANCED
   */
  readonly environmentType?: EnvironmentType;

  // ---- capacity ----

  /**
   * EC2 instance types, the first one preferred (`aws:ec2:instances` `InstanceTypes`).
   *
   * @default - [t3.small]
   */
  readonly instanceTypes?: ec2.InstanceType[];

  /**
   * Minimum number of instances of the auto scaling group.
   *
   * @default - 2, or 1 for a single-instance environment
   */
  readonly minInstances?: number;

  /**
   * Maximum number of instances of the auto scaling group, at most 1000.
   *
   * @default - 4, or 1 for a single-instance environment
   */
  readonly maxInstances?: number;

  /**
   * How many availability zones the instances spread over.
   *
   * @default AvailabilityZoneCount.ANY
   */
  readonly availabilityZones?: AvailabilityZoneCount;

  /**
   * When to add and remove instances.
   *
   * @default - ScalingTrigger.cpu({ upperThreshold: 70, lowerThreshold: 30 })
   */
  readonly scalingTrigger?: ScalingTrigger;

  /**
   * Scheduled capacity changes.
   *
   * @default - none
   */
  readonly scheduledActions?: ScheduledAction[];

  /**
   * Run Spot instances above an on-demand base.
   *
   * @default - on-demand instances only
   */
  readonly spot?: SpotOptions;

  /**
   * Size of the gp3 root volume, in GiB (10 to 16384).
   *
   * @default 20
   */
  readonly rootVolumeSize?: number;

  /**
   * Provisioned IOPS of the gp3 root volume, 3000 to 16000.
   *
   * @default - the gp3 baseline (3000)
   */
  readonly rootVolumeIops?: number;

  /**
   * Provisioned throughput of the gp3 root volume, in MiB/s, 125 to 1000.
   *
   * @default - the gp3 baseline (125)
   */
  readonly rootVolumeThroughput?: number;

  /**
   * How the root volumes are encrypted. Elastic Beanstalk has no option for
   * it: by default a custom resource turns on EBS encryption by default in the
   * account and region (never off) before the environment starts instances.
   *
   * @default RootVolumeEncryption.enableAccountDefault() (AWS managed key aws/ebs)
   */
  readonly rootVolumeEncryption?: RootVolumeEncryption;

  // ---- load balancer ----

  /**
   * The path the load balancer checks on each instance; must start with `/`.
   *
   * @default '/health'
   */
  readonly healthCheckPath?: string;

  /**
   * The HTTP codes of a healthy response, e.g. `200` or `200-299`.
   *
   * @default '200'
   */
  readonly healthCheckMatcher?: string;

  /**
   * Time between health checks, 5 to 300 seconds.
   *
   * @default Duration.seconds(15)
   */
  readonly healthCheckInterval?: Duration;

  /**
   * Time to wait for a health check response, 1 to 60 seconds, less than the interval.
   *
   * @default Duration.seconds(5)
   */
  readonly healthCheckTimeout?: Duration;

  /**
   * Consecutive successes before an instance is healthy, 2 to 10.
   *
   * @default 3
   */
  readonly healthyThresholdCount?: number;

  /**
   * Consecutive failures before an instance is unhealthy, 2 to 10.
   *
   * @default 5
   */
  readonly unhealthyThresholdCount?: number;

  /**
   * Time the load balancer lets in-flight requests finish on a deregistered instance, 0 to 3600 seconds.
   *
   * @default Duration.seconds(20)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * Sticky sessions with a load balancer cookie of this lifetime (1 second to 7 days).
   *
   * @default - no stickiness
   */
  readonly stickinessDuration?: Duration;

  /**
   * Idle connection timeout of the load balancer, 1 to 3600 seconds.
   *
   * @default Duration.seconds(60)
   */
  readonly idleTimeout?: Duration;

  /**
   * The port the application's proxy listens on, on the instances.
   *
   * @default 80
   */
  readonly instancePort?: number;

  /**
   * A certificate for an HTTPS listener on port 443 of the load balancer.
   *
   * @default - no HTTPS listener
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The TLS policy of the HTTPS listener.
   *
   * @default elbv2.SslPolicy.RECOMMENDED_TLS (TLS 1.2 and 1.3)
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * Whether the load balancer keeps its HTTP listener on port 80. Keep it to
   * redirect HTTP to HTTPS (see `SourceBundle.fromAsset`'s `httpsRedirect`).
   *
   * @default true
   */
  readonly httpListenerEnabled?: boolean;

  /**
   * Whether the load balancer is internal (in the private subnets, reachable
   * only from the VPC and networks connected to it).
   *
   * @default false
   */
  readonly internalLoadBalancer?: boolean;

  /**
   * A security group of yours for the load balancer, e.g. one that admits only
   * a CDN's prefix list. Elastic Beanstalk lets it reach the instances.
   *
   * @default - a security group Elastic Beanstalk manages, open on the listener ports
   */
  readonly loadBalancerSecurityGroup?: ec2.ISecurityGroup;

  /**
   * A bucket for the load balancer's access logs. The bucket must use SSE-S3
   * encryption; its policy lets Elastic Load Balancing write when the bucket is
   * defined in the same app.
   *
   * @default - no access logs
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * The key prefix of the access logs.
   *
   * @default - the environment's construct path
   */
  readonly accessLogsPrefix?: string;

  /**
   * A shared application load balancer (see `SharedLoadBalancer`) instead of
   * one of the environment's own. Its listeners, TLS policy, access logs and
   * security group are configured on it; the environment adds its
   * `sharedListenerRules` to its HTTPS listener. Elastic Beanstalk fixes this
   * choice when it creates the environment.
   *
   * @default - a load balancer of the environment's own
   */
  readonly sharedLoadBalancer?: ISharedLoadBalancer;

  /**
   * The environment's host-header rules on the shared load balancer's HTTPS
   * listener; required (at least one) with `sharedLoadBalancer`. A host name
   * belongs to one environment of a shared load balancer.
   *
   * @default - none
   */
  readonly sharedListenerRules?: SharedListenerRule[];

  // ---- deployments ----

  /**
   * How application versions are deployed.
   *
   * @default DeploymentPolicy.ROLLING_WITH_ADDITIONAL_BATCH (ALL_AT_ONCE for a single instance)
   */
  readonly deploymentPolicy?: DeploymentPolicy;

  /**
   * The batch size of rolling deployments.
   *
   * @default BatchSize.percent(50)
   */
  readonly deploymentBatchSize?: BatchSize;

  /**
   * The share of traffic sent to the new version during a traffic-splitting deployment, 1 to 100.
   *
   * @default 10
   */
  readonly trafficSplittingPercent?: number;

  /**
   * How long a traffic-splitting deployment evaluates the new version, 3 to 600 minutes.
   *
   * @default Duration.minutes(5)
   */
  readonly trafficSplittingEvaluationTime?: Duration;

  /**
   * The time a deployment may take on an instance, 1 to 3600 seconds.
   *
   * @default Duration.minutes(10)
   */
  readonly deploymentTimeout?: Duration;

  /**
   * Whether deployments ignore failed health checks. Keep this off.
   *
   * @default false
   */
  readonly ignoreHealthCheck?: boolean;

  /**
   * How configuration changes that replace instances roll out.
   *
   * @default RollingUpdateType.HEALTH
   */
  readonly rollingUpdateType?: RollingUpdateType;

  /**
   * Instances replaced at once by a configuration change.
   *
   * @default 1
   */
  readonly rollingUpdateMaxBatchSize?: number;

  // ---- health and operations ----

  /**
   * Whether Elastic Beanstalk applies platform updates in a weekly window.
   *
   * @default true
   */
  readonly managedUpdates?: boolean;

  /**
   * The weekly window of managed updates (UTC), `Day:HH:MM`.
   *
   * @default 'Sun:03:00'
   */
  readonly managedUpdateWindow?: string;

  /**
   * Which platform updates are applied.
   *
   * @default UpdateLevel.MINOR
   */
  readonly managedUpdateLevel?: UpdateLevel;

  /**
   * Whether managed updates also replace the instances weekly when there is no new platform version.
   *
   * @default false
   */
  readonly instanceRefresh?: boolean;

  /**
   * Retention of the instance and health logs streamed to CloudWatch Logs.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Whether the streamed log groups are deleted with the environment.
   *
   * @default false
   */
  readonly deleteLogsOnTerminate?: boolean;

  /**
   * Whether the instances run the AWS X-Ray daemon (and may send traces).
   *
   * @default false
   */
  readonly xRay?: boolean;

  /**
   * Whether to create the default alarms (environment health degraded, 5xx
   * responses, p99 latency). Their state is what a deployment watches.
   *
   * @default true
   */
  readonly defaultAlarms?: boolean;

  /**
   * Responses with a 5xx status per minute above which the 5xx alarm fires.
   *
   * @default 10
   */
  readonly alarm5xxThreshold?: number;

  /**
   * The p99 latency above which the latency alarm fires.
   *
   * @default Duration.seconds(3)
   */
  readonly alarmLatencyThreshold?: Duration;

  // ---- security and application ----

  /**
   * Plaintext environment variables of the application. Keys that look like
   * secrets (containing PASSWORD, SECRET, TOKEN, ...) are rejected: use
   * `environmentSecrets` for those.
   *
   * @default - none
   */
  readonly environmentVariables?: { [key: string]: string };

  /**
   * Environment variables whose values Elastic Beanstalk reads from Secrets
   * Manager at instance start (`aws:elasticbeanstalk:application:environmentsecrets`,
   * the secret's ARN in the template, never its value). The instance role may
   * read these secrets.
   *
   * @default - none
   */
  readonly environmentSecrets?: { [key: string]: secretsmanager.ISecret };

  /**
   * Environment variables whose values Elastic Beanstalk reads from SSM
   * Parameter Store at instance start (by ARN). The instance role may read them
   * (SecureString parameters encrypted with a key of yours also need
   * `key.grantDecrypt(environment.instanceRole)`).
   *
   * @default - none
   */
  readonly environmentParameters?: { [key: string]: ssm.IParameter };

  /**
   * The security group of the instances, in addition to the one Elastic
   * Beanstalk manages. This is the group a database trusts.
   *
   * @default - a new security group, with all outbound traffic allowed
   */
  readonly securityGroup?: ec2.ISecurityGroup;

  /**
   * The application version to deploy.
   *
   * @default - Elastic Beanstalk's sample application
   */
  readonly version?: BeanstalkApplicationVersion;

  /**
   * Raw option settings for what the typed props do not cover. Each must be
   * in the `OptionCatalog` and must not set an option the construct manages.
   *
   * @default - none
   */
  readonly optionSettings?: OptionSetting[];
}

/** Props of {@link BeanstalkEnvironment}. */
export interface BeanstalkEnvironmentProps extends BeanstalkEnvironmentOptions {
  /** The application the environment runs. */
  readonly application: BeanstalkApplication;

  /**
   * The environment's name: 4 to 40 letters, digits and hyphens, not starting
   * or ending with a hyphen.
   *
   * @default - a unique name generated by CloudFormation
   */
  readonly environmentName?: string;

  /**
   * The prefix of the environment's CNAME, `<prefix>.<region>.elasticbeanstalk.com`:
   * 4 to 63 letters, digits and hyphens, not starting or ending with a hyphen,
   * unique in the region.
   *
   * @default - derived from the construct path
   */
  readonly cnamePrefix?: string;
}

/** Host names claimed on each shared load balancer, by the environments of this app. */
const SHARED_HOSTS = new WeakMap<ISharedLoadBalancer, Map<string, string>>();
const RULE_NAME = '^[A-Za-z0-9]{1,64}$';
const HOST_HEADER = /^[A-Za-z0-9.*?-]{1,128}$/;
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+&*?]{0,127}$/;

const SECRET_LOOKING_KEY = /PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|CREDENTIAL/i;
const UPDATE_WINDOW = '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01][0-9]|2[0-3]):[0-5][0-9]$';
const LOG_RETENTION_DAYS = RETENTION_DAYS.map(Number);
const ISO_TIMESTAMP = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?Z$';

/**
 * An Elastic Beanstalk web server environment in a VPC: by default an
 * application load balancer in public subnets in front of an auto scaling
 * group in private subnets without public IP addresses, IMDSv2 only, gp3 root
 * volumes, enhanced health, managed platform updates, logs streamed to
 * CloudWatch and published to S3, default alarms, and an instance profile and
 * service role of its own. Every option setting it emits is checked against
 * the `OptionCatalog` at synth.
 */
export class BeanstalkEnvironment extends Construct implements ec2.IConnectable {
  /** The environment's name. */
  public readonly environmentName: string;
  /** The prefix of the environment's CNAME. */
  public readonly cnamePrefix: string;
  /**
   * The environment's CNAME, `<cnamePrefix>.<region>.elasticbeanstalk.com`:
   * the stable name to alias a domain to (it follows a CNAME swap, unlike
   * the load balancer's address).
   */
  public readonly cname: string;
  /** The connections of the instances' security group. */
  public readonly connections: ec2.Connections;
  /** The security group of ours attached to the instances. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** The role of the instances (behind the instance profile). */
  public readonly instanceRole: iam.IRole;
  /** The role Elastic Beanstalk uses to monitor and update the environment. */
  public readonly serviceRole: iam.IRole;
  /** The application the environment runs. */
  public readonly application: BeanstalkApplication;
  /** Load-balanced or single instance. */
  public readonly environmentType: EnvironmentType;
  /** The default alarms (empty when `defaultAlarms` is false). */
  public readonly alarms: cloudwatch.IAlarm[] = [];
  /** The underlying CloudFormation resource. */
  public readonly resource: elasticbeanstalk.CfnEnvironment;

  private readonly options = new OptionSettings();
  private readonly instancePolicy: iam.ManagedPolicy;

  public constructor(scope: Construct, id: string, props: BeanstalkEnvironmentProps) {
    super(scope, id);

    const environmentType = props.environmentType ?? EnvironmentType.LOAD_BALANCED;
    const loadBalanced = environmentType === EnvironmentType.LOAD_BALANCED;
    const minInstances = props.minInstances ?? (loadBalanced ? 2 : 1);
    const maxInstances = props.maxInstances ?? (loadBalanced ? 4 : 1);
    const healthCheckPath = props.healthCheckPath ?? '/health';
    const instanceTypes = props.instanceTypes ?? [ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.SMALL)];
    const environmentVariables = props.environmentVariables ?? {};
    const environmentSecrets = props.environmentSecrets ?? {};
    const environmentParameters = props.environmentParameters ?? {};
    const rootVolumeSize = props.rootVolumeSize ?? 20;
    const rootVolumeEncryption = props.rootVolumeEncryption ?? RootVolumeEncryption.enableAccountDefault();
    const shared = props.sharedLoadBalancer;
    const sharedRules = props.sharedListenerRules ?? [];
    const scalingTrigger = props.scalingTrigger ?? ScalingTrigger.cpu({ upperThreshold: 70, lowerThreshold: 30 });
    const healthCheckInterval = props.healthCheckInterval ?? Duration.seconds(15);
    const healthCheckTimeout = props.healthCheckTimeout ?? Duration.seconds(5);
    const deregistrationDelay = props.deregistrationDelay ?? Duration.seconds(20);
    const idleTimeout = props.idleTimeout ?? Duration.seconds(60);
    const instancePort = props.instancePort ?? 80;
    const deploymentPolicy = props.deploymentPolicy
      ?? (loadBalanced ? DeploymentPolicy.ROLLING_WITH_ADDITIONAL_BATCH : DeploymentPolicy.ALL_AT_ONCE);
    const batchSize = props.deploymentBatchSize ?? BatchSize.percent(50);
    const deploymentTimeout = props.deploymentTimeout ?? Duration.minutes(10);
    const managedUpdates = props.managedUpdates ?? true;
    const managedUpdateWindow = props.managedUpdateWindow ?? 'Sun:03:00';
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const trafficSplittingPercent = props.trafficSplittingPercent ?? 10;
    const trafficSplittingEvaluationTime = props.trafficSplittingEvaluationTime ?? Duration.minutes(5);
    const rawSettings = props.optionSettings ?? [];

    // ---- validation, before any child is created ----
    const errors = new PropsErrors(this);
    errors.check(!(props.platform.solutionStackName && props.platform.platformArn), 'platform',
      props.platform.solutionStackName, 'must have a solution stack name or a platform ARN, not both');
    errors.checkRange('minInstances', 1, 1000, minInstances);
    errors.checkRange('maxInstances', 1, 1000, maxInstances);
    errors.check(PropsErrors.isUnresolved(maxInstances) || minInstances <= maxInstances, 'minInstances', minInstances,
      `must not exceed maxInstances (${maxInstances})`);
    errors.check(instanceTypes.length > 0, 'instanceTypes', [], 'must name at least one instance type');
    errors.check(instanceTypes.length <= 10, 'instanceTypes', instanceTypes.map(String).join(','), 'must name at most 10 instance types');
    errors.checkPattern('environmentName', '^[a-zA-Z0-9][a-zA-Z0-9-]{2,38}[a-zA-Z0-9]$',
      'must be 4 to 40 letters, digits and hyphens, not starting or ending with a hyphen', props.environmentName);
    errors.checkPattern('cnamePrefix', '^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$',
      'must be 4 to 63 letters, digits and hyphens, not starting or ending with a hyphen', props.cnamePrefix);
    errors.checkPattern('healthCheckPath', '^/[\\x21-\\x7e]{0,1023}$', "must start with '/' (a path of up to 1024 printable characters, no spaces)",
      healthCheckPath);
    errors.check(props.healthCheckMatcher === undefined || Token.isUnresolved(props.healthCheckMatcher)
      || OptionCatalog.check('aws:elasticbeanstalk:environment:process:default', 'MatcherHTTPCode', props.healthCheckMatcher) === undefined,
    'healthCheckMatcher', props.healthCheckMatcher, "must be HTTP codes from 200 to 499 such as '200', '200,302' or '200-299'");
    errors.checkRange('healthCheckInterval', 5, 300, seconds(healthCheckInterval));
    errors.checkRange('healthCheckTimeout', 1, 60, seconds(healthCheckTimeout));
    const timeoutSeconds = seconds(healthCheckTimeout)!;
    const intervalSeconds = seconds(healthCheckInterval)!;
    errors.check(PropsErrors.isUnresolved(intervalSeconds) || timeoutSeconds < intervalSeconds, 'healthCheckTimeout',
      timeoutSeconds, `must be less than healthCheckInterval (${intervalSeconds}) in seconds`);
    errors.checkRange('healthyThresholdCount', 2, 10, props.healthyThresholdCount);
    errors.checkRange('unhealthyThresholdCount', 2, 10, props.unhealthyThresholdCount);
    errors.checkRange('deregistrationDelay', 0, 3600, seconds(deregistrationDelay));
    errors.checkRange('stickinessDuration', 1, 604800, seconds(props.stickinessDuration));
    errors.checkRange('idleTimeout', 1, 3600, seconds(idleTimeout));
    errors.checkRange('instancePort', 1, 65535, instancePort);
    errors.checkRange('rootVolumeSize', 10, 16384, rootVolumeSize);
    errors.checkRange('rootVolumeIops', 3000, 16000, props.rootVolumeIops);
    errors.checkRange('rootVolumeThroughput', 125, 1000, props.rootVolumeThroughput);
    if (batchSize.type === 'Percentage') {
      errors.checkRange('deploymentBatchSize', 1, 100, batchSize.value);
    } else {
      errors.checkRange('deploymentBatchSize', 1, 10000, batchSize.value);
    }
    errors.checkRange('trafficSplittingPercent', 1, 100, trafficSplittingPercent);
    errors.checkRange('trafficSplittingEvaluationTime', 3, 600, minutes(trafficSplittingEvaluationTime));
    errors.checkRange('deploymentTimeout', 1, 3600, seconds(deploymentTimeout));
    errors.checkRange('rollingUpdateMaxBatchSize', 1, 10000, props.rollingUpdateMaxBatchSize);
    errors.checkPattern('managedUpdateWindow', UPDATE_WINDOW, "must be 'Day:HH:MM' in UTC, e.g. 'Sun:03:00'", managedUpdateWindow);
    errors.check(LOG_RETENTION_DAYS.includes(logRetention), 'logRetention', logRetention,
      `must be one of ${LOG_RETENTION_DAYS.join(', ')} days (Elastic Beanstalk does not keep logs forever)`);
    errors.checkRange('alarm5xxThreshold', 0, 1000000, props.alarm5xxThreshold);
    if (!loadBalanced) {
      errors.check(deploymentPolicy !== DeploymentPolicy.TRAFFIC_SPLITTING, 'deploymentPolicy', deploymentPolicy,
        'needs an application load balancer: a single-instance environment has none');
      errors.check(props.certificate === undefined, 'certificate', props.certificate?.node.path,
        'needs a load balancer to terminate HTTPS: a single-instance environment has none');
      errors.check(props.accessLogsBucket === undefined, 'accessLogsBucket', props.accessLogsBucket?.node.path,
        'needs a load balancer: a single-instance environment has none');
      errors.check(maxInstances === 1, 'maxInstances', maxInstances, 'must be 1 for a single-instance environment');
    }
    errors.check(props.sslPolicy === undefined || props.certificate !== undefined, 'sslPolicy', props.sslPolicy,
      'configures HTTPS, which needs a certificate');
    if (!loadBalanced) {
      errors.check(props.loadBalancerSecurityGroup === undefined, 'loadBalancerSecurityGroup',
        props.loadBalancerSecurityGroup?.node.path, 'needs a load balancer: a single-instance environment has none');
    }
    errors.check(props.httpListenerEnabled !== false || props.certificate !== undefined || shared !== undefined, 'httpListenerEnabled', false,
      'would leave the load balancer without a listener: give a certificate for HTTPS');
    validateSharedLoadBalancer(errors, props, loadBalanced, sharedRules);
    validateScalingTrigger(errors, scalingTrigger);
    for (const action of props.scheduledActions ?? []) {
      validateScheduledAction(errors, action);
    }
    if (props.spot) {
      errors.checkRange('spot.onDemandBase', 0, 10000, props.spot.onDemandBase);
      errors.checkRange('spot.onDemandAboveBasePercentage', 0, 100, props.spot.onDemandAboveBasePercentage);
      errors.check(props.spot.maxPrice === undefined || PropsErrors.isUnresolved(props.spot.maxPrice)
        || (props.spot.maxPrice >= 0.001 && props.spot.maxPrice <= 20), 'spot.maxPrice', props.spot.maxPrice,
      'must be a price per hour between 0.001 and 20 US dollars');
    }
    for (const key of Object.keys(environmentVariables)) {
      errors.check(!SECRET_LOOKING_KEY.test(key), 'environmentVariables', key,
        'looks like a secret: pass it in environmentSecrets (Secrets Manager), never as a plaintext variable');
    }
    for (const raw of rawSettings.filter((r) => r.namespace === 'aws:elasticbeanstalk:application:environment')) {
      errors.check(!SECRET_LOOKING_KEY.test(raw.optionName), 'optionSettings', `${raw.namespace} ${raw.optionName}`,
        'looks like a secret: pass it in environmentSecrets (Secrets Manager), never as a plaintext variable');
    }
    for (const key of [...Object.keys(environmentSecrets), ...Object.keys(environmentParameters)]) {
      errors.check(key in environmentVariables === false, 'environmentSecrets', key, 'is also a plaintext environment variable');
    }
    for (const key of Object.keys(environmentParameters)) {
      errors.check(key in environmentSecrets === false, 'environmentParameters', key, 'is also in environmentSecrets');
    }
    for (const raw of rawSettings) {
      const problem = OptionCatalog.check(raw.namespace, raw.optionName, raw.value);
      errors.check(problem === undefined, 'optionSettings', `${raw.namespace} ${raw.optionName}`, `is invalid: ${problem}`);
    }
    validateInstanceArchitectures(errors, instanceTypes, props.platform);
    validatePlatform(errors, props.platform, Stack.of(this).region);
    validateSweep(errors, props, loadBalanced, managedUpdates, rootVolumeSize, environmentVariables, Stack.of(this).region);
    const region = Stack.of(this).region;
    if (props.certificate) {
      const problem = certificateArnProblem(props.certificate.certificateArn, Token.isUnresolved(region) ? undefined : region);
      errors.check(problem === undefined, 'certificate', props.certificate.certificateArn, problem ?? '');
    }
    const subnets = selectEnvironmentSubnets(errors, props.vpc, loadBalanced, shared === undefined, props.internalLoadBalancer ?? false,
      props.availabilityZones ?? AvailabilityZoneCount.ANY);
    errors.throwIfAny();

    const stack = Stack.of(this);
    this.application = props.application;
    this.environmentType = environmentType;
    this.cnamePrefix = props.cnamePrefix ?? defaultCnamePrefix(this);
    this.cname = `${this.cnamePrefix}.${stack.region}.elasticbeanstalk.com`;

    // Security group of ours: what the database trusts, attached to every instance.
    this.securityGroup = props.securityGroup ?? new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Instances of the Elastic Beanstalk environment ${this.node.path}`,
      allowAllOutbound: true,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup] });

    // Instance role: the scoped equivalent of AWSElasticBeanstalkWebTier.
    const instanceRole = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: `Instances of the Elastic Beanstalk environment ${this.node.path}`,
    });
    this.instanceRole = instanceRole;
    this.instancePolicy = new iam.ManagedPolicy(this, 'InstancePolicy', {
      roles: [instanceRole],
      description: `Least privilege of the instances of ${this.node.path}`,
    });
    for (const statement of instanceStatements(stack, props.application.applicationName, props.xRay ?? false)) {
      this.addToInstancePolicy(statement.statement, statement.reason);
    }
    const instanceProfile = new iam.CfnInstanceProfile(this, 'InstanceProfile', {
      roles: [instanceRole.roleName],
    });

    // Service role: enhanced health and managed platform updates.
    const servicePolicies = ['AWSElasticBeanstalkEnhancedHealth'];
    if (managedUpdates) {
      servicePolicies.push('AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy');
    }
    const serviceRole = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('elasticbeanstalk.amazonaws.com', {
        conditions: { StringEquals: { 'sts:ExternalId': 'elasticbeanstalk' } },
      }),
      description: `Elastic Beanstalk service role of ${this.node.path}`,
      managedPolicies: servicePolicies.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    this.serviceRole = serviceRole;
    Acknowledgements.awsManagedPolicies(serviceRole, servicePolicies,
      `${servicePolicies.join(' and ')}: the service-maintained policies Elastic Beanstalk documents for its service role (enhanced health, `
      + 'managed platform updates); they track the resources the service creates, which a hand-written policy would miss');

    // Secrets and parameters reach the instances by ARN; the instance role may read them.
    for (const secret of Object.values(environmentSecrets)) {
      this.grantSecretRead(secret);
    }
    for (const parameter of Object.values(environmentParameters)) {
      this.addToInstancePolicy(new iam.PolicyStatement({
        actions: ['ssm:GetParameter', 'ssm:GetParameters'],
        resources: [parameter.parameterArn],
      }));
    }

    if (props.accessLogsBucket) {
      allowLoadBalancerLogs(stack, props.accessLogsBucket);
    }

    this.resource = new elasticbeanstalk.CfnEnvironment(this, 'Resource', {
      applicationName: props.application.applicationName,
      environmentName: props.environmentName,
      cnamePrefix: this.cnamePrefix,
      solutionStackName: props.platform.solutionStackName,
      platformArn: props.platform.platformArn,
      tier: { name: 'WebServer', type: 'Standard' },
      versionLabel: props.version?.versionLabel,
      optionSettings: Lazy.any({ produce: () => this.options.render() }, { omitEmptyArray: true }),
    });
    this.resource.node.addDependency(this.instancePolicy);
    this.environmentName = this.resource.ref;

    // Root volumes: EBS encryption by default is on before the first instance starts.
    if (rootVolumeEncryption.managed) {
      this.resource.node.addDependency(EbsEncryptionByDefault.ofStack(this, { vpc: props.vpc, encryptionKey: rootVolumeEncryption.key }));
    }
    if (shared) {
      // The listener the rules go to must exist before Elastic Beanstalk adds them.
      this.resource.node.addDependency(shared);
      claimSharedHosts(this, shared, sharedRules);
    }

    const o = this.options;

    // Environment and VPC.
    const env = 'aws:elasticbeanstalk:environment';
    o.set(env, 'EnvironmentType', environmentType);
    o.set(env, 'ServiceRole', serviceRole.roleArn);
    const vpc = 'aws:ec2:vpc';
    o.set(vpc, 'VPCId', props.vpc.vpcId);
    if (loadBalanced) {
      o.set(env, 'LoadBalancerType', 'application');
      o.set(vpc, 'Subnets', subnets.instances?.subnetIds.join(','));
      o.set(vpc, 'AssociatePublicIpAddress', false);
      if (shared) {
        o.set(env, 'LoadBalancerIsShared', true);
      } else {
        o.set(vpc, 'ELBSubnets', subnets.loadBalancer?.subnetIds.join(','));
        o.set(vpc, 'ELBScheme', props.internalLoadBalancer ? 'internal' : 'public');
      }
    } else {
      // A single instance answers on its Elastic IP: it is in a public subnet.
      o.set(vpc, 'Subnets', subnets.instances?.subnetIds.join(','));
      o.set(vpc, 'AssociatePublicIpAddress', true);
    }

    // Capacity and scaling.
    o.set('aws:ec2:instances', 'InstanceTypes', instanceTypes.map((t) => t.toString()).join(','));
    if (props.spot) {
      o.set('aws:ec2:instances', 'EnableSpot', true);
      o.set('aws:ec2:instances', 'SpotFleetOnDemandBase', props.spot.onDemandBase ?? 0);
      o.set('aws:ec2:instances', 'SpotFleetOnDemandAboveBasePercentage', props.spot.onDemandAboveBasePercentage ?? 0);
      o.set('aws:ec2:instances', 'SpotMaxPrice', props.spot.maxPrice);
    }
    const asg = 'aws:autoscaling:asg';
    o.set(asg, 'MinSize', minInstances);
    o.set(asg, 'MaxSize', maxInstances);
    o.set(asg, 'Availability Zones', props.availabilityZones ?? AvailabilityZoneCount.ANY);
    if (loadBalanced) {
      const trigger = 'aws:autoscaling:trigger';
      const t = scalingTrigger.thresholds;
      o.set(trigger, 'MeasureName', scalingTrigger.measureName);
      o.set(trigger, 'Statistic', scalingTrigger.statistic);
      o.set(trigger, 'Unit', scalingTrigger.unit);
      o.set(trigger, 'Period', minutes(t.period ?? Duration.minutes(5)));
      o.set(trigger, 'BreachDuration', minutes(t.breachDuration ?? Duration.minutes(5)));
      o.set(trigger, 'UpperThreshold', t.upperThreshold);
      o.set(trigger, 'LowerThreshold', t.lowerThreshold);
      o.set(trigger, 'UpperBreachScaleIncrement', t.upperBreachScaleIncrement ?? 1);
      o.set(trigger, 'LowerBreachScaleIncrement', t.lowerBreachScaleIncrement ?? -1);
    }
    for (const action of props.scheduledActions ?? []) {
      const ns = 'aws:autoscaling:scheduledaction';
      o.set(ns, 'MinSize', action.minInstances, action.name);
      o.set(ns, 'MaxSize', action.maxInstances, action.name);
      o.set(ns, 'DesiredCapacity', action.desiredCapacity, action.name);
      o.set(ns, 'Recurrence', action.recurrence, action.name);
      o.set(ns, 'StartTime', action.startTime, action.name);
      o.set(ns, 'EndTime', action.endTime, action.name);
    }

    // Instances: our security group and profile, IMDSv2 only, gp3 root volume.
    const lc = 'aws:autoscaling:launchconfiguration';
    o.set(lc, 'IamInstanceProfile', instanceProfile.ref);
    o.set(lc, 'SecurityGroups', this.securityGroup.securityGroupId);
    o.set(lc, 'DisableIMDSv1', true);
    o.set(lc, 'RootVolumeType', 'gp3');
    o.set(lc, 'RootVolumeSize', rootVolumeSize);
    o.set(lc, 'RootVolumeIOPS', props.rootVolumeIops);
    o.set(lc, 'RootVolumeThroughput', props.rootVolumeThroughput);

    // Load balancer, listeners and the default process.
    if (loadBalanced) {
      const process = 'aws:elasticbeanstalk:environment:process:default';
      o.set(process, 'Port', instancePort);
      o.set(process, 'Protocol', 'HTTP');
      o.set(process, 'HealthCheckPath', healthCheckPath);
      o.set(process, 'MatcherHTTPCode', props.healthCheckMatcher ?? '200');
      o.set(process, 'HealthCheckInterval', seconds(healthCheckInterval));
      o.set(process, 'HealthCheckTimeout', seconds(healthCheckTimeout));
      o.set(process, 'HealthyThresholdCount', props.healthyThresholdCount ?? 3);
      o.set(process, 'UnhealthyThresholdCount', props.unhealthyThresholdCount ?? 5);
      o.set(process, 'DeregistrationDelay', seconds(deregistrationDelay));
      o.set(process, 'StickinessEnabled', props.stickinessDuration !== undefined);
      if (props.stickinessDuration) {
        o.set(process, 'StickinessType', 'lb_cookie');
        o.set(process, 'StickinessLBCookieDuration', seconds(props.stickinessDuration));
      }
      if (shared) {
        // Listeners, TLS, access logs and idle timeout belong to the shared load balancer: only rules here.
        o.set('aws:elbv2:loadbalancer', 'SharedLoadBalancer', shared.loadBalancerArn);
        o.set('aws:elbv2:loadbalancer', 'SecurityGroups', shared.securityGroup.securityGroupId);
        o.set(`aws:elbv2:listener:${SharedLoadBalancer.HTTPS_PORT}`, 'Rules', ['default', ...sharedRules.map((r) => r.name)].join(','));
        sharedRules.forEach((rule, i) => {
          const ns = `aws:elbv2:listenerrule:${rule.name}`;
          o.set(ns, 'HostHeaders', rule.hostHeaders.join(','));
          o.set(ns, 'PathPatterns', rule.pathPatterns?.join(','));
          o.set(ns, 'Priority', rule.priority ?? i + 1);
          o.set(ns, 'Process', 'default');
        });
      } else {
        this.setDedicatedLoadBalancerOptions(props, idleTimeout);
      }
    } else {
      o.set('aws:elasticbeanstalk:application', 'Application Healthcheck URL', healthCheckPath);
    }

    // Deployments and configuration updates.
    const command = 'aws:elasticbeanstalk:command';
    o.set(command, 'DeploymentPolicy', deploymentPolicy);
    if (deploymentPolicy === DeploymentPolicy.ROLLING || deploymentPolicy === DeploymentPolicy.ROLLING_WITH_ADDITIONAL_BATCH) {
      o.set(command, 'BatchSizeType', batchSize.type);
      o.set(command, 'BatchSize', batchSize.value);
    }
    o.set(command, 'Timeout', seconds(deploymentTimeout));
    o.set(command, 'IgnoreHealthCheck', props.ignoreHealthCheck ?? false);
    if (deploymentPolicy === DeploymentPolicy.TRAFFIC_SPLITTING) {
      o.set('aws:elasticbeanstalk:trafficsplitting', 'NewVersionPercent', trafficSplittingPercent);
      o.set('aws:elasticbeanstalk:trafficsplitting', 'EvaluationTime', minutes(trafficSplittingEvaluationTime));
    }
    if (loadBalanced) {
      const rolling = 'aws:autoscaling:updatepolicy:rollingupdate';
      o.set(rolling, 'RollingUpdateEnabled', true);
      o.set(rolling, 'RollingUpdateType', props.rollingUpdateType ?? RollingUpdateType.HEALTH);
      o.set(rolling, 'MaxBatchSize', props.rollingUpdateMaxBatchSize ?? 1);
    }

    // Health and operations.
    o.set('aws:elasticbeanstalk:healthreporting:system', 'SystemType', 'enhanced');
    o.set('aws:elasticbeanstalk:healthreporting:system', 'ConfigDocument', JSON.stringify(HEALTH_CONFIG_DOCUMENT));
    o.set('aws:elasticbeanstalk:managedactions', 'ManagedActionsEnabled', managedUpdates);
    if (managedUpdates) {
      o.set('aws:elasticbeanstalk:managedactions', 'PreferredStartTime', managedUpdateWindow);
      o.set('aws:elasticbeanstalk:managedactions:platformupdate', 'UpdateLevel', props.managedUpdateLevel ?? UpdateLevel.MINOR);
      o.set('aws:elasticbeanstalk:managedactions:platformupdate', 'InstanceRefreshEnabled', props.instanceRefresh ?? false);
    }
    o.set('aws:elasticbeanstalk:hostmanager', 'LogPublicationControl', true);
    for (const ns of ['aws:elasticbeanstalk:cloudwatch:logs', 'aws:elasticbeanstalk:cloudwatch:logs:health']) {
      o.set(ns, ns.endsWith(':health') ? 'HealthStreamingEnabled' : 'StreamLogs', true);
      o.set(ns, 'DeleteOnTerminate', props.deleteLogsOnTerminate ?? false);
      o.set(ns, 'RetentionInDays', logRetention);
    }
    o.set('aws:elasticbeanstalk:xray', 'XRayEnabled', props.xRay ?? false);

    // The application's environment.
    for (const [name, value] of Object.entries(environmentVariables)) {
      o.set('aws:elasticbeanstalk:application:environment', name, value);
    }
    for (const [name, secret] of Object.entries(environmentSecrets)) {
      o.set('aws:elasticbeanstalk:application:environmentsecrets', name, secret.secretArn);
    }
    for (const [name, parameter] of Object.entries(environmentParameters)) {
      o.set('aws:elasticbeanstalk:application:environmentsecrets', name, parameter.parameterArn);
    }

    // The escape hatch, checked here (catalog) and at synth (duplicates).
    for (const raw of rawSettings) {
      o.addRaw(raw.namespace, raw.optionName, raw.value, raw.resourceName);
    }
    this.node.addValidation({ validate: () => this.validateOptionSettings() });

    if (props.defaultAlarms ?? true) {
      this.createDefaultAlarms(props.alarm5xxThreshold ?? 10, props.alarmLatencyThreshold ?? Duration.seconds(3));
    }
  }

  /** The option settings the environment emits. */
  public get optionSettings(): OptionSetting[] {
    return this.options.all().map((s) => ({
      namespace: s.namespace, optionName: s.optionName, value: s.value, resourceName: s.resourceName,
    }));
  }

  /**
   * Adds a raw option setting. It must be in the `OptionCatalog` and must not
   * set an option the construct manages (checked at synth).
   */
  public addOptionSetting(namespace: string, optionName: string, value: string): void {
    this.options.addRaw(namespace, optionName, value);
  }

  /** Lets the instances read a secret (its value reaches them through `environmentSecrets`). */
  public grantSecretRead(secret: secretsmanager.ISecret): void {
    this.addToInstancePolicy(new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [secret.secretArn],
    }));
    if (secret.encryptionKey) {
      this.addToInstancePolicy(new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [secret.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
      }));
    }
  }

  /**
   * A metric of the environment (namespace `AWS/ElasticBeanstalk`, dimension
   * `EnvironmentName`). Enhanced health metrics other than `EnvironmentHealth`
   * are published because the construct lists them in its health configuration.
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ElasticBeanstalk',
      metricName,
      dimensionsMap: { EnvironmentName: this.environmentName },
      period: Duration.minutes(1),
      ...props,
    });
  }

  /** Environment health: 0 ok, 1 info, 5 unknown, 10 no data, 15 warning, 20 degraded, 25 severe (Maximum). */
  public metricEnvironmentHealth(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('EnvironmentHealth', { statistic: 'Maximum', ...props });
  }

  /** Requests answered with a 5xx status (Sum). */
  public metricRequests5xx(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ApplicationRequests5xx', { statistic: 'Sum', ...props });
  }

  /** Requests answered with a 4xx status (Sum). */
  public metricRequests4xx(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ApplicationRequests4xx', { statistic: 'Sum', ...props });
  }

  /** All requests (Sum). */
  public metricRequestsTotal(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ApplicationRequestsTotal', { statistic: 'Sum', ...props });
  }

  /** The 99th percentile of request latency over the last 10 seconds, in seconds (Maximum). */
  public metricLatencyP99(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ApplicationLatencyP99', { statistic: 'Maximum', ...props });
  }

  private createDefaultAlarms(threshold5xx: number, latencyThreshold: Duration): void {
    const reason = 'The default alarms carry no action of their own: deployments (the blue/green pipeline) watch '
      + 'their state, and callers add actions with alarm.addAlarmAction()';
    const alarms = [
      this.metricEnvironmentHealth().createAlarm(this, 'HealthAlarm', {
        alarmDescription: `${this.node.path}: environment health is degraded or severe`,
        threshold: 20,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      this.metricRequests5xx().createAlarm(this, 'Requests5xxAlarm', {
        alarmDescription: `${this.node.path}: more than ${threshold5xx} 5xx responses a minute`,
        threshold: threshold5xx,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      this.metricLatencyP99().createAlarm(this, 'LatencyAlarm', {
        alarmDescription: `${this.node.path}: p99 latency above ${latencyThreshold.toHumanString()}`,
        threshold: latencyThreshold.toMilliseconds() / 1000,
        evaluationPeriods: 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) {
      for (const id of ['HIPAA.Security-CloudWatchAlarmAction', 'NIST.800.53.R5-CloudWatchAlarmAction']) {
        Validations.of(alarm).acknowledge({ id, reason });
      }
      this.alarms.push(alarm);
    }
  }

  /** Listeners, TLS, access logs and security group of a load balancer of the environment's own. */
  private setDedicatedLoadBalancerOptions(props: BeanstalkEnvironmentProps, idleTimeout: Duration): void {
    const o = this.options;
    o.set('aws:elbv2:loadbalancer', 'IdleTimeout', seconds(idleTimeout));
    if (props.loadBalancerSecurityGroup) {
      o.set('aws:elbv2:loadbalancer', 'SecurityGroups', props.loadBalancerSecurityGroup.securityGroupId);
      o.set('aws:elbv2:loadbalancer', 'ManagedSecurityGroup', props.loadBalancerSecurityGroup.securityGroupId);
    }
    if (props.accessLogsBucket) {
      o.set('aws:elbv2:loadbalancer', 'AccessLogsS3Enabled', true);
      o.set('aws:elbv2:loadbalancer', 'AccessLogsS3Bucket', props.accessLogsBucket.bucketName);
      o.set('aws:elbv2:loadbalancer', 'AccessLogsS3Prefix', props.accessLogsPrefix ?? this.node.path);
    }
    o.set('aws:elbv2:listener:default', 'ListenerEnabled', props.httpListenerEnabled ?? true);
    if (props.certificate) {
      const https = 'aws:elbv2:listener:443';
      o.set(https, 'ListenerEnabled', true);
      o.set(https, 'Protocol', 'HTTPS');
      o.set(https, 'SSLCertificateArns', props.certificate.certificateArn);
      o.set(https, 'SSLPolicy', props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS);
    }
  }

  private validateOptionSettings(): string[] {
    const problems: string[] = [];
    for (const s of this.options.all()) {
      const problem = OptionCatalog.check(s.namespace, s.optionName, s.value);
      if (problem) {
        problems.push(`${this.node.path}: option setting ${s.namespace} ${s.optionName} is invalid: ${problem}`);
      }
    }
    const region = Stack.of(this).region;
    const rules = checkOptionRules(this.options.all(), { region: Token.isUnresolved(region) ? undefined : region });
    const errors = new PropsErrors(this);
    for (const p of rules.problems) {
      const s = p.setting;
      const shown = Token.isUnresolved(s.value) ? `${s.namespace} ${s.optionName}` : `${s.namespace} ${s.optionName}=${s.value}`;
      const where = s.resourceName ? ` [${s.resourceName}]` : '';
      errors.add(s.raw ? 'optionSettings' : typedPropOf(s.namespace, s.optionName) ?? 'optionSettings', `${shown}${where}`, p.expected);
    }
    problems.push(...errors.messages);
    const isShared = this.options.all().some((s) => s.namespace === 'aws:elasticbeanstalk:environment'
      && s.optionName === 'LoadBalancerIsShared' && s.value.toLowerCase() === 'true');
    if (isShared) {
      for (const s of this.options.all()) {
        const notForShared = s.namespace === 'aws:elbv2:listener:default'
          || (s.namespace.startsWith('aws:elbv2:listener:') && s.optionName !== 'Rules')
          || (s.namespace === 'aws:elbv2:loadbalancer' && !['SharedLoadBalancer', 'SecurityGroups'].includes(s.optionName))
          || (s.namespace === 'aws:ec2:vpc' && ['ELBSubnets', 'ELBScheme'].includes(s.optionName));
        if (notForShared) {
          problems.push(`${this.node.path}: option setting ${s.namespace} ${s.optionName} does not apply to a shared load balancer `
            + '(configure the SharedLoadBalancer itself; an environment sets only listener Rules, SharedLoadBalancer and SecurityGroups)');
        }
      }
    }
    for (const s of this.options.duplicateRaw) {
      const earlier = this.options.get(s.namespace, s.optionName, s.resourceName)!;
      const shownEarlier = Token.isUnresolved(earlier.value) ? 'a value known at deploy time' : `'${earlier.value}'`;
      const by = earlier.raw ? `by an earlier raw setting, to ${shownEarlier}` : `to ${shownEarlier}: ${describeOwner(s.namespace, s.optionName)}`;
      const advice = earlier.raw ? 'keep one of them'
        : typedPropOf(s.namespace, s.optionName) ? `use ${typedPropOf(s.namespace, s.optionName)} instead` : 'remove the raw setting';
      problems.push(`${this.node.path}: optionSettings (${s.namespace} ${s.optionName}='${s.value}') is already set ${by}; ${advice}`);
    }
    return problems;
  }

  /**
   * Adds a statement to the instances' managed policy; wildcards in its
   * resources are acknowledged (cdk-nag AwsSolutions-IAM5) with `reason`.
   */
  private addToInstancePolicy(statement: iam.PolicyStatement, reason?: string): void {
    this.instancePolicy.addStatements(statement);
    if (reason && [...statement.actions, ...statement.resources].some((v) => v.includes('*'))) {
      Acknowledgements.statementWildcards(this.instancePolicy, [statement], reason);
    }
  }
}

/** Enhanced health: the environment metrics the construct's metric methods and alarms read. */
const HEALTH_CONFIG_DOCUMENT = {
  Version: 1,
  CloudWatchMetrics: {
    Environment: {
      ApplicationRequests5xx: 60,
      ApplicationRequests4xx: 60,
      ApplicationRequestsTotal: 60,
      ApplicationLatencyP99: 60,
    },
    Instance: {},
  },
};

/**
 * The instances' permissions: AWSElasticBeanstalkWebTier narrowed to this
 * account, region and application (X-Ray only when enabled).
 */
function instanceStatements(stack: Stack, applicationName: string, xRay: boolean): { statement: iam.PolicyStatement; reason: string }[] {
  const storageBucket = `arn:${stack.partition}:s3:::elasticbeanstalk-${stack.region}-${stack.account}`;
  const statements = [{
    statement: new iam.PolicyStatement({
      sid: 'ElasticBeanstalkStorageBucket',
      actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:ListBucket', 's3:GetBucketLocation'],
      resources: [storageBucket, `${storageBucket}/*`],
    }),
    reason: 'Objects of the Elastic Beanstalk storage bucket of this account and region: instances publish rotated '
      + 'logs there under keys the service generates',
  }, {
    statement: new iam.PolicyStatement({
      sid: 'ElasticBeanstalkLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:DescribeLogGroups'],
      resources: [`arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:/aws/elasticbeanstalk/*`],
    }),
    reason: 'Log streams of the /aws/elasticbeanstalk/<environment>/ log groups Elastic Beanstalk creates for log '
      + 'streaming; the environment name is only known once deployed',
  }, {
    statement: new iam.PolicyStatement({
      sid: 'ElasticBeanstalkHealth',
      actions: ['elasticbeanstalk:PutInstanceStatistics'],
      resources: [
        `arn:${stack.partition}:elasticbeanstalk:${stack.region}:${stack.account}:application/${applicationName}`,
        `arn:${stack.partition}:elasticbeanstalk:${stack.region}:${stack.account}:environment/${applicationName}/*`,
      ],
    }),
    reason: 'Enhanced health statistics of the environments of this application only (referencing the '
      + 'environment itself would be circular)',
  }];
  if (xRay) {
    statements.push({
      statement: new iam.PolicyStatement({
        sid: 'XRay',
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules',
          'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'],
        resources: ['*'],
      }),
      reason: 'AWS X-Ray trace and sampling actions support no resource-level permissions',
    });
  }
  return statements;
}

/** Lets Elastic Load Balancing write access logs into a bucket defined in this app. */
function allowLoadBalancerLogs(stack: Stack, bucket: s3.IBucket): void {
  const account = Token.isUnresolved(stack.region) ? undefined : RegionInfo.get(stack.region).elbv2Account;
  const principal = account
    ? new iam.AccountPrincipal(account)
    : new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com');
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [principal],
    resources: [bucket.arnForObjects(`*AWSLogs/${stack.account}/*`)],
  }));
}

/** The props of a shared load balancer, and the ones that do not go with it. */
function validateSharedLoadBalancer(errors: PropsErrors, props: BeanstalkEnvironmentProps, loadBalanced: boolean,
  rules: SharedListenerRule[]): void {
  const shared = props.sharedLoadBalancer;
  if (!shared) {
    errors.check(rules.length === 0, 'sharedListenerRules', rules.map((r) => r.name).join(','),
      'route traffic on a shared load balancer: give sharedLoadBalancer too');
    return;
  }
  errors.check(loadBalanced, 'sharedLoadBalancer', shared.node.path,
    'needs a load-balanced environment: a single-instance environment has no load balancer');
  const onTheLoadBalancer: [string, any][] = [
    ['certificate', props.certificate?.node.path], ['sslPolicy', props.sslPolicy], ['httpListenerEnabled', props.httpListenerEnabled],
    ['internalLoadBalancer', props.internalLoadBalancer], ['loadBalancerSecurityGroup', props.loadBalancerSecurityGroup?.node.path],
    ['accessLogsBucket', props.accessLogsBucket?.node.path], ['accessLogsPrefix', props.accessLogsPrefix],
    ['idleTimeout', props.idleTimeout?.toHumanString()],
  ];
  for (const [prop, value] of onTheLoadBalancer) {
    errors.check(value === undefined, prop, value,
      'is configured on the shared load balancer (SharedLoadBalancer props), not on an environment that shares it');
  }
  const lbVpc = shared.vpc.vpcId;
  const envVpc = props.vpc.vpcId;
  errors.check(Token.isUnresolved(lbVpc) || Token.isUnresolved(envVpc) || lbVpc === envVpc, 'sharedLoadBalancer', shared.node.path,
    `must be in the environment's VPC (${envVpc}), not ${lbVpc}`);
  errors.check(rules.length > 0, 'sharedListenerRules', '[]',
    'must have at least one rule with a host header: on a shared load balancer an environment only gets the requests its rules match '
    + '(Elastic Beanstalk\'s own rule matches only its elasticbeanstalk.com CNAME)');
  const names = new Set<string>();
  const priorities = new Map<number, string>();
  rules.forEach((rule, i) => {
    const prop = `sharedListenerRules[${rule.name}]`;
    errors.checkPattern(`${prop}.name`, RULE_NAME, 'must be 1 to 64 letters and digits', rule.name);
    errors.check(rule.name.toLowerCase() !== 'default', `${prop}.name`, rule.name, 'is the name of Elastic Beanstalk\'s own rule');
    errors.check(!names.has(rule.name), `${prop}.name`, rule.name, 'is the name of another rule of this environment');
    names.add(rule.name);
    errors.check(rule.hostHeaders.length > 0, `${prop}.hostHeaders`, '[]', 'must name at least one host');
    for (const host of rule.hostHeaders) {
      errors.check(HOST_HEADER.test(host) && (host.match(/[*?]/g) ?? []).length <= 3, `${prop}.hostHeaders`, host,
        'must be a host name of up to 128 letters, digits, dots and hyphens, with at most three * or ? wildcards');
    }
    for (const path of rule.pathPatterns ?? []) {
      errors.check(PATH_PATTERN.test(path) && (path.match(/[*?]/g) ?? []).length <= 3, `${prop}.pathPatterns`, path,
        'must be a path of up to 128 characters starting with \'/\', with at most three * or ? wildcards');
    }
    const conditions = rule.hostHeaders.length + (rule.pathPatterns?.length ?? 0);
    errors.check(conditions <= 4, prop, `${conditions} host headers and path patterns`,
      'must have at most 4 (an application load balancer rule takes 5 values, and Elastic Beanstalk adds the environment\'s CNAME)');
    const priority = rule.priority ?? i + 1;
    errors.checkRange(`${prop}.priority`, 1, 1000, priority);
    const clash = priorities.get(priority);
    errors.check(clash === undefined, `${prop}.priority`, priority, `is also the priority of rule '${clash}': priorities must be unique`);
    priorities.set(priority, rule.name);
  });
}

/** Records the host names an environment routes on a shared load balancer; a host claimed twice is an error. */
function claimSharedHosts(environment: Construct, shared: ISharedLoadBalancer, rules: SharedListenerRule[]): void {
  const claims = SHARED_HOSTS.get(shared) ?? new Map<string, string>();
  SHARED_HOSTS.set(shared, claims);
  const errors = new PropsErrors(environment);
  for (const host of new Set(rules.flatMap((r) => r.hostHeaders.map((h) => h.toLowerCase())))) {
    const owner = claims.get(host);
    errors.check(owner === undefined, 'sharedListenerRules', host,
      `is already routed to ${owner} on shared load balancer ${shared.node.path}: a host belongs to one environment `
      + '(a CNAME swap does not move host-header rules between environments)');
    claims.set(host, environment.node.path);
  }
  errors.throwIfAny();
}

function validateScalingTrigger(errors: PropsErrors, trigger: ScalingTrigger): void {
  const t = trigger.thresholds;
  errors.check(PropsErrors.isUnresolved(t.upperThreshold) || t.upperThreshold >= 0, 'scalingTrigger.upperThreshold',
    t.upperThreshold, 'must not be negative');
  errors.check(PropsErrors.isUnresolved(t.lowerThreshold) || t.lowerThreshold >= 0, 'scalingTrigger.lowerThreshold',
    t.lowerThreshold, 'must not be negative');
  errors.check(PropsErrors.isUnresolved(t.upperThreshold) || t.lowerThreshold < t.upperThreshold,
    'scalingTrigger.lowerThreshold', t.lowerThreshold, `must be less than upperThreshold (${t.upperThreshold})`);
  errors.checkRange('scalingTrigger.breachDuration', 1, 600, minutes(t.breachDuration));
  errors.checkRange('scalingTrigger.period', 1, 600, minutes(t.period));
  errors.checkRange('scalingTrigger.upperBreachScaleIncrement', 1, 10000, t.upperBreachScaleIncrement);
  errors.checkRange('scalingTrigger.lowerBreachScaleIncrement', -10000, -1, t.lowerBreachScaleIncrement);
}

function validateScheduledAction(errors: PropsErrors, action: ScheduledAction): void {
  const prop = `scheduledActions[${action.name}]`;
  errors.checkPattern(`${prop}.name`, '^[A-Za-z0-9_-]{1,255}$', 'must be letters, digits, hyphens and underscores', action.name);
  errors.check(action.minInstances !== undefined || action.maxInstances !== undefined || action.desiredCapacity !== undefined,
    prop, action.name, 'must set minInstances, maxInstances or desiredCapacity');
  errors.check(action.recurrence !== undefined || action.startTime !== undefined, prop, action.name,
    'must have a recurrence or a startTime');
  errors.checkRange(`${prop}.minInstances`, 0, 10000, action.minInstances);
  errors.checkRange(`${prop}.maxInstances`, 0, 10000, action.maxInstances);
  errors.check(action.minInstances === undefined || action.maxInstances === undefined
    || action.minInstances <= action.maxInstances, `${prop}.minInstances`, action.minInstances,
  `must not exceed maxInstances (${action.maxInstances})`);
  errors.checkPattern(`${prop}.recurrence`, '^\\S+ \\S+ \\S+ \\S+ \\S+$', 'must be a cron expression of 5 fields', action.recurrence);
}

/** All instance types share one CPU architecture: Elastic Beanstalk launches one AMI for all of them. */
function validateInstanceArchitectures(errors: PropsErrors, instanceTypes: ec2.InstanceType[], platform: Platform): void {
  const byArchitecture = new Map<string, string[]>();
  for (const type of instanceTypes) {
    const name = type.toString();
    if (Token.isUnresolved(name)) {
      continue;
    }
    let architecture: string;
    try {
      architecture = type.architecture;
    } catch {
      errors.add('instanceTypes', name, 'is not an EC2 instance type: expected family.size, e.g. t3.small or m7g.large');
      continue;
    }
    byArchitecture.set(architecture, [...(byArchitecture.get(architecture) ?? []), name]);
  }
  const windows = /Windows/i.test(platform.solutionStackName ?? platform.platformArn ?? '');
  const arm = byArchitecture.get(ec2.InstanceArchitecture.ARM_64);
  if (windows && arm && !Token.isUnresolved(platform.solutionStackName ?? platform.platformArn ?? '')) {
    errors.add('instanceTypes', arm.join(','), 'are Graviton (arm64) types: Windows Server platforms run on x86_64 instance types only');
  }
  if (byArchitecture.size > 1) {
    const groups = [...byArchitecture].map(([arch, names]) => `${arch}: ${names.join(', ')}`).join('; ');
    errors.add('instanceTypes', instanceTypes.map(String).join(','), `mix CPU architectures (${groups}): the environment runs one `
      + 'platform AMI, built for one architecture, so every instance type must share it (use only Graviton or only x86 types)');
  }
}

/** A solution stack name reads `64bit <OS> v<version> running <runtime>`; a platform ARN is of the stack's region. */
function validatePlatform(errors: PropsErrors, platform: Platform, region: string): void {
  errors.checkPattern('platform', '^(32|64)bit .+ running .+$',
    "must be a solution stack name such as '64bit Amazon Linux 2023 v6.6.4 running Node.js 22' (aws elasticbeanstalk list-available-solution-stacks)",
    platform.solutionStackName);
  const arn = platform.platformArn;
  if (arn === undefined || Token.isUnresolved(arn)) {
    return;
  }
  const m = /^arn:aws[a-z-]*:elasticbeanstalk:([a-z0-9-]+):[0-9]{0,12}:platform\/.+\/[0-9.]+$/.exec(arn);
  errors.check(m !== null, 'platform', arn, 'must be an Elastic Beanstalk platform ARN (arn:aws:elasticbeanstalk:<region>::platform/<name>/<version>)');
  errors.check(m === null || Token.isUnresolved(region) || m[1] === region, 'platform', arn,
    `is a platform of ${m?.[1]}: an environment in ${region} needs a platform ARN of its own region`);
}

/**
 * What Elastic Beanstalk, EC2 and Elastic Load Balancing refuse (or silently
 * drop) for the remaining props: checked before any child is created.
 */
function validateSweep(errors: PropsErrors, props: BeanstalkEnvironmentProps, loadBalanced: boolean, managedUpdates: boolean,
  rootVolumeSize: number, environmentVariables: { [key: string]: string }, region: string): void {
  if (!loadBalanced) {
    errors.check(props.internalLoadBalancer === undefined, 'internalLoadBalancer', props.internalLoadBalancer,
      'needs a load balancer: a single-instance environment has none');
  }
  if (!managedUpdates) {
    const managed: [string, any][] = [['managedUpdateWindow', props.managedUpdateWindow], ['managedUpdateLevel', props.managedUpdateLevel],
      ['instanceRefresh', props.instanceRefresh]];
    for (const [prop, value] of managed) {
      errors.check(value === undefined, prop, value, 'configures managed updates, which managedUpdates false turns off');
    }
  }
  // gp3: at most 500 IOPS per GiB, and 0.25 MiB/s of throughput per provisioned IOPS
  const iops = props.rootVolumeIops ?? 3000;
  if (props.rootVolumeIops !== undefined && !PropsErrors.isUnresolved(rootVolumeSize)) {
    errors.check(PropsErrors.isUnresolved(iops) || iops <= 500 * rootVolumeSize, 'rootVolumeIops', iops,
      `must be at most 500 per GiB of rootVolumeSize (${rootVolumeSize} GiB: ${500 * rootVolumeSize})`);
  }
  if (props.rootVolumeThroughput !== undefined && !PropsErrors.isUnresolved(iops)) {
    errors.check(props.rootVolumeThroughput <= iops / 4, 'rootVolumeThroughput', props.rootVolumeThroughput,
      `must be at most a quarter of the IOPS in MiB/s (${iops} IOPS: ${iops / 4})`);
  }
  if (props.accessLogsPrefix !== undefined && !Token.isUnresolved(props.accessLogsPrefix)) {
    errors.check(!props.accessLogsPrefix.startsWith('/') && !props.accessLogsPrefix.endsWith('/') && !/AWSLogs/i.test(props.accessLogsPrefix),
      'accessLogsPrefix', props.accessLogsPrefix, "must not start or end with '/' nor contain AWSLogs (Elastic Load Balancing adds /AWSLogs/ itself)");
  }
  const bucketRegion = props.accessLogsBucket?.env.region;
  errors.check(bucketRegion === undefined || Token.isUnresolved(bucketRegion) || Token.isUnresolved(region) || bucketRegion === region,
    'accessLogsBucket', props.accessLogsBucket?.node.path, `is in ${bucketRegion}: the load balancer writes access logs only to a bucket of its own region (${region})`);
  let size = 0;
  let sizeKnown = true;
  for (const [key, value] of Object.entries(environmentVariables)) {
    errors.checkPattern('environmentVariables', '^[A-Za-z0-9_.:/+\\\\@-]+$', 'must be a name of letters, digits and _ . : / + \\ - @', key);
    sizeKnown = sizeKnown && !Token.isUnresolved(value);
    size += Buffer.byteLength(`${key}=${value}`);
  }
  errors.check(!sizeKnown || size <= 4096, 'environmentVariables', `${size} bytes`,
    'must total at most 4096 bytes of name=value: move large values to environmentSecrets or environmentParameters');
  const latencyMs = props.alarmLatencyThreshold?.toMilliseconds({ integral: false });
  errors.check(latencyMs === undefined || PropsErrors.isUnresolved(latencyMs) || (Number.isInteger(latencyMs) && latencyMs > 0), 'alarmLatencyThreshold',
    props.alarmLatencyThreshold?.toHumanString(), 'must be a whole number of milliseconds above 0');
  const names = new Set<string>();
  for (const action of props.scheduledActions ?? []) {
    errors.check(!names.has(action.name), `scheduledActions[${action.name}].name`, action.name, 'is the name of another scheduled action');
    names.add(action.name);
    for (const [field, value] of [['startTime', action.startTime], ['endTime', action.endTime]]) {
      errors.checkPattern(`scheduledActions[${action.name}].${field}`, ISO_TIMESTAMP, 'must be an ISO 8601 UTC timestamp such as 2026-12-24T22:00:00Z', value);
    }
    const start = action.startTime && !Token.isUnresolved(action.startTime) ? Date.parse(action.startTime) : NaN;
    const end = action.endTime && !Token.isUnresolved(action.endTime) ? Date.parse(action.endTime) : NaN;
    errors.check(isNaN(start) || isNaN(end) || end > start, `scheduledActions[${action.name}].endTime`, action.endTime,
      `must be after startTime (${action.startTime})`);
    errors.check(action.endTime === undefined || action.recurrence !== undefined, `scheduledActions[${action.name}].endTime`, action.endTime,
      'ends a recurring action: give a recurrence too');
  }
}

/** The subnets of the instances and of the load balancer, checked for what the services need. */
interface EnvironmentSubnets {
  readonly instances?: ec2.SelectedSubnets;
  readonly loadBalancer?: ec2.SelectedSubnets;
}

/**
 * Selects the instances' subnets (private with egress, or public for a single
 * instance) and the load balancer's, turning aws-cdk-lib's error for a missing
 * subnet type into one naming the prop; an application load balancer needs
 * subnets in two availability zones, `Any N` needs N zones for the instances.
 */
function selectEnvironmentSubnets(errors: PropsErrors, vpc: ec2.IVpc, loadBalanced: boolean, ownLoadBalancer: boolean,
  internal: boolean, zones: AvailabilityZoneCount): EnvironmentSubnets {
  const select = (subnetType: ec2.SubnetType, forWhat: string): ec2.SelectedSubnets | undefined => {
    try {
      return vpc.selectSubnets({ subnetType });
    } catch (e) {
      errors.add('vpc', vpc.node.path, `has no ${subnetType} subnets, which ${forWhat} need (${(e as Error).message})`);
      return undefined;
    }
  };
  const knownZones = (s?: ec2.SelectedSubnets) => s && !s.availabilityZones.some((z) => Token.isUnresolved(z))
    ? [...new Set(s.availabilityZones)] : undefined;
  const instances = loadBalanced
    ? select(ec2.SubnetType.PRIVATE_WITH_EGRESS, 'the instances of a load-balanced environment')
    : select(ec2.SubnetType.PUBLIC, 'a single-instance environment (it answers on an Elastic IP address)');
  const wanted = zones === AvailabilityZoneCount.ANY_3 ? 3 : zones === AvailabilityZoneCount.ANY_2 ? 2 : 1;
  const instanceZones = knownZones(instances);
  if (instanceZones && instanceZones.length < wanted) {
    errors.add('availabilityZones', zones, `needs instance subnets in ${wanted} availability zones; vpc ${vpc.node.path} has them in `
      + `${instanceZones.length} (${instanceZones.join(', ')})`);
  }
  let loadBalancer: ec2.SelectedSubnets | undefined;
  if (loadBalanced && ownLoadBalancer) {
    loadBalancer = internal
      ? select(ec2.SubnetType.PRIVATE_WITH_EGRESS, 'an internal load balancer')
      : select(ec2.SubnetType.PUBLIC, 'an internet-facing load balancer');
    const lbZones = knownZones(loadBalancer);
    if (lbZones && lbZones.length < 2) {
      errors.add('vpc', vpc.node.path, `has its ${internal ? 'private' : 'public'} subnets in one availability zone (${lbZones.join(', ')}): `
        + 'an application load balancer needs subnets in at least two; use a VPC with two or more zones, or a single-instance environment');
    }
  }
  return { instances, loadBalancer };
}

function seconds(d?: Duration): number | undefined {
  return d?.toSeconds({ integral: false });
}

function minutes(d?: Duration): number | undefined {
  return d?.toMinutes({ integral: false });
}

/** A stable, lowercase prefix from the construct path and account (at most 40 characters). */
function defaultCnamePrefix(scope: Construct): string {
  const path = scope.node.path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  // CNAME prefixes are unique across all accounts of a region: mix the account in when it is known.
  const account = Stack.of(scope).account;
  const seed = Token.isUnresolved(account) ? scope.node.addr : `${scope.node.addr}/${account}`;
  const hash = crypto.createHash('sha256').update(seed).digest('hex').substring(0, 8);
  return `${path.substring(0, 31).replace(/-+$/, '')}-${hash}`;
}
