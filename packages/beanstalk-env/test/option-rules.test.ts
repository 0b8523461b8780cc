import { Token } from 'aws-cdk-lib';
import { checkOptionRules, OPTION_RULES } from '../src/private/option-rules';
import { Setting } from '../src/private/option-settings';

/** `namespace option=value` or `namespace option[resource]=value`, raw settings. */
function settings(...lines: string[]): Setting[] {
  return lines.map((line) => {
    const m = /^(\S+) ([^=[]+?)(?:\[([^\]]+)\])?=(.*)$/.exec(line);
    if (!m) {
      throw new Error(`bad test setting ${line}`);
    }
    return { namespace: m[1], optionName: m[2], resourceName: m[3], value: m[4], raw: true };
  });
}

const token = (value: string) => Token.asString({ resolve: () => value });

function problems(list: Setting[], region = 'us-east-1'): string[] {
  return checkOptionRules(list, { region }).problems.map((p) => `${p.rule}: ${p.setting.namespace} ${p.setting.optionName}: ${p.expected}`);
}

/** Every rule: settings that break it, settings that keep it. */
const CASES: { [rule: string]: { fails: string[]; passes: string[]; message: RegExp } } = {
  'asg-min-max': {
    fails: ['aws:autoscaling:asg MinSize=5', 'aws:autoscaling:asg MaxSize=2'],
    passes: ['aws:autoscaling:asg MinSize=2', 'aws:autoscaling:asg MaxSize=2'],
    message: /MinSize: must not exceed aws:autoscaling:asg MaxSize \(2\)/,
  },
  'listener-https-certificate': {
    fails: ['aws:elbv2:listener:443 Protocol=HTTPS'],
    passes: ['aws:elbv2:listener:443 Protocol=HTTPS', 'aws:elbv2:listener:443 SSLCertificateArns=arn:aws:acm:us-east-1:123456789012:certificate/a'],
    message: /Protocol: needs SSLCertificateArns in aws:elbv2:listener:443/,
  },
  'listener-tls-needs-https': {
    fails: ['aws:elbv2:listener:8080 SSLPolicy=ELBSecurityPolicy-TLS13-1-2-2021-06'],
    passes: ['aws:elbv2:listener:8080 Protocol=HTTPS', 'aws:elbv2:listener:8080 SSLPolicy=ELBSecurityPolicy-TLS13-1-2-2021-06',
      'aws:elbv2:listener:8080 SSLCertificateArns=arn:aws:acm:us-east-1:123456789012:certificate/a'],
    message: /SSLPolicy: needs Protocol HTTPS in aws:elbv2:listener:8080 \(it is HTTP\)/,
  },
  'listener-certificate-region': {
    fails: ['aws:elbv2:listener:443 Protocol=HTTPS',
      'aws:elbv2:listener:443 SSLCertificateArns=arn:aws:acm:us-east-1:123456789012:certificate/a,arn:aws:acm:eu-west-1:123456789012:certificate/b'],
    passes: ['aws:elbv2:listener:443 Protocol=HTTPS',
      'aws:elbv2:listener:443 SSLCertificateArns=arn:aws:acm:us-east-1:123456789012:certificate/a,arn:aws:iam::123456789012:server-certificate/b'],
    message: /names arn:aws:acm:eu-west-1:123456789012:certificate\/b, which is in eu-west-1/,
  },
  'listener-port': {
    fails: ['aws:elbv2:listener:https ListenerEnabled=true'],
    passes: ['aws:elbv2:listener:8443 ListenerEnabled=true', 'aws:elbv2:listener:default ListenerEnabled=true'],
    message: /names listener 'https'/,
  },
  'listener-rules-defined': {
    fails: ['aws:elbv2:listener:443 Rules=default,api'],
    passes: ['aws:elbv2:listener:443 Rules=default,api', 'aws:elbv2:listenerrule:api PathPatterns=/api/*'],
    message: /Rules: lists rule 'api', which needs HostHeaders or PathPatterns in aws:elbv2:listenerrule:api/,
  },
  'listener-rule-conditions': {
    fails: ['aws:elbv2:listenerrule:api Priority=2'],
    passes: ['aws:elbv2:listener:443 Rules=api', 'aws:elbv2:listenerrule:api HostHeaders=api.example.com', 'aws:elbv2:listenerrule:api Priority=2'],
    message: /\(rule 'api'\) needs HostHeaders or PathPatterns/,
  },
  'process-names': {
    fails: ['aws:elbv2:listener:443 DefaultProcess=api'],
    passes: ['aws:elbv2:listener:443 DefaultProcess=api', 'aws:elasticbeanstalk:environment:process:api Port=8080'],
    message: /DefaultProcess: names process 'api', which is not default nor defined/,
  },
  'process-timeout-interval': {
    fails: ['aws:elasticbeanstalk:environment:process:default HealthCheckTimeout=30',
      'aws:elasticbeanstalk:environment:process:default HealthCheckInterval=30'],
    passes: ['aws:elasticbeanstalk:environment:process:default HealthCheckTimeout=5',
      'aws:elasticbeanstalk:environment:process:default HealthCheckInterval=30'],
    message: /HealthCheckTimeout: must be less than HealthCheckInterval \(30\)/,
  },
  'health-streaming-enhanced': {
    fails: ['aws:elasticbeanstalk:cloudwatch:logs:health HealthStreamingEnabled=true', 'aws:elasticbeanstalk:healthreporting:system SystemType=basic'],
    passes: ['aws:elasticbeanstalk:cloudwatch:logs:health HealthStreamingEnabled=true', 'aws:elasticbeanstalk:healthreporting:system SystemType=enhanced'],
    message: /HealthStreamingEnabled: needs enhanced health/,
  },
  'managed-actions-settings': {
    fails: ['aws:elasticbeanstalk:managedactions ManagedActionsEnabled=true', 'aws:elasticbeanstalk:healthreporting:system SystemType=enhanced'],
    passes: ['aws:elasticbeanstalk:managedactions ManagedActionsEnabled=true', 'aws:elasticbeanstalk:healthreporting:system SystemType=enhanced',
      'aws:elasticbeanstalk:managedactions PreferredStartTime=Sun:03:00', 'aws:elasticbeanstalk:managedactions:platformupdate UpdateLevel=minor'],
    message: /ManagedActionsEnabled: needs aws:elasticbeanstalk:managedactions PreferredStartTime/,
  },
  'batch-size-percentage': {
    fails: ['aws:elasticbeanstalk:command BatchSizeType=Percentage', 'aws:elasticbeanstalk:command BatchSize=150'],
    passes: ['aws:elasticbeanstalk:command BatchSizeType=Fixed', 'aws:elasticbeanstalk:command BatchSize=150'],
    message: /BatchSize: must be at most 100 when BatchSizeType is Percentage/,
  },
  'load-balancer-for-deployment-policy': {
    fails: ['aws:elasticbeanstalk:command DeploymentPolicy=TrafficSplitting', 'aws:elasticbeanstalk:environment LoadBalancerType=network'],
    passes: ['aws:elasticbeanstalk:command DeploymentPolicy=TrafficSplitting', 'aws:elasticbeanstalk:environment LoadBalancerType=application'],
    message: /DeploymentPolicy: needs an application load balancer/,
  },
  'single-instance-no-load-balancer': {
    fails: ['aws:elasticbeanstalk:environment EnvironmentType=SingleInstance', 'aws:elbv2:loadbalancer IdleTimeout=60'],
    passes: ['aws:elasticbeanstalk:environment EnvironmentType=SingleInstance', 'aws:autoscaling:asg MaxSize=1'],
    message: /IdleTimeout: configures a load balancer, which a single-instance environment/,
  },
  'shared-load-balancer-arn': {
    fails: ['aws:elasticbeanstalk:environment LoadBalancerIsShared=true', 'aws:elasticbeanstalk:environment LoadBalancerType=application'],
    passes: ['aws:elasticbeanstalk:environment LoadBalancerIsShared=true', 'aws:elasticbeanstalk:environment LoadBalancerType=application',
      'aws:elbv2:loadbalancer SharedLoadBalancer=arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shared/1'],
    message: /LoadBalancerIsShared: needs aws:elbv2:loadbalancer SharedLoadBalancer/,
  },
  'access-logs-bucket': {
    fails: ['aws:elbv2:loadbalancer AccessLogsS3Enabled=true'],
    passes: ['aws:elbv2:loadbalancer AccessLogsS3Enabled=true', 'aws:elbv2:loadbalancer AccessLogsS3Bucket=logs'],
    message: /AccessLogsS3Enabled: needs aws:elbv2:loadbalancer AccessLogsS3Bucket/,
  },
  'trigger-thresholds': {
    fails: ['aws:autoscaling:trigger LowerThreshold=70', 'aws:autoscaling:trigger UpperThreshold=30'],
    passes: ['aws:autoscaling:trigger LowerThreshold=30', 'aws:autoscaling:trigger UpperThreshold=70'],
    message: /LowerThreshold: must be less than aws:autoscaling:trigger UpperThreshold \(30\)/,
  },
  'scheduled-action': {
    fails: ['aws:autoscaling:scheduledaction MinSize[night]=4', 'aws:autoscaling:scheduledaction MaxSize[night]=2',
      'aws:autoscaling:scheduledaction Recurrence[night]=0 22 * * *'],
    passes: ['aws:autoscaling:scheduledaction MinSize[night]=1', 'aws:autoscaling:scheduledaction MaxSize[night]=2',
      'aws:autoscaling:scheduledaction Recurrence[night]=0 22 * * *'],
    message: /MinSize: \(action 'night'\) must not exceed its MaxSize \(2\)/,
  },
  'spot-needs-enable-spot': {
    fails: ['aws:ec2:instances SpotFleetOnDemandBase=1'],
    passes: ['aws:ec2:instances EnableSpot=true', 'aws:ec2:instances SpotFleetOnDemandBase=1'],
    message: /SpotFleetOnDemandBase: needs aws:ec2:instances EnableSpot true/,
  },
  'spot-on-demand-base': {
    fails: ['aws:ec2:instances EnableSpot=true', 'aws:ec2:instances SpotFleetOnDemandBase=5', 'aws:autoscaling:asg MaxSize=4'],
    passes: ['aws:ec2:instances EnableSpot=true', 'aws:ec2:instances SpotFleetOnDemandBase=4', 'aws:autoscaling:asg MaxSize=4'],
    message: /SpotFleetOnDemandBase: must not exceed aws:autoscaling:asg MaxSize \(4\)/,
  },
  'rolling-min-in-service': {
    fails: ['aws:autoscaling:updatepolicy:rollingupdate MinInstancesInService=4', 'aws:autoscaling:asg MaxSize=4'],
    passes: ['aws:autoscaling:updatepolicy:rollingupdate MinInstancesInService=3', 'aws:autoscaling:asg MaxSize=4'],
    message: /MinInstancesInService: must be less than aws:autoscaling:asg MaxSize \(4\)/,
  },
  'catalog-relations': {
    fails: ['aws:elasticbeanstalk:managedactions:platformupdate InstanceRefreshEnabled=true'],
    passes: ['aws:elasticbeanstalk:managedactions:platformupdate InstanceRefreshEnabled=true',
      'aws:elasticbeanstalk:managedactions ManagedActionsEnabled=true', 'aws:elasticbeanstalk:managedactions PreferredStartTime=Sun:03:00',
      'aws:elasticbeanstalk:managedactions:platformupdate UpdateLevel=minor', 'aws:elasticbeanstalk:healthreporting:system SystemType=enhanced'],
    message: /InstanceRefreshEnabled: needs aws:elasticbeanstalk:managedactions ManagedActionsEnabled true: weekly instance replacement is a managed action/,
  },
  'protocol-for-load-balancer': {
    fails: ['aws:elasticbeanstalk:environment LoadBalancerType=application', 'aws:elbv2:listener:443 Protocol=TCP'],
    passes: ['aws:elasticbeanstalk:environment LoadBalancerType=network', 'aws:elbv2:listener:443 Protocol=TCP'],
    message: /Protocol: must be HTTP or HTTPS with aws:elasticbeanstalk:environment LoadBalancerType application/,
  },
  'network-load-balancer-options': {
    fails: ['aws:elasticbeanstalk:environment LoadBalancerType=network', 'aws:elasticbeanstalk:environment:process:default HealthCheckInterval=15'],
    passes: ['aws:elasticbeanstalk:environment LoadBalancerType=network', 'aws:elasticbeanstalk:environment:process:default HealthCheckInterval=30'],
    message: /HealthCheckInterval: must be 10 or 30 with a network load balancer/,
  },
  'managed-security-group-listed': {
    fails: ['aws:elbv2:loadbalancer ManagedSecurityGroup=sg-0123456789abcdef0', 'aws:elbv2:loadbalancer SecurityGroups=sg-0fedcba9876543210'],
    passes: ['aws:elbv2:loadbalancer ManagedSecurityGroup=sg-0123456789abcdef0', 'aws:elbv2:loadbalancer SecurityGroups=sg-0fedcba9876543210,sg-0123456789abcdef0'],
    message: /ManagedSecurityGroup: must also be in aws:elbv2:loadbalancer SecurityGroups/,
  },
  'listener-rule-priorities': {
    fails: ['aws:elbv2:listener:443 Rules=a,b', 'aws:elbv2:listenerrule:a PathPatterns=/a/*', 'aws:elbv2:listenerrule:a Priority=2',
      'aws:elbv2:listenerrule:b PathPatterns=/b/*', 'aws:elbv2:listenerrule:b Priority=2'],
    passes: ['aws:elbv2:listener:443 Rules=a,b', 'aws:elbv2:listenerrule:a PathPatterns=/a/*', 'aws:elbv2:listenerrule:a Priority=1',
      'aws:elbv2:listenerrule:b PathPatterns=/b/*', 'aws:elbv2:listenerrule:b Priority=2'],
    message: /Priority: \(rule 'b'\) has priority 2, like rule 'a'/,
  },
  'listener-rule-condition-count': {
    fails: ['aws:elbv2:listener:443 Rules=a', 'aws:elbv2:listenerrule:a HostHeaders=a.example.com,b.example.com,c.example.com',
      'aws:elbv2:listenerrule:a PathPatterns=/a,/b,/c'],
    passes: ['aws:elbv2:listener:443 Rules=a', 'aws:elbv2:listenerrule:a HostHeaders=a.example.com,b.example.com', 'aws:elbv2:listenerrule:a PathPatterns=/a,/b,/c'],
    message: /HostHeaders: \(rule 'a'\) has 6 host headers and path patterns/,
  },
  'root-volume-iops': {
    fails: ['aws:autoscaling:launchconfiguration RootVolumeType=gp3', 'aws:autoscaling:launchconfiguration RootVolumeIOPS=1000'],
    passes: ['aws:autoscaling:launchconfiguration RootVolumeType=io2', 'aws:autoscaling:launchconfiguration RootVolumeIOPS=1000',
      'aws:autoscaling:launchconfiguration RootVolumeSize=100'],
    message: /RootVolumeIOPS: must be between 3000 and 16000 for a gp3 root volume/,
  },
  'classic-and-application': {
    fails: ['aws:elb:policies ConnectionDrainingEnabled=true', 'aws:elbv2:loadbalancer IdleTimeout=60'],
    passes: ['aws:elbv2:loadbalancer IdleTimeout=60'],
    message: /must not mix aws:elb:\* \(classic\) and aws:elbv2:\* \(application\)/,
  },
};

