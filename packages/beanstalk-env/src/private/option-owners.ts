/**
 * Which typed prop of `BeanstalkEnvironment` sets each option the construct
 * emits, for messages about a setting (a raw setting that duplicates it, a
 * cross-option rule it breaks). `null`: the construct sets the option itself
 * and no prop changes it.
 */
const OWNERS: { readonly [namespace: string]: { readonly [option: string]: string | null } } = {
  'aws:elasticbeanstalk:environment': {
    EnvironmentType: 'environmentType',
    ServiceRole: null,
    LoadBalancerType: null,
    LoadBalancerIsShared: 'sharedLoadBalancer',
  },
  'aws:ec2:vpc': {
    VPCId: 'vpc',
    Subnets: 'vpc',
    AssociatePublicIpAddress: 'environmentType',
    ELBSubnets: 'internalLoadBalancer',
    ELBScheme: 'internalLoadBalancer',
  },
  'aws:ec2:instances': {
    InstanceTypes: 'instanceTypes',
    EnableSpot: 'spot',
    SpotFleetOnDemandBase: 'spot.onDemandBase',
    SpotFleetOnDemandAboveBasePercentage: 'spot.onDemandAboveBasePercentage',
    SpotMaxPrice: 'spot.maxPrice',
  },
  'aws:autoscaling:asg': {
    'MinSize': 'minInstances',
    'MaxSize': 'maxInstances',
    'Availability Zones': 'availabilityZones',
  },
  'aws:autoscaling:trigger': {
    MeasureName: 'scalingTrigger',
    Statistic: 'scalingTrigger',
    Unit: 'scalingTrigger',
    Period: 'scalingTrigger.period',
    BreachDuration: 'scalingTrigger.breachDuration',
    UpperThreshold: 'scalingTrigger.upperThreshold',
    LowerThreshold: 'scalingTrigger.lowerThreshold',
    UpperBreachScaleIncrement: 'scalingTrigger.upperBreachScaleIncrement',
    LowerBreachScaleIncrement: 'scalingTrigger.lowerBreachScaleIncrement',
  },
  'aws:autoscaling:scheduledaction': {
    MinSize: 'scheduledActions',
    MaxSize: 'scheduledActions',
    DesiredCapacity: 'scheduledActions',
    Recurrence: 'scheduledActions',
    StartTime: 'scheduledActions',
    EndTime: 'scheduledActions',
  },
  'aws:autoscaling:launchconfiguration': {
    IamInstanceProfile: null,
    SecurityGroups: 'securityGroup',
    DisableIMDSv1: null,
    RootVolumeType: null,
    RootVolumeSize: 'rootVolumeSize',
    RootVolumeIOPS: 'rootVolumeIops',
    RootVolumeThroughput: 'rootVolumeThroughput',
  },
  'aws:elasticbeanstalk:environment:process:default': {
    Port: 'instancePort',
    Protocol: null,
    HealthCheckPath: 'healthCheckPath',
    MatcherHTTPCode: 'healthCheckMatcher',
    HealthCheckInterval: 'healthCheckInterval',
    HealthCheckTimeout: 'healthCheckTimeout',
    HealthyThresholdCount: 'healthyThresholdCount',
    UnhealthyThresholdCount: 'unhealthyThresholdCount',
    DeregistrationDelay: 'deregistrationDelay',
    StickinessEnabled: 'stickinessDuration',
    StickinessType: 'stickinessDuration',
    StickinessLBCookieDuration: 'stickinessDuration',
  },
  'aws:elbv2:loadbalancer': {
    SharedLoadBalancer: 'sharedLoadBalancer',
    SecurityGroups: 'loadBalancerSecurityGroup',
    ManagedSecurityGroup: 'loadBalancerSecurityGroup',
    IdleTimeout: 'idleTimeout',
    AccessLogsS3Enabled: 'accessLogsBucket',
    AccessLogsS3Bucket: 'accessLogsBucket',
    AccessLogsS3Prefix: 'accessLogsPrefix',
  },
  'aws:elbv2:listener:default': { ListenerEnabled: 'httpListenerEnabled' },
  'aws:elbv2:listener:443': {
    ListenerEnabled: 'certificate',
    Protocol: 'certificate',
    SSLCertificateArns: 'certificate',
    SSLPolicy: 'sslPolicy',
    Rules: 'sharedListenerRules',
  },
  'aws:elasticbeanstalk:application': { 'Application Healthcheck URL': 'healthCheckPath' },
  'aws:elasticbeanstalk:command': {
    DeploymentPolicy: 'deploymentPolicy',
    BatchSizeType: 'deploymentBatchSize',
    BatchSize: 'deploymentBatchSize',
    Timeout: 'deploymentTimeout',
    IgnoreHealthCheck: 'ignoreHealthCheck',
  },
  'aws:elasticbeanstalk:trafficsplitting': {
    NewVersionPercent: 'trafficSplittingPercent',
    EvaluationTime: 'trafficSplittingEvaluationTime',
  },
  'aws:autoscaling:updatepolicy:rollingupdate': {
    RollingUpdateEnabled: null,
    RollingUpdateType: 'rollingUpdateType',
    MaxBatchSize: 'rollingUpdateMaxBatchSize',
  },
  'aws:elasticbeanstalk:healthreporting:system': { SystemType: null, ConfigDocument: null },
  'aws:elasticbeanstalk:managedactions': { ManagedActionsEnabled: 'managedUpdates', PreferredStartTime: 'managedUpdateWindow' },
  'aws:elasticbeanstalk:managedactions:platformupdate': { UpdateLevel: 'managedUpdateLevel', InstanceRefreshEnabled: 'instanceRefresh' },
  'aws:elasticbeanstalk:hostmanager': { LogPublicationControl: null },
  'aws:elasticbeanstalk:cloudwatch:logs': { StreamLogs: null, DeleteOnTerminate: 'deleteLogsOnTerminate', RetentionInDays: 'logRetention' },
  'aws:elasticbeanstalk:cloudwatch:logs:health': {
    HealthStreamingEnabled: null,
    DeleteOnTerminate: 'deleteLogsOnTerminate',
    RetentionInDays: 'logRetention',
  },
  'aws:elasticbeanstalk:xray': { XRayEnabled: 'xRay' },
};

/**
 * The typed prop that owns an option: its name, `null` when the construct
 * manages the option without a prop, `undefined` when no typed prop sets it.
 */
export function typedPropOf(namespace: string, optionName: string): string | null | undefined {
  if (namespace === 'aws:elasticbeanstalk:application:environment') {
    return 'environmentVariables';
  }
  if (namespace === 'aws:elasticbeanstalk:application:environmentsecrets') {
    return 'environmentSecrets or environmentParameters';
  }
  if (namespace.startsWith('aws:elbv2:listenerrule:')) {
    return 'sharedListenerRules';
  }
  const options = OWNERS[namespace];
  return options && optionName in options ? options[optionName] : undefined;
}

/** "the typed prop `minInstances`", or what to say when there is none. */
export function describeOwner(namespace: string, optionName: string): string {
  const prop = typedPropOf(namespace, optionName);
  if (prop === undefined) {
    return 'no typed prop sets it';
  }
  if (prop === null) {
    return 'the construct manages it (no prop changes it)';
  }
  return `the typed prop ${prop} sets it`;
}
