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
 * Value patterns, needs/excludes relations and the TCP listener protocol
 * were added on 2026-12-04 from the same guide page (each option's "Valid
 * values" column and notes such as "only applicable to an Application Load
 * Balancer" or "Requires ManagedActionsEnabled to be set to true").
 * Update CATALOG_RETRIEVED when revising it.
 *
 * A namespace written `prefix:<name>` takes any name in that position (a
 * process, listener port or rule name). `anyOption` namespaces take any option
 * name (environment variables, custom options, static file paths).
 */

/** Where the catalog comes from. */
export const CATALOG_SOURCE = 'https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html';
/** When the catalog was last checked against its source. */
export const CATALOG_RETRIEVED = '2026-12-04';

export type OptionType = 'string' | 'boolean' | 'integer' | 'number' | 'list' | 'duration' | 'httpCodes' | 'json';

/**
 * Another option a setting needs (or excludes): in `namespace` (default: the
 * setting's own), set at all or, with `values`, set to one of them.
 */
export interface OptionRef {
  readonly namespace?: string;
  readonly option: string;
  /** The values that count (compared without case for booleans); any value when absent. */
  readonly values?: readonly string[];
}

/** A condition between options, from the documentation. */
export interface OptionRelation {
  /** The values of this option that bring the relation into force; any value when absent. */
  readonly when?: readonly string[];
  /** Options that must be set (all of them). */
  readonly needs?: readonly OptionRef[];
  /** Options that must not be set. */
  readonly excludes?: readonly OptionRef[];
  /** Why, in the message. */
  readonly reason: string;
}

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
  /**
   * Whether `values` match without regard to case. Booleans always do; other
   * values are compared exactly (the service stores and compares them as
   * written), and a value that differs only in case gets a hint.
   */
  readonly ignoreCase?: boolean;
  /** For a list: a regular expression each item must match. */
  readonly itemPattern?: string;
  /** What `itemPattern` stands for, in the error message. */
  readonly itemPatternDescription?: string;
  /** Options this one needs or excludes. */
  readonly relations?: readonly OptionRelation[];
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
/** A string matching `pattern`, described as `description` in messages. */
const matching = (pattern: string, description: string, extra: Partial<CatalogOption> = {}): CatalogOption =>
  ({ type: 'string', pattern, patternDescription: description, ...extra });
/** A comma-separated list whose items match `pattern`. */
const listOf = (pattern: string, description: string, extra: Partial<CatalogOption> = {}): CatalogOption =>
  ({ type: 'list', itemPattern: pattern, itemPatternDescription: description, ...extra });
const SUBNETS = listOf('^subnet-[0-9a-f]{8,17}$', 'a subnet ID (subnet-0123abcd...)');
const SECURITY_GROUP_IDS = listOf('^sg-[0-9a-f]{8,17}$', 'a security group ID (sg-0123abcd...)');
const ISO_TIME = matching('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{1,2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$',
  'an ISO 8601 timestamp such as 2026-12-24T22:00:00Z');
const IAM_NAME = '[\\w+=,.@-]+(/[\\w+=,.@-]+)*';
const NEEDS_VPC: OptionRelation = { needs: [{ namespace: 'aws:ec2:vpc', option: 'VPCId' }], reason: 'subnets belong to a VPC' };
const ALB_ONLY: OptionRelation = {
  excludes: [{ namespace: 'aws:elasticbeanstalk:environment', option: 'LoadBalancerType', values: ['network', 'classic'] }],
  reason: 'the option applies only to an application load balancer',
};
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
      'Custom Availability Zones': listOf('^[a-z]{2}(-[a-z]+)+-[0-9][a-z]$', 'an availability zone name such as us-east-1a'),
      'EnableCapacityRebalancing': BOOL,
      'MinSize': int(1, 10000),
      'MaxSize': int(1, 10000),
    },
  },
  {
    namespace: 'aws:autoscaling:launchconfiguration',
    options: {
      BlockDeviceMappings: listOf('^/dev/[a-z0-9]+=\\S+$', 'device=volume, e.g. /dev/sdj=:100:true:gp3'),
      DisableDefaultEC2SecurityGroup: BOOL,
      DisableIMDSv1: BOOL,
      EC2KeyName: matching('^[\\x20-\\x7e]{1,255}$', 'a key pair name of 1 to 255 ASCII characters'),
      IamInstanceProfile: matching(`^(arn:aws[a-z-]*:iam::[0-9]{12}:instance-profile/)?${IAM_NAME}$`, 'an instance profile name or ARN'),
      ImageId: matching('^ami-[0-9a-f]{8,17}$', 'an AMI ID (ami-0123abcd...)'),
      InstanceType: { type: 'string', deprecated: 'use InstanceTypes in aws:ec2:instances' },
      LaunchTemplateTagPropagationEnabled: BOOL,
      MonitoringInterval: oneOf('1 minute', '5 minute'),
      RootVolumeIOPS: {
        ...int(100, 256000),
        relations: [{ needs: [{ option: 'RootVolumeType', values: ['gp3', 'io1', 'io2'] }], reason: 'only gp3, io1 and io2 volumes take provisioned IOPS' }],
      },
      RootVolumeSize: int(8, 16384),
      RootVolumeThroughput: {
        ...int(125, 1000),
        relations: [{ needs: [{ option: 'RootVolumeType', values: ['gp3'] }], reason: 'only gp3 volumes take a provisioned throughput' }],
      },
      RootVolumeType: oneOf('standard', 'gp2', 'gp3', 'io1', 'io2'),
      SecurityGroups: LIST,
      SSHSourceRestriction: matching('^(tcp|udp|icmp|-1), *-?[0-9]+, *-?[0-9]+, *\\S+$',
        "'protocol, fromPort, toPort, source', e.g. 'tcp, 22, 22, 10.0.0.0/16'"),
    },
  },
  {
    namespace: 'aws:autoscaling:scheduledaction',
    options: {
      DesiredCapacity: int(0, 10000),
      EndTime: ISO_TIME,
      MaxSize: int(0, 10000),
      MinSize: int(0, 10000),
      Recurrence: STR,
      StartTime: ISO_TIME,
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
      InstanceTypes: listOf('^[a-z][a-z0-9-]*\\.[a-z0-9]+$', 'an instance type (family.size, e.g. t3.small)', { maxItems: 10 }),
      SpotFleetOnDemandAboveBasePercentage: int(0, 100),
      SpotFleetOnDemandBase: int(0, 10000),
      SpotMaxPrice: { type: 'number', min: 0.001, max: 20, alsoAllowed: ['null'] },
      SupportedArchitectures: { type: 'list', values: ['x86_64', 'arm64', 'i386'] },
    },
  },
  {
    namespace: 'aws:ec2:vpc',
    options: {
      AssociatePublicIpAddress: { ...BOOL, relations: [NEEDS_VPC] },
      DBSubnets: { ...SUBNETS, relations: [NEEDS_VPC] },
      ELBScheme: { ...oneOf('public', 'internal'), relations: [NEEDS_VPC] },
      ELBSubnets: { ...SUBNETS, relations: [NEEDS_VPC] },
      Subnets: { ...SUBNETS, relations: [NEEDS_VPC] },
      VPCId: matching('^vpc-[0-9a-f]{8,17}$', 'a VPC ID (vpc-0123abcd...)'),
    },
  },
  {
    namespace: 'aws:elasticbeanstalk:application',
    options: {
      'Application Healthcheck URL': matching('^(((HTTP|HTTPS|TCP|SSL):[0-9]{1,5})?/.*|(TCP|SSL):[0-9]{1,5})?$',
        'a path such as /health, or protocol:port/path such as HTTPS:443/health'),
    },
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
      LoadBalancerIsShared: {
        ...BOOL,
        relations: [{
          when: ['true'],
          needs: [{ option: 'LoadBalancerType', values: ['application'] }, { namespace: 'aws:elbv2:loadbalancer', option: 'SharedLoadBalancer' }],
          reason: 'a shared load balancer is an application load balancer named by aws:elbv2:loadbalancer SharedLoadBalancer',
        }],
      },
      LoadBalancerType: oneOf('classic', 'application', 'network'),
      ServiceRole: matching(`^(arn:aws[a-z-]*:iam::[0-9]{12}:role/)?${IAM_NAME}$`, 'an IAM role name, path/name or ARN'),
    },
  },
  {
    namespace: 'aws:elasticbeanstalk:environment:process:<name>',
    options: {
      DeregistrationDelay: int(0, 3600),
      HealthCheckInterval: int(5, 300),
      HealthCheckPath: matching('^/', 'a path starting with /'),
      HealthCheckTimeout: { ...int(1, 60), relations: [ALB_ONLY] },
      HealthyThresholdCount: int(2, 10),
      MatcherHTTPCode: { type: 'httpCodes', min: 200, max: 499 },
      Port: int(1, 65535),
      Protocol: oneOf('HTTP', 'HTTPS', 'TCP'),
      StickinessEnabled: { ...BOOL, relations: [ALB_ONLY] },
      StickinessLBCookieDuration: { ...int(1, 604800), relations: [ALB_ONLY] },
      StickinessType: { ...oneOf('lb_cookie'), relations: [ALB_ONLY] },
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
      ConfigDocument: { type: 'json' },
      EnhancedHealthAuthEnabled: {
        ...BOOL,
        relations: [{ when: ['true'], needs: [{ option: 'SystemType', values: ['enhanced'] }], reason: 'it applies only to enhanced health reporting' }],
      },
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
        ignoreCase: true,
      },
      ServiceRoleForManagedUpdates: matching(`^(arn:aws[a-z-]*:iam::[0-9]{12}:role/)?${IAM_NAME}$`, 'an IAM role name or ARN'),
    },
  },
  {
    namespace: 'aws:elasticbeanstalk:managedactions:platformupdate',
    options: {
      InstanceRefreshEnabled: {
        ...BOOL,
        relations: [{
          when: ['true'],
          needs: [{ namespace: 'aws:elasticbeanstalk:managedactions', option: 'ManagedActionsEnabled', values: ['true'] }],
          reason: 'weekly instance replacement is a managed action',
        }],
      },
      UpdateLevel: oneOf('patch', 'minor'),
    },
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
      'Notification Topic ARN': matching('^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$', 'an SNS topic ARN'),
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
      DefaultProcess: matching('^[A-Za-z0-9_.-]+$', 'a process name'),
      ListenerEnabled: BOOL,
      Protocol: oneOf('HTTP', 'HTTPS', 'TCP'),
      Rules: { ...listOf('^[A-Za-z0-9]{1,64}$', 'a rule name of letters and digits'), relations: [ALB_ONLY] },
      SSLCertificateArns: {
        ...listOf('^arn:aws[a-z-]*:(acm:[a-z0-9-]+:[0-9]{12}:certificate|iam::[0-9]{12}:server-certificate)/\\S+$',
          'the ARN of an ACM certificate or IAM server certificate'),
        relations: [ALB_ONLY],
      },
      SSLPolicy: { ...matching('^ELBSecurityPolicy-[A-Za-z0-9-]+$', 'an ELB security policy name, e.g. ELBSecurityPolicy-TLS13-1-2-2021-06'), relations: [ALB_ONLY] },
    },
  },
  {
    namespace: 'aws:elbv2:listenerrule:<name>',
    options: {
      HostHeaders: listOf('^[A-Za-z0-9.*?-]{1,128}$', 'a host name of up to 128 letters, digits, dots, hyphens and * ? wildcards', { maxItems: 5 }),
      PathPatterns: listOf('^/[A-Za-z0-9_\\-.$/~"\'@:+&*?]{0,127}$', 'a path of up to 128 characters starting with /', { maxItems: 5 }),
      Priority: int(1, 1000),
      Process: matching('^[A-Za-z0-9_.-]+$', 'a process name'),
    },
  },
  {
    namespace: 'aws:elbv2:loadbalancer',
    options: {
      AccessLogsS3Bucket: matching('^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', 'an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)'),
      AccessLogsS3Enabled: BOOL,
      AccessLogsS3Prefix: STR,
      IdleTimeout: int(1, 3600),
      ManagedSecurityGroup: matching('^sg-[0-9a-f]{8,17}$', 'a security group ID (sg-0123abcd...)'),
      SecurityGroups: SECURITY_GROUP_IDS,
      SharedLoadBalancer: {
        ...matching('^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/app/[A-Za-z0-9-]+/[0-9a-f]+$',
          'the ARN of an application load balancer (...:loadbalancer/app/<name>/<id>)'),
        relations: [{
          needs: [{ namespace: 'aws:elasticbeanstalk:environment', option: 'LoadBalancerIsShared', values: ['true'] }],
          reason: 'Elastic Beanstalk uses the shared load balancer only when LoadBalancerIsShared is true',
        }],
      },
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

/** The catalog entry of a namespace (`prefix:<name>` entries match any name). */
export function findCatalogNamespace(namespace: string): CatalogNamespace | undefined {
  return CATALOG.find((ns) => {
    if (ns.namespace.endsWith(':<name>')) {
      const prefix = ns.namespace.substring(0, ns.namespace.length - '<name>'.length);
      return namespace.startsWith(prefix) && /^[A-Za-z0-9_.-]+$/.test(namespace.substring(prefix.length));
    }
    return ns.namespace === namespace;
  });
}
