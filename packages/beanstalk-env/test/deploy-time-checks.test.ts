import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  AvailabilityZoneCount, BeanstalkApplication, BeanstalkEnvironment, BeanstalkEnvironmentProps, EnvironmentType, Platform, SharedLoadBalancer,
} from '../src';
import { testStack, testVpc } from './fixtures';

/**
 * Inputs that passed synth and failed minutes into a deployment (issue 17):
 * each one now fails at synth, naming the construct path, the prop, the value
 * and what is expected.
 */

function build(props: Partial<BeanstalkEnvironmentProps> = {}, stack: Stack = testStack(), vpc?: ec2.IVpc) {
  const application = new BeanstalkApplication(stack, 'App', { applicationName: 'shop' });
  const environment = new BeanstalkEnvironment(stack, 'Web', {
    application,
    vpc: vpc ?? testVpc(stack),
    platform: Platform.NODEJS_22,
    ...props,
  });
  return { stack, environment };
}

const t = (name: string) => new ec2.InstanceType(name);

describe('instanceTypes of one CPU architecture', () => {
  test('rejects an x86 and a Graviton type together', () => {
    expect(() => build({ instanceTypes: [t('t3.small'), t('t4g.small'), t('m7g.large')] })).toThrow(
      "Stack/Web: instanceTypes ('t3.small,t4g.small,m7g.large') mix CPU architectures (x86_64: t3.small; arm64: t4g.small, m7g.large): "
      + 'the environment runs one platform AMI, built for one architecture, so every instance type must share it '
      + '(use only Graviton or only x86 types)');
  });

  test.each([[['t3.small', 'm7a.large', 'c6i.xlarge']], [['t4g.small', 'm7g.large', 'c8g.xlarge']]])('accepts %j', (names) => {
    expect(() => build({ instanceTypes: names.map(t) })).not.toThrow();
  });

  test('rejects a name that is not an instance type', () => {
    expect(() => build({ instanceTypes: [t('small')] }))
      .toThrow("Stack/Web: instanceTypes ('small') is not an EC2 instance type: expected family.size, e.g. t3.small or m7g.large");
  });

  test('does not judge a type that is a token', () => {
    expect(() => build({ instanceTypes: [t(Token.asString({ resolve: () => 'm7g.large' })), t('t3.small')] })).not.toThrow();
  });
});

