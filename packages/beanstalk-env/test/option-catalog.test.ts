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

  test('does not judge token values', () => {
    expect(OptionCatalog.check('aws:autoscaling:asg', 'MinSize', '${Token[TOKEN.1]}')).toBeUndefined();
  });

  test('states its source and date', () => {
    expect(OptionCatalog.SOURCE).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/elasticbeanstalk\//);
    expect(OptionCatalog.RETRIEVED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const json = OptionCatalog.toJson();
    expect(json.namespaces.length).toBeGreaterThan(20);
    expect(json.source).toBe(OptionCatalog.SOURCE);
  });
});
