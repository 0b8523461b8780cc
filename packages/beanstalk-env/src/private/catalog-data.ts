/**
 * The Elastic Beanstalk option catalog: the namespaces and option names that
 * this package emits and that users commonly add, with allowed values or
 * ranges where the documentation gives them.
 *
 * Source: AWS Elastic Beanstalk Developer Guide, "General options for all
 * environments" (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html)
 * and "Platform specific options" (command-options-specific.html).
 * Checked on 2026-11-25, option by option, against the guide's source
 * (github.com/awsdocs/aws-elastic-beanstalk-developer-guide,
 * doc_source/command-options-general.md at commit 218757e6) and the
 * "Configuring a shared Application Load Balancer" page. Options the guide
 * added after that snapshot (gp3/io2 root volumes and RootVolumeThroughput,
 * EnableCapacityRebalancing, DisableDefaultEC2SecurityGroup,
 * LaunchTemplateTagPropagationEnabled, SupportedArchitectures, the
 * environmentsecrets namespace) follow the current online page.
 * Update CATALOG_RETRIEVED when revising it.
 *
 * A namespace written `prefix:<name>` takes any name in that position (a
 * process, listener port or rule name). `anyOption` namespaces take any option
 * name (environment variables, custom options, static file paths).
 */

/** Where the catalog comes from. */
export const CATALOG_SOURCE = 'https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html';
/** When the catalog was last checked against its source. */
export const CATALOG_RETRIEVED = '2026-11-25';

export type OptionType = 'string' | 'boolean' | 'integer' | 'number' | 'list' | 'duration' | 'httpCodes';

export interface CatalogOption {
  readonly type?: OptionType;
  /** Allowed values (for a list, allowed items). */
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** Why the option must not be used, when it is deprecated. */
  readonly deprecated?: string;
  /** A regular expression the value must match (strings). */
  readonly pattern?: string;
  /** What `pattern` stands for, in the error message. */
  readonly patternDescription?: string;
  /** The most items of a list. */
  readonly maxItems?: number;
  /** Values accepted besides the type's range (e.g. `null`). */
  readonly alsoAllowed?: readonly string[];
}

export interface CatalogNamespace {
  readonly namespace: string;
  readonly anyOption?: boolean;
  /** For `anyOption` namespaces: a regular expression every option name must match. */
  readonly optionPattern?: string;
  /** What `optionPattern` stands for, in the error message. */
  readonly optionPatternDescription?: string;
  readonly options: { readonly [name: string]: CatalogOption };
}

const BOOL: CatalogOption = { type: 'boolean' };
const STR: CatalogOption = { type: 'string' };
const LIST: CatalogOption = { type: 'list' };
const int = (min: number, max: number): CatalogOption => ({ type: 'integer', min, max });
const oneOf = (...values: string[]): CatalogOption => ({ type: 'string', values });
/** ISO 8601 durations between `min` and `max` seconds, e.g. `PT30M`. */
const duration = (min: number, max: number): CatalogOption => ({ type: 'duration', min, max });
/** The retention periods the guide lists (a subset of CloudWatch Logs' own). */
export const RETENTION_DAYS = ['1', '3', '5', '7', '14', '30', '60', '90', '120', '150', '180', '365', '400', '545', '731',
  '1827', '3653'];