describe('cross-option rules', () => {
  test('every rule has a case', () => {
    expect(Object.keys(CASES).sort()).toEqual(OPTION_RULES.map((r) => r.id).sort());
  });

  describe.each(Object.entries(CASES))('%s', (rule, c) => {
    test('fails on the broken combination', () => {
      const found = problems(settings(...c.fails)).filter((p) => p.startsWith(`${rule}:`));
      expect(found).toEqual(expect.arrayContaining([expect.stringMatching(c.message)]));
    });

    test('passes on the fixed combination', () => {
      expect(problems(settings(...c.passes))).toEqual([]);
    });
  });
});

describe('tokens skip only the rules that need their value', () => {
  test('a token MaxSize skips min/max but not the HTTPS listener rule', () => {
    const list = [
      ...settings('aws:autoscaling:asg MinSize=5', 'aws:elbv2:listener:443 Protocol=HTTPS'),
      { namespace: 'aws:autoscaling:asg', optionName: 'MaxSize', value: token('2'), raw: false },
    ];
    const view = checkOptionRules(list, { region: 'us-east-1' });
    expect(view.problems.map((p) => p.rule)).toEqual(['listener-https-certificate']);
    expect(view.skipped).toEqual(expect.arrayContaining([expect.stringMatching(/^asg-min-max \(aws:autoscaling:asg MaxSize is a token\)/)]));
  });

  test('a token certificate ARN still counts as a certificate for the HTTPS rule', () => {
    const list = [
      ...settings('aws:elbv2:listener:443 Protocol=HTTPS'),
      { namespace: 'aws:elbv2:listener:443', optionName: 'SSLCertificateArns', value: token('arn'), raw: false },
    ];
    expect(problems(list)).toEqual([]);
  });

  test('a token on one listener skips that listener only', () => {
    const list = [
      { namespace: 'aws:elbv2:listener:443', optionName: 'Protocol', value: token('HTTPS'), raw: false },
      ...settings('aws:elbv2:listener:8443 Protocol=HTTPS'),
    ];
    const view = checkOptionRules(list, { region: 'us-east-1' });
    expect(view.problems.map((p) => `${p.rule} ${p.setting.namespace}`)).toEqual(['listener-https-certificate aws:elbv2:listener:8443']);
  });

  test('an unknown region skips the certificate region only', () => {
    const list = settings('aws:elbv2:listener:443 Protocol=HTTPS', 'aws:elbv2:listener:443 SSLCertificateArns=arn:aws:acm:eu-west-1:1:certificate/a');
    expect(checkOptionRules(list, {}).problems).toEqual([]);
    expect(problems(list)).toEqual([expect.stringMatching(/^listener-certificate-region: .* is in eu-west-1/)]);
  });
});