describe('certificate of the stack\'s region', () => {
  test('rejects an ACM certificate of another region', () => {
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc');
    expect(() => build({ certificate }, stack)).toThrow(
      "Stack/Web: certificate ('arn:aws:acm:eu-west-1:123456789012:certificate/abc') is in eu-west-1: a load balancer in us-east-1 "
      + 'can only use an ACM certificate of its own region (request or import the certificate in us-east-1)');
  });

  test('accepts an ACM certificate of the stack\'s region and an IAM server certificate', () => {
    for (const arn of ['arn:aws:acm:us-east-1:123456789012:certificate/abc', 'arn:aws:iam::123456789012:server-certificate/legacy']) {
      const stack = testStack();
      expect(() => build({ certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', arn) }, stack)).not.toThrow();
    }
  });

  test('rejects an ARN that is not a certificate\'s', () => {
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:s3:::bucket');
    expect(() => build({ certificate }, stack)).toThrow(/certificate \('arn:aws:s3:::bucket'\) must be the ARN of an ACM certificate/);
  });

  test('skips the check when the ARN or the region is a token', () => {
    const stack = testStack();
    const token = Token.asString({ resolve: () => 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' });
    expect(() => build({ certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', token) }, stack)).not.toThrow();
    const agnostic = new Stack(new App(), 'Agnostic');
    const certificate = acm.Certificate.fromCertificateArn(agnostic, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc');
    const vpc = new ec2.Vpc(agnostic, 'Vpc', { maxAzs: 2, natGateways: 1 });
    expect(() => build({ certificate }, agnostic, vpc)).not.toThrow();
  });

  test('rejects a raw SSLCertificateArns of another region at synth', () => {
    const { stack } = build({
      optionSettings: [
        { namespace: 'aws:elbv2:listener:8443', optionName: 'Protocol', value: 'HTTPS' },
        { namespace: 'aws:elbv2:listener:8443', optionName: 'SSLCertificateArns', value: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' },
      ],
    });
    expect(() => Template.fromStack(stack)).toThrow(
      "Stack/Web: optionSettings ('aws:elbv2:listener:8443 SSLCertificateArns=arn:aws:acm:eu-west-1:123456789012:certificate/abc') "
      + 'is in eu-west-1: a load balancer in us-east-1 can only use an ACM certificate of its own region');
  });
});

describe('subnets the load balancer and the instances need', () => {
  test('rejects a VPC with one availability zone for a load-balanced environment', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'OneAz', { availabilityZones: ['us-east-1a'], natGateways: 1 });
    expect(() => build({}, stack, vpc)).toThrow(
      "Stack/Web: vpc ('Stack/OneAz') has its public subnets in one availability zone (us-east-1a): an application load balancer "
      + 'needs subnets in at least two; use a VPC with two or more zones, or a single-instance environment');
  });

  test('accepts a VPC with one availability zone for a single-instance environment', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'OneAz', { availabilityZones: ['us-east-1a'], natGateways: 1 });
    expect(() => build({ environmentType: EnvironmentType.SINGLE_INSTANCE }, stack, vpc)).not.toThrow();
  });

  test('rethrows aws-cdk-lib\'s error for a VPC without the subnet type it needs, naming the prop', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Isolated', {
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    expect(() => build({}, stack, vpc)).toThrow(
      /Stack\/Web: 2 invalid props:\n {2}Stack\/Web: vpc \('Stack\/Isolated'\) has no Private subnets, which the instances of a load-balanced environment need \(There are no 'Private' subnet groups in this VPC/);
  });

  test('rejects Any 3 availability zones with instance subnets in two', () => {
    expect(() => build({ availabilityZones: AvailabilityZoneCount.ANY_3 })).toThrow(
      "Stack/Web: availabilityZones ('Any 3') needs instance subnets in 3 availability zones; vpc Stack/Vpc has them in 2 (us-east-1a, us-east-1b)");
  });

  test('skips the zone count of an imported VPC whose zones are tokens', () => {
    const stack = testStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-1',
      availabilityZones: [Token.asString({ resolve: () => 'us-east-1a' })],
      publicSubnetIds: ['subnet-1'],
      privateSubnetIds: ['subnet-2'],
    });
    expect(() => build({}, stack, vpc)).not.toThrow();
  });
});

describe('raw HTTPS listener without a certificate', () => {
  test('fails at synth, naming the setting and the option it needs', () => {
    const { stack } = build({
      optionSettings: [
        { namespace: 'aws:elbv2:listener:443', optionName: 'ListenerEnabled', value: 'true' },
        { namespace: 'aws:elbv2:listener:443', optionName: 'Protocol', value: 'HTTPS' },
      ],
    });
    expect(() => Template.fromStack(stack)).toThrow(
      "Stack/Web: optionSettings ('aws:elbv2:listener:443 Protocol=HTTPS') needs SSLCertificateArns in aws:elbv2:listener:443: "
      + 'an HTTPS listener without a certificate fails to be created (or use the certificate prop, which sets the listener on port 443)');
  });

  test('passes with the certificate prop', () => {
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const { stack: s } = build({ certificate }, stack);
    expect(() => Template.fromStack(s)).not.toThrow();
  });
});

describe('SharedLoadBalancer certificates and subnets', () => {
  function shared(certificateArn: string, vpcOf: (stack: Stack) => ec2.IVpc = testVpc) {
    const stack = testStack();
    const vpc = vpcOf(stack);
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', certificateArn);
    return { stack, lb: new SharedLoadBalancer(stack, 'SharedAlb', { vpc, certificate }) };
  }

  test('rejects a certificate of another region, in the props and in addCertificates', () => {
    expect(() => shared('arn:aws:acm:eu-west-1:123456789012:certificate/abc'))
      .toThrow("Stack/SharedAlb: certificate ('arn:aws:acm:eu-west-1:123456789012:certificate/abc') is in eu-west-1");
    const { stack, lb } = shared('arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const other = acm.Certificate.fromCertificateArn(stack, 'Other', 'arn:aws:acm:us-west-2:123456789012:certificate/def');
    expect(() => lb.addCertificates(other))
      .toThrow("Stack/SharedAlb: addCertificates ('arn:aws:acm:us-west-2:123456789012:certificate/def') is in us-west-2");
  });

  test('rejects a VPC whose public subnets are in one availability zone', () => {
    expect(() => shared('arn:aws:acm:us-east-1:123456789012:certificate/abc',
      (stack) => new ec2.Vpc(stack, 'OneAz', { availabilityZones: ['us-east-1a'], natGateways: 1 })))
      .toThrow("Stack/SharedAlb: vpc ('Stack/OneAz') has its Public subnets in 1 availability zone(s) (us-east-1a): "
        + 'an application load balancer needs subnets in at least two');
  });
});

describe('sweep: what the services refuse for the other props', () => {
  const fails: [string, Partial<BeanstalkEnvironmentProps>, string | RegExp][] = [
    ['internalLoadBalancer on a single instance', { environmentType: EnvironmentType.SINGLE_INSTANCE, internalLoadBalancer: true },
      'Stack/Web: internalLoadBalancer (true) needs a load balancer: a single-instance environment has none'],
    ['instanceRefresh without managed updates', { managedUpdates: false, instanceRefresh: true },
      'Stack/Web: instanceRefresh (true) configures managed updates, which managedUpdates false turns off'],
    ['more than 500 IOPS per GiB', { rootVolumeSize: 10, rootVolumeIops: 6000 },
      'Stack/Web: rootVolumeIops (6000) must be at most 500 per GiB of rootVolumeSize (10 GiB: 5000)'],
    ['throughput above a quarter of the IOPS', { rootVolumeThroughput: 800 },
      'Stack/Web: rootVolumeThroughput (800) must be at most a quarter of the IOPS in MiB/s (3000 IOPS: 750)'],
    ['a health check path with a space', { healthCheckPath: '/health check' },
      "Stack/Web: healthCheckPath ('/health check') must start with '/' (a path of up to 1024 printable characters, no spaces)"],
    ['an access logs prefix with AWSLogs', { accessLogsPrefix: 'web/AWSLogs' }, /accessLogsPrefix \('web\/AWSLogs'\) must not start or end with '\/' nor contain AWSLogs/],
    ['an environment variable name with a space', { environmentVariables: { 'MY VAR': 'x' } },
      /environmentVariables \('MY VAR'\) must be a name of letters, digits/],
    ['environment variables over 4096 bytes', { environmentVariables: { BIG: 'x'.repeat(4093) } },
      "Stack/Web: environmentVariables ('4097 bytes') must total at most 4096 bytes of name=value"],
    ['a latency threshold of a fraction of a millisecond', { alarmLatencyThreshold: Duration.millis(0.5) },
      "Stack/Web: alarmLatencyThreshold ('0.5 millis') must be a whole number of milliseconds above 0"],
    ['two scheduled actions of one name', {
      scheduledActions: [{ name: 'night', minInstances: 1, recurrence: '0 22 * * *' }, { name: 'night', minInstances: 2, recurrence: '0 6 * * *' }],
    }, "Stack/Web: scheduledActions[night].name ('night') is the name of another scheduled action"],
    ['a start time that is not ISO 8601', { scheduledActions: [{ name: 'sale', minInstances: 4, startTime: '24/12/2026 22:00' }] },
      /scheduledActions\[sale\].startTime \('24\/12\/2026 22:00'\) must be an ISO 8601 UTC timestamp/],
    ['an end time before the start time', {
      scheduledActions: [{ name: 'sale', minInstances: 4, recurrence: '0 8 * * *', startTime: '2026-12-24T00:00:00Z', endTime: '2026-12-01T00:00:00Z' }],
    }, /scheduledActions\[sale\].endTime \('2026-12-01T00:00:00Z'\) must be after startTime/],
    ['a solution stack name that is not one', { platform: Platform.fromSolutionStack('Node.js 22') },
      /platform \('Node.js 22'\) must be a solution stack name such as/],
    ['a platform ARN of another region', {
      platform: Platform.fromPlatformArn('arn:aws:elasticbeanstalk:eu-west-1::platform/Node.js 22 running on 64bit Amazon Linux 2023/6.6.4'),
    }, /is a platform of eu-west-1: an environment in us-east-1 needs a platform ARN of its own region/],
    ['Graviton types on Windows', {
      platform: Platform.fromSolutionStack('64bit Windows Server 2022 v2.16.0 running IIS 10.0'), instanceTypes: [t('m7g.large')],
    }, "Stack/Web: instanceTypes ('m7g.large') are Graviton (arm64) types: Windows Server platforms run on x86_64 instance types only"],
  ];
  test.each(fails)('rejects %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  const passes: [string, Partial<BeanstalkEnvironmentProps>][] = [
    ['internalLoadBalancer on a load-balanced environment', { internalLoadBalancer: true }],
    ['managed update settings with managed updates', { instanceRefresh: true, managedUpdateWindow: 'Tue:09:00' }],
    ['IOPS within 500 per GiB and throughput within a quarter of them', { rootVolumeSize: 20, rootVolumeIops: 10000, rootVolumeThroughput: 1000 }],
    ['a path with a query', { healthCheckPath: '/health?deep=1' }],
    ['an access logs prefix', { accessLogsPrefix: 'web/prod' }],
    ['environment variables within 4096 bytes', { environmentVariables: { 'BIG': 'x'.repeat(4080), 'app.mode': 'on' } }],
    ['a whole number of milliseconds', { alarmLatencyThreshold: Duration.millis(1500) }],
    ['scheduled actions of distinct names and ISO times', {
      scheduledActions: [{ name: 'night', minInstances: 1, recurrence: '0 22 * * *', startTime: '2026-12-01T00:00:00Z', endTime: '2026-12-24T00:00:00Z' },
        { name: 'day', minInstances: 2, recurrence: '0 6 * * *' }],
    }],
    ['a platform ARN of the stack\'s region', {
      platform: Platform.fromPlatformArn('arn:aws:elasticbeanstalk:us-east-1::platform/Node.js 22 running on 64bit Amazon Linux 2023/6.6.4'),
    }],
    ['x86 types on Windows', { platform: Platform.fromSolutionStack('64bit Windows Server 2022 v2.16.0 running IIS 10.0'), instanceTypes: [t('m7i.large')] }],
  ];
  test.each(passes)('accepts %s', (_, props) => {
    expect(() => build(props)).not.toThrow();
  });
});

describe('duplicate raw settings name the value and who set it first', () => {
  test('an option the construct manages without a prop', () => {
    const { stack, environment } = build();
    environment.addOptionSetting('aws:elasticbeanstalk:hostmanager', 'LogPublicationControl', 'false');
    expect(() => Template.fromStack(stack)).toThrow("Stack/Web: optionSettings (aws:elasticbeanstalk:hostmanager LogPublicationControl='false') "
      + "is already set to 'true': the construct manages it (no prop changes it); remove the raw setting");
  });

  test('an earlier raw setting', () => {
    const { stack, environment } = build();
    environment.addOptionSetting('aws:elasticbeanstalk:environment:proxy', 'ProxyServer', 'nginx');
    environment.addOptionSetting('aws:elasticbeanstalk:environment:proxy', 'ProxyServer', 'apache');
    expect(() => Template.fromStack(stack)).toThrow("Stack/Web: optionSettings (aws:elasticbeanstalk:environment:proxy ProxyServer='apache') "
      + "is already set by an earlier raw setting, to 'nginx'; keep one of them");
  });

  test('a value known at deploy time is not printed', () => {
    const { stack, environment } = build();
    environment.addOptionSetting('aws:ec2:vpc', 'VPCId', 'vpc-0123456789abcdef0');
    expect(() => Template.fromStack(stack)).toThrow("Stack/Web: optionSettings (aws:ec2:vpc VPCId='vpc-0123456789abcdef0') "
      + 'is already set to a value known at deploy time: the typed prop vpc sets it; use vpc instead');
  });
});

describe('did-you-mean on a misspelt raw setting', () => {
  test('names the option meant', () => {
    expect(() => build({ optionSettings: [{ namespace: 'aws:elasticbeanstalk:environment:proxy', optionName: 'ProxyServers', value: 'nginx' }] }))
      .toThrow(/option 'ProxyServers' is not in namespace 'aws:elasticbeanstalk:environment:proxy' of the option catalog \(did you mean 'ProxyServer'\?\)/);
  });
});