export const CATALOG: readonly CatalogNamespace[] = [
  {
    namespace: 'aws:autoscaling:asg',
    options: {
      'Availability Zones': oneOf('Any', 'Any 1', 'Any 2', 'Any 3'),
      'Cooldown': int(0, 10000),
      'Custom Availability Zones': LIST,
      'EnableCapacityRebalancing': BOOL,
      'MinSize': int(1, 10000),
      'MaxSize': int(1, 10000),
    },
  },
  {
    namespace: 'aws:autoscaling:launchconfiguration',
    options: {
      BlockDeviceMappings: STR,
      DisableDefaultEC2SecurityGroup: BOOL,
      DisableIMDSv1: BOOL,
      EC2KeyName: STR,
      IamInstanceProfile: STR,
      ImageId: STR,
      InstanceType: { type: 'string', deprecated: 'use InstanceTypes in aws:ec2:instances' },
      LaunchTemplateTagPropagationEnabled: BOOL,
      MonitoringInterval: oneOf('1 minute', '5 minute'),
      RootVolumeIOPS: int(100, 64000),
      RootVolumeSize: int(8, 16384),
      RootVolumeThroughput: int(125, 1000),
      RootVolumeType: oneOf('standard', 'gp2', 'gp3', 'io1', 'io2'),
      SecurityGroups: LIST,
      SSHSourceRestriction: STR,
    },
  },
  {
    namespace: 'aws:autoscaling:scheduledaction',
    options: {
      DesiredCapacity: int(0, 10000),
      EndTime: STR,
      MaxSize: int(0, 10000),
      MinSize: int(0, 10000),
      Recurrence: STR,
      StartTime: STR,
      Suspend: BOOL,
    },
  },
  {
    namespace: 'aws:autoscaling:trigger',
    options: {
      BreachDuration: int(1, 600),
      EvaluationPeriods: int(1, 600),
      LowerBreachScaleIncrement: { type: 'integer', min: -10000, max: 10000 },
      LowerThreshold: { type: 'number', min: 0, max: 20000000 },
      MeasureName: oneOf('CPUUtilization', 'NetworkIn', 'NetworkOut', 'DiskWriteOps', 'DiskReadBytes', 'DiskReadOps',
        'DiskWriteBytes', 'Latency', 'RequestCount', 'HealthyHostCount', 'UnhealthyHostCount', 'TargetResponseTime'),
      Period: int(1, 600),
      Statistic: oneOf('Minimum', 'Maximum', 'Sum', 'Average'),
      Unit: oneOf('Seconds', 'Percent', 'Bytes', 'Bits', 'Count', 'Bytes/Second', 'Bits/Second', 'Count/Second', 'None'),
      UpperBreachScaleIncrement: { type: 'integer', min: -10000, max: 10000 },
      UpperThreshold: { type: 'number', min: 0, max: 20000000 },
    },
  },
  {
    namespace: 'aws:autoscaling:updatepolicy:rollingupdate',
    options: {
      MaxBatchSize: int(1, 10000),
      MinInstancesInService: int(0, 9999),
      PauseTime: duration(0, 3600),
      RollingUpdateEnabled: BOOL,
      RollingUpdateType: oneOf('Time', 'Health', 'Immutable'),
      Timeout: duration(300, 3600),
    },
  },
  {
    namespace: 'aws:ec2:instances',
    options: {
      EnableSpot: BOOL,
      InstanceTypes: { type: 'list', maxItems: 10 },
      SpotFleetOnDemandAboveBasePercentage: int(0, 100),
      SpotFleetOnDemandBase: int(0, 10000),
      SpotMaxPrice: { type: 'number', min: 0.001, max: 20, alsoAllowed: ['null'] },
      SupportedArchitectures: { type: 'list', values: ['x86_64', 'arm64', 'i386'] },
    },
  },
  {
    namespace: 'aws:ec2:vpc',
    options: {
      AssociatePublicIpAddress: BOOL,
      DBSubnets: LIST,
      ELBScheme: oneOf('public', 'internal'),
      ELBSubnets: LIST,
      Subnets: LIST,
      VPCId: STR,
    },
  },
  {
    namespace: 'aws:elasticbeanstalk:application',
    options: { 'Application Healthcheck URL': STR },
  },
  { namespace: 'aws:elasticbeanstalk:application:environment', anyOption: true, options: {} },
  { namespace: 'aws:elasticbeanstalk:application:environmentsecrets', anyOption: true, options: {} },
  {
    namespace: 'aws:elasticbeanstalk:cloudwatch:logs',
    options: { DeleteOnTerminate: BOOL, RetentionInDays: oneOf(...RETENTION_DAYS), StreamLogs: BOOL },
  },
  {
    namespace: 'aws:elasticbeanstalk:cloudwatch:logs:health',
    options: { DeleteOnTerminate: BOOL, HealthStreamingEnabled: BOOL, RetentionInDays: oneOf(...RETENTION_DAYS) },
  },
  {
    namespace: 'aws:elasticbeanstalk:command',
    options: {
      BatchSize: int(1, 10000),
      BatchSizeType: oneOf('Percentage', 'Fixed'),
      DeploymentPolicy: oneOf('AllAtOnce', 'Rolling', 'RollingWithAdditionalBatch', 'Immutable', 'TrafficSplitting'),
      IgnoreHealthCheck: BOOL,
      Timeout: int(1, 3600),
    },
  },
  { namespace: 'aws:elasticbeanstalk:customoption', anyOption: true, options: {} },
  {
    namespace: 'aws:elasticbeanstalk:environment',
    options: {
      EnvironmentType: oneOf('SingleInstance', 'LoadBalanced'),
      LoadBalancerIsShared: BOOL,
      LoadBalancerType: oneOf('classic', 'application', 'network'),
      ServiceRole: STR,
    },
  },
  {
    namespace: 'aws:elasticbeanstalk:environment:process:<name>',
    options: {
      DeregistrationDelay: int(0, 3600),
      HealthCheckInterval: int(5, 300),
      HealthCheckPath: STR,
      HealthCheckTimeout: int(1, 60),
      HealthyThresholdCount: int(2, 10),
      MatcherHTTPCode: { type: 'httpCodes', min: 200, max: 499 },
      Port: int(1, 65535),
      Protocol: oneOf('HTTP', 'HTTPS', 'TCP'),
      StickinessEnabled: BOOL,
      StickinessLBCookieDuration: int(1, 604800),
      StickinessType: oneOf('lb_cookie'),
      UnhealthyThresholdCount: int(2, 10),
    },
  },
  { namespace: 'aws:elasticbeanstalk:environment:proxy', options: { ProxyServer: oneOf('nginx', 'apache', 'none') } },
  {
    namespace: 'aws:elasticbeanstalk:environment:proxy:staticfiles',
    anyOption: true,
    optionPattern: '^/',
    optionPatternDescription: 'a URL path starting with /',
    options: {},
  },
  {
    namespace: 'aws:elasticbeanstalk:healthreporting:system',
    options: {
      ConfigDocument: STR,
      EnhancedHealthAuthEnabled: BOOL,
      HealthCheckSuccessThreshold: oneOf('Ok', 'Warning', 'Degraded', 'Severe'),
      SystemType: oneOf('basic', 'enhanced'),
    },
  },
  { namespace: 'aws:elasticbeanstalk:hostmanager', options: { LogPublicationControl: BOOL } },
  {
    namespace: 'aws:elasticbeanstalk:managedactions',
    options: {
      ManagedActionsEnabled: BOOL,
      PreferredStartTime: {
        type: 'string',
        pattern: '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01][0-9]|2[0-3]):[0-5][0-9]$',
        patternDescription: 'day:hour:minute in UTC, e.g. Tue:09:00',
      },
      ServiceRoleForManagedUpdates: STR,
    },
  },
  {
    namespace: 'aws:elasticbeanstalk:managedactions:platformupdate',
    options: { InstanceRefreshEnabled: BOOL, UpdateLevel: oneOf('patch', 'minor') },
  },
  {
    namespace: 'aws:elasticbeanstalk:monitoring',
    options: {
      'Automatically Terminate Unhealthy Instances': {
        type: 'boolean',
        deprecated: 'it worked only on legacy (pre-2014) environments; use the auto scaling ELB health check instead',
      },
    },
  },
  {
    namespace: 'aws:elasticbeanstalk:sns:topics',
    options: {
      'Notification Endpoint': STR,
      'Notification Protocol': oneOf('http', 'https', 'email', 'email-json', 'sqs'),
      'Notification Topic ARN': STR,
      'Notification Topic Name': STR,
    },
  },
  {
    namespace: 'aws:elasticbeanstalk:sqsd',
    options: {
      ConnectTimeout: int(1, 60),
      ErrorVisibilityTimeout: int(0, 43200),
      HttpConnections: int(1, 100),
      HttpPath: STR,
      InactivityTimeout: int(1, 36000),
      MaxRetries: int(1, 100),
      MimeType: STR,
      RetentionPeriod: int(60, 1209600),
      VisibilityTimeout: int(0, 43200),
      WorkerQueueURL: STR,
    },
  },
  {
    namespace: 'aws:elasticbeanstalk:trafficsplitting',
    options: { EvaluationTime: int(3, 600), NewVersionPercent: int(1, 100) },
  },
  { namespace: 'aws:elasticbeanstalk:xray', options: { XRayEnabled: BOOL } },
  {
    namespace: 'aws:elbv2:listener:<name>',
    options: {
      DefaultProcess: STR,
      ListenerEnabled: BOOL,
      Protocol: oneOf('HTTP', 'HTTPS'),
      Rules: LIST,
      SSLCertificateArns: STR,
      SSLPolicy: STR,
    },
  },
  {
    namespace: 'aws:elbv2:listenerrule:<name>',
    options: { HostHeaders: LIST, PathPatterns: LIST, Priority: int(1, 1000), Process: STR },
  },
  {
    namespace: 'aws:elbv2:loadbalancer',
    options: {
      AccessLogsS3Bucket: STR,
      AccessLogsS3Enabled: BOOL,
      AccessLogsS3Prefix: STR,
      IdleTimeout: int(1, 3600),
      ManagedSecurityGroup: STR,
      SecurityGroups: LIST,
      SharedLoadBalancer: STR,
    },
  },
  {
    namespace: 'aws:elasticbeanstalk:container:python',
    options: { NumProcesses: int(1, 10000), NumThreads: int(1, 10000), WSGIPath: STR },
  },
  {
    namespace: 'aws:elasticbeanstalk:container:php:phpini',
    options: {
      'allow_url_fopen': oneOf('On', 'Off'),
      'composer_options': STR,
      'display_errors': oneOf('On', 'Off'),
      'document_root': STR,
      'max_execution_time': int(0, 2147483647),
      'memory_limit': STR,
      'zlib.output_compression': oneOf('On', 'Off', 'true', 'false'),
    },
  },
  {
    namespace: 'aws:elasticbeanstalk:container:tomcat:jvmoptions',
    options: { 'JVM Options': STR, 'Xms': STR, 'Xmx': STR, 'XX:MaxPermSize': STR },
  },
];