describe('catalog relations (needs and excludes), each failing and passing', () => {
  const LC = 'aws:autoscaling:launchconfiguration';
  const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1';
  test.each([
    [`${LC} RootVolumeIOPS=4000`, `${LC} RootVolumeType=gp2`, [`${LC} RootVolumeType=gp3`], /needs .*RootVolumeType \(one of gp3, io1, io2\)/],
    [`${LC} RootVolumeThroughput=250`, `${LC} RootVolumeType=io1`, [`${LC} RootVolumeType=gp3`], /needs .*RootVolumeType gp3/],
    ['aws:ec2:vpc Subnets=subnet-0123abcd', 'aws:ec2:vpc ELBScheme=public', ['aws:ec2:vpc VPCId=vpc-0123abcd'], /needs aws:ec2:vpc VPCId: subnets belong to a VPC/],
    ['aws:elasticbeanstalk:environment LoadBalancerIsShared=true', 'aws:elasticbeanstalk:environment LoadBalancerType=application',
      ['aws:elasticbeanstalk:environment LoadBalancerType=application', `aws:elbv2:loadbalancer SharedLoadBalancer=${ALB}`],
      /needs aws:elbv2:loadbalancer SharedLoadBalancer/],
    [`aws:elbv2:loadbalancer SharedLoadBalancer=${ALB}`, 'aws:elasticbeanstalk:environment LoadBalancerIsShared=false',
      ['aws:elasticbeanstalk:environment LoadBalancerIsShared=true', 'aws:elasticbeanstalk:environment LoadBalancerType=application'],
      /needs aws:elasticbeanstalk:environment LoadBalancerIsShared true/],
    ['aws:elasticbeanstalk:healthreporting:system EnhancedHealthAuthEnabled=true', 'aws:elasticbeanstalk:healthreporting:system SystemType=basic',
      ['aws:elasticbeanstalk:healthreporting:system SystemType=enhanced'], /needs .*SystemType enhanced/],
    ['aws:elasticbeanstalk:environment:process:default StickinessEnabled=true', 'aws:elasticbeanstalk:environment LoadBalancerType=network',
      ['aws:elasticbeanstalk:environment LoadBalancerType=application'], /does not go with .*LoadBalancerType \(one of network, classic\)/],
    ['aws:elbv2:listener:443 SSLPolicy=ELBSecurityPolicy-TLS13-1-2-2021-06', 'aws:elasticbeanstalk:environment LoadBalancerType=classic',
      ['aws:elasticbeanstalk:environment LoadBalancerType=application'], /SSLPolicy: does not go with/],
  ])('%s with %s fails, with %j passes', (subject, breaking, fixing, message) => {
    const relationProblems = (list: string[]) => problems(settings(...list)).filter((p) => p.startsWith('catalog-relations:'));
    expect(relationProblems([subject, breaking])).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    expect(relationProblems([subject, ...fixing])).toEqual([]);
  });

  test('a token in the needed option skips only that relation', () => {
    const list = [
      ...settings(`${LC} RootVolumeIOPS=4000`, 'aws:ec2:vpc Subnets=subnet-0123abcd'),
      { namespace: LC, optionName: 'RootVolumeType', value: token('gp3'), raw: false },
    ];
    expect(problems(list)).toEqual([expect.stringMatching(/^catalog-relations: aws:ec2:vpc Subnets: needs aws:ec2:vpc VPCId/)]);
  });
});
