import { Token } from 'aws-cdk-lib';
import { OptionCatalog } from '../src';

describe('OptionCatalog', () => {
  test('knows the namespaces and options the construct emits', () => {
    expect(OptionCatalog.isKnownOption('aws:elasticbeanstalk:environment', 'LoadBalancerType')).toBe(true);
    expect(OptionCatalog.isKnownOption('aws:ec2:instances', 'InstanceTypes')).toBe(true);
    expect(OptionCatalog.isKnownNamespace('aws:elbv2:listener:443')).toBe(true);
    expect(OptionCatalog.isKnownNamespace('aws:elasticbeanstalk:environment:process:api')).toBe(true);
  });

  test('takes any option name in the environment variable namespaces', () => {
    expect(OptionCatalog.isKnownOption('aws:elasticbeanstalk:application:environment', 'ANYTHING')).toBe(true);
    expect(OptionCatalog.check('aws:elasticbeanstalk:application:environmentsecrets', 'DB', 'arn:x')).toBeUndefined();
  });

  test('rejects an unknown namespace', () => {
    expect(OptionCatalog.isKnownNamespace('aws:elasticbeanstalk:enviroment')).toBe(false);
    expect(OptionCatalog.check('aws:elasticbeanstalk:enviroment', 'LoadBalancerType', 'application'))
      .toMatch(/namespace 'aws:elasticbeanstalk:enviroment' is not in the option catalog/);
  });

  test('rejects an unknown option of a known namespace', () => {
    expect(OptionCatalog.isKnownOption('aws:autoscaling:asg', 'MinInstances')).toBe(false);
    expect(OptionCatalog.check('aws:autoscaling:asg', 'MinInstances', '1'))
      .toMatch(/option 'MinInstances' is not in namespace 'aws:autoscaling:asg'/);
  });

  test('rejects the deprecated InstanceType', () => {
    expect(OptionCatalog.check('aws:autoscaling:launchconfiguration', 'InstanceType', 't3.small'))
      .toMatch(/deprecated: use InstanceTypes in aws:ec2:instances/);
  });

  test('rejects classic load balancer namespaces', () => {
    expect(OptionCatalog.check('aws:elb:listener', 'ListenerProtocol', 'HTTP')).toMatch(/classic load balancer/);
  });

  test.each([
    ['aws:elasticbeanstalk:environment', 'LoadBalancerType', 'gateway', /must be one of classic, application, network/],
    ['aws:autoscaling:asg', 'MinSize', '0', /must be a whole number between 1 and 10000/],
    ['aws:autoscaling:asg', 'MinSize', 'two', /must be a whole number between 1 and 10000/],
    ['aws:ec2:vpc', 'AssociatePublicIpAddress', 'no', /must be true or false/],
    ['aws:autoscaling:trigger', 'UpperThreshold', '-1', /must be a number between 0 and 20000000/],
    ['aws:ec2:instances', 'SupportedArchitectures', 'x86_64,sparc', /comma-separated list of x86_64, arm64, i386/],
  ])('rejects %s %s = %s', (namespace, option, value, message) => {
    expect(OptionCatalog.check(namespace, option, value)).toMatch(message);
  });

  test.each([
    ['aws:elasticbeanstalk:environment', 'LoadBalancerType', 'application'],
    ['aws:autoscaling:trigger', 'UpperThreshold', '0.5'],
    ['aws:ec2:instances', 'SupportedArchitectures', 'arm64'],
    ['aws:ec2:instances', 'InstanceTypes', 't3.small,t3.medium'],
    ['aws:elbv2:listener:443', 'SSLPolicy', 'ELBSecurityPolicy-TLS13-1-2-2021-06'],
  ])('accepts %s %s = %s', (namespace, option, value) => {
    expect(OptionCatalog.check(namespace, option, value)).toBeUndefined();
  });

  describe('fixes from the review against the Elastic Beanstalk guide (2026-11-25)', () => {
    test.each([
      // RetentionInDays: the guide lists 1 ... 731, 1827, 3653, not every CloudWatch Logs period.
      ['aws:elasticbeanstalk:cloudwatch:logs', 'RetentionInDays', '1096', /must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653$/],
      ['aws:elasticbeanstalk:cloudwatch:logs:health', 'RetentionInDays', '2192', /must be one of/],
      // SpotMaxPrice: 0.001 to 20.0, or null.
      ['aws:ec2:instances', 'SpotMaxPrice', '0', /must be a number between 0.001 and 20/],
      ['aws:ec2:instances', 'SpotMaxPrice', '25', /must be a number between 0.001 and 20/],
      // InstanceTypes: 1 to 10 instance types.
      ['aws:ec2:instances', 'InstanceTypes', 't3.a,t3.b,t3.c,t3.d,t3.e,t3.f,t3.g,t3.h,t3.i,t3.j,t3.k', /at most 10 items/],
      // PauseTime PT0S-PT1H and Timeout PT5M-PT1H are ISO 8601 durations.
      ['aws:autoscaling:updatepolicy:rollingupdate', 'PauseTime', '30 seconds', /ISO 8601 duration \(PT#H#M#S\) between 0 and 3600 seconds/],
      ['aws:autoscaling:updatepolicy:rollingupdate', 'Timeout', 'PT2M', /between 300 and 3600 seconds/],
      ['aws:autoscaling:updatepolicy:rollingupdate', 'Timeout', 'PT2H', /between 300 and 3600 seconds/],
      ['aws:autoscaling:updatepolicy:rollingupdate', 'PauseTime', 'PT', /ISO 8601 duration/],
      // MatcherHTTPCode: 200 to 499 with an application load balancer.
      ['aws:elasticbeanstalk:environment:process:default', 'MatcherHTTPCode', '500', /HTTP codes .* between 200 and 499/],
      ['aws:elasticbeanstalk:environment:process:default', 'MatcherHTTPCode', '299-200', /HTTP codes/],
      ['aws:elasticbeanstalk:environment:process:default', 'MatcherHTTPCode', 'ok', /HTTP codes/],
      // PreferredStartTime: day:hour:minute.
      ['aws:elasticbeanstalk:managedactions', 'PreferredStartTime', 'Sunday 3am', /day:hour:minute in UTC/],
      // Only legacy environments had this option.
      ['aws:elasticbeanstalk:monitoring', 'Automatically Terminate Unhealthy Instances', 'true', /deprecated: it worked only on legacy/],
      // Static file paths start with '/'.
      ['aws:elasticbeanstalk:environment:proxy:staticfiles', 'images', 'static', /must be a URL path starting with \//],
    ])('rejects %s %s = %s', (namespace, option, value, message) => {
      expect(OptionCatalog.check(namespace, option, value)).toMatch(message);
    });

    test.each([
      ['aws:ec2:instances', 'SpotMaxPrice', 'null'],
      ['aws:ec2:instances', 'SpotMaxPrice', '0.05'],
      ['aws:autoscaling:updatepolicy:rollingupdate', 'PauseTime', 'PT0S'],
      ['aws:autoscaling:updatepolicy:rollingupdate', 'Timeout', 'PT30M'],
      ['aws:autoscaling:updatepolicy:rollingupdate', 'Timeout', 'PT1H'],
      ['aws:elasticbeanstalk:environment:process:default', 'MatcherHTTPCode', '200,302,400-404'],
      ['aws:elasticbeanstalk:managedactions', 'PreferredStartTime', 'Tue:09:00'],
      ['aws:elasticbeanstalk:environment:proxy:staticfiles', '/images', 'static'],
      ['aws:elasticbeanstalk:cloudwatch:logs', 'RetentionInDays', '1827'],
    ])('accepts %s %s = %s', (namespace, option, value) => {
      expect(OptionCatalog.check(namespace, option, value)).toBeUndefined();
    });
  });

  test('does not judge token values', () => {
    expect(OptionCatalog.check('aws:autoscaling:asg', 'MinSize', '${Token[TOKEN.1]}')).toBeUndefined();
  });

  test('states its source and date', () => {
    expect(OptionCatalog.RETRIEVED).toBe('2026-12-04');
    expect(OptionCatalog.SOURCE).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/elasticbeanstalk\//);
    expect(OptionCatalog.RETRIEVED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const json = OptionCatalog.toJson();
    expect(json.namespaces.length).toBeGreaterThan(20);
    expect(json.source).toBe(OptionCatalog.SOURCE);
  });
});

describe('option values (2026-12-04: patterns, JSON, case, did-you-mean)', () => {
  test.each([
    ['aws:ec2:vpc', 'VPCId', 'vpc-12', /must be a VPC ID/],
    ['aws:ec2:vpc', 'Subnets', 'subnet-0123abcd,subnet_2', /item 'subnet_2' of 'subnet-0123abcd,subnet_2' must be a subnet ID/],
    ['aws:elbv2:loadbalancer', 'SecurityGroups', 'sg-0123abcd,web', /item 'web' .* must be a security group ID/],
    ['aws:ec2:instances', 'InstanceTypes', 't3.small,t3small', /item 't3small' .* must be an instance type/],
    ['aws:elbv2:listener:443', 'SSLCertificateArns', 'arn:aws:s3:::bucket', /must be the ARN of an ACM certificate or IAM server certificate/],
    ['aws:elbv2:listener:443', 'SSLPolicy', 'TLS13', /must be an ELB security policy name/],
    ['aws:elbv2:listener:443', 'Protocol', 'https', /must be one of HTTP, HTTPS, TCP \(case matters: 'HTTPS', not 'https'\)/],
    ['aws:elasticbeanstalk:environment', 'LoadBalancerType', 'Application', /case matters: 'application', not 'Application'/],
    ['aws:elasticbeanstalk:command', 'DeploymentPolicy', 'Rollling', /must be one of .* \(did you mean 'Rolling'\?\)/],
    ['aws:elasticbeanstalk:healthreporting:system', 'ConfigDocument', '{"Version": 1,', /must be a JSON document/],
    ['aws:autoscaling:scheduledaction', 'StartTime', 'tomorrow', /must be an ISO 8601 timestamp/],
    ['aws:elbv2:loadbalancer', 'SharedLoadBalancer', 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/1',
      /must be the ARN of an application load balancer/],
    ['aws:elbv2:listenerrule:api', 'HostHeaders', 'a.example.com,b_c.example.com', /item 'b_c.example.com' .* must be a host name/],
    ['aws:elasticbeanstalk:environment:process:default', 'HealthCheckPath', 'health', /must be a path starting with \//],
    ['aws:elasticbeanstalk:application', 'Application Healthcheck URL', 'health', /must be a path such as \/health/],
    ['aws:autoscaling:launchconfiguration', 'ImageId', 'ubuntu', /must be an AMI ID/],
    ['aws:elasticbeanstalk:environment', 'ServiceRole', 'arn:aws:iam::123:role/x', /must be an IAM role name, path\/name or ARN/],
  ])('rejects %s %s = %s', (namespace, option, value, message) => {
    expect(OptionCatalog.check(namespace, option, value)).toMatch(message);
  });

  test.each([
    ['aws:ec2:vpc', 'VPCId', 'vpc-0123456789abcdef0'],
    ['aws:ec2:vpc', 'Subnets', 'subnet-0123abcd, subnet-0123abce'],
    ['aws:elbv2:listener:443', 'SSLCertificateArns', 'arn:aws:acm:us-east-1:123456789012:certificate/abc,arn:aws:iam::123456789012:server-certificate/x'],
    ['aws:elbv2:listener:443', 'Protocol', 'TCP'],
    ['aws:ec2:vpc', 'AssociatePublicIpAddress', 'TRUE'],
    ['aws:elasticbeanstalk:managedactions', 'PreferredStartTime', 'sun:03:00'],
    ['aws:elasticbeanstalk:healthreporting:system', 'ConfigDocument', '{"Version":1}'],
    ['aws:autoscaling:scheduledaction', 'StartTime', '2015-04-28T04:07:2Z'],
    ['aws:elasticbeanstalk:application', 'Application Healthcheck URL', 'HTTPS:443/health'],
    ['aws:elasticbeanstalk:application', 'Application Healthcheck URL', ''],
    ['aws:elasticbeanstalk:environment', 'ServiceRole', 'service-roles/eb'],
    ['aws:autoscaling:launchconfiguration', 'IamInstanceProfile', 'arn:aws:iam::123456789012:instance-profile/eb'],
  ])('accepts %s %s = %s', (namespace, option, value) => {
    expect(OptionCatalog.check(namespace, option, value)).toBeUndefined();
  });

  test('suggests the namespace or option meant', () => {
    expect(OptionCatalog.check('aws:elasticbeanstalk:enviroment', 'LoadBalancerType', 'application'))
      .toMatch(/namespace 'aws:elasticbeanstalk:enviroment' is not in the option catalog \(did you mean 'aws:elasticbeanstalk:environment'\?\)/);
    expect(OptionCatalog.check('aws:elbv2:listner:443', 'Protocol', 'HTTPS')).toMatch(/did you mean 'aws:elbv2:listener:443'\?/);
    expect(OptionCatalog.check('aws:autoscaling:asg', 'Minsize', '1')).toMatch(/option 'Minsize' is not in namespace 'aws:autoscaling:asg' of the option catalog \(did you mean 'MinSize'\?\)/);
    expect(OptionCatalog.check('aws:elbv2:loadbalancer', 'IdleTimeoutSeconds', '30')).not.toMatch(/did you mean/);
    expect(OptionCatalog.check('aws:nothing:like:it', 'X', 'y')).not.toMatch(/did you mean/);
  });

  test('does not judge a token value against a pattern', () => {
    expect(OptionCatalog.check('aws:ec2:vpc', 'VPCId', Token.asString({ resolve: () => 'vpc-1' }))).toBeUndefined();
  });
});
