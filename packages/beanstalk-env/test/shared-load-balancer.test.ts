import { formatNagFindings, nagFindings } from '@ebkit/testing';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BeanstalkApplication, BeanstalkEnvironment, BeanstalkEnvironmentProps, EnvironmentType, OptionCatalog, Platform, SharedLoadBalancer,
  SharedLoadBalancerProps,
} from '../src';
import { expectValidOptionSettings, testStack, testVpc } from './fixtures';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';

function sharedLb(props: Partial<SharedLoadBalancerProps> = {}, stack: Stack = testStack()) {
  const vpc = (props.vpc as ec2.Vpc | undefined) ?? testVpc(stack);
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', CERT);
  const lb = new SharedLoadBalancer(stack, 'SharedAlb', { vpc, certificate, ...props });
  return { stack, vpc, lb };
}

function withEnvironment(props: Partial<BeanstalkEnvironmentProps> = {}) {
  const { stack, vpc, lb } = sharedLb();
  const application = new BeanstalkApplication(stack, 'App', { applicationName: 'shop' });
  const environment = new BeanstalkEnvironment(stack, 'Web', {
    application,
    vpc,
    platform: Platform.NODEJS_22,
    sharedLoadBalancer: lb,
    sharedListenerRules: [{ name: 'shop', hostHeaders: ['shop.example.com', 'www.shop.example.com'] }],
    ...props,
  });
  return { stack, vpc, lb, application, environment };
}

function settings(stack: Stack, id = 'Web'): { [key: string]: string } {
  const template = Template.fromStack(stack);
  expectValidOptionSettings(template);
  const [, env] = Object.entries(template.findResources('AWS::ElasticBeanstalk::Environment')).find(([key]) => key.startsWith(id))!;
  return Object.fromEntries((env as any).Properties.OptionSettings.map((s: any) => [`${s.Namespace} ${s.OptionName}`, s.Value]));
}

describe('SharedLoadBalancer', () => {
  test('is an internet-facing application load balancer in the public subnets, protected from deletion, dropping invalid headers', () => {
    const { stack, vpc } = sharedLb();
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'application',
      Scheme: 'internet-facing',
      Subnets: stack.resolve(vpc.publicSubnets.map((s) => s.subnetId)),
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.prefix', Value: 'shared-alb' },
      ]),
    });
  });

  test('terminates HTTPS on 443 with the certificate and a TLS 1.2+ policy, answering 404 for unknown hosts', () => {
    const { stack } = sharedLb();
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: CERT }],
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      DefaultActions: [Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '404' }) })],
    });
  });

  test('redirects HTTP to HTTPS with a listener action', () => {
    const { stack } = sharedLb();
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
  });

  test('writes access logs to an encrypted, SSL-only bucket that it keeps', () => {
    const { stack } = sharedLb();
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Action: 's3:PutObject' }),
        ]),
      },
    });
  });

  test('has a security group of its own, open on 80 and 443 only', () => {
    const { stack, lb } = sharedLb();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 }),
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80 }),
      ],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      SecurityGroups: [stack.resolve(lb.securityGroup.securityGroupId)],
    });
    template.hasResource('AWS::EC2::SecurityGroup', {
      Metadata: { checkov: { skip: [Match.objectLike({ id: 'CKV_AWS_260', comment: Match.stringLikeRegexp('redirect to HTTPS') })] } },
    });
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const { stack } = sharedLb();
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('can be internal, reachable from the VPC only, with a bucket, prefix, web ACL and more certificates of ours', () => {
    const stack = testStack();
    const vpc = testVpc(stack);
    const bucket = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED });
    const { lb } = sharedLb({
      vpc,
      internal: true,
      accessLogsBucket: bucket,
      accessLogsPrefix: 'alb',
      deletionProtection: false,
      idleTimeout: Duration.minutes(2),
      sslPolicy: elbv2.SslPolicy.TLS13_13,
      webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop/1234',
      removalPolicy: RemovalPolicy.DESTROY,
    }, stack);
    lb.addCertificates(acm.Certificate.fromCertificateArn(stack, 'Cert2', 'arn:aws:acm:us-east-1:123456789012:certificate/def'));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Subnets: stack.resolve(vpc.privateSubnets.map((s) => s.subnetId)),
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }, { Key: 'idle_timeout.timeout_seconds', Value: '120' }]),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIp: stack.resolve(vpc.vpcCidrBlock), FromPort: 443 })]),
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop/1234' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerCertificate', {
      Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/def' }],
    });
    template.resourceCountIs('AWS::S3::Bucket', 1);
    expect(lb.accessLogsBucket).toBe(bucket);
  });

  test('fails when the log retention is given with a bucket of ours, or the web ACL is not a regional one', () => {
    const stack = testStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Logs', 'logs');
    expect(() => sharedLb({ accessLogsBucket: bucket, accessLogsRetention: Duration.days(30), webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/1' }, stack))
      .toThrow(/Stack\/SharedAlb: accessLogsRetention \('30 days'\) applies to the bucket this construct creates[\s\S]*webAclArn \('arn:aws:wafv2:us-east-1:123456789012:global\/webacl\/x\/1'\) must be the ARN of a regional WAF web ACL/);
  });

  test('fails when the idle timeout is out of range', () => {
    expect(() => sharedLb({ idleTimeout: Duration.hours(2) })).toThrow(/idleTimeout \(7200\) must be a whole number between 1 and 4000/);
  });

  test('imports an application load balancer by ARN', () => {
    const stack = testStack();
    const vpc = testVpc(stack);
    const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678');
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shared/0dbf78d8ad96abbc';
    const lb = SharedLoadBalancer.fromSharedLoadBalancerAttributes(stack, 'Lb', { loadBalancerArn: arn, securityGroup, vpc });
    expect(lb.loadBalancerArn).toBe(arn);
    new BeanstalkEnvironment(stack, 'Web', {
      application: new BeanstalkApplication(stack, 'App'),
      vpc,
      platform: Platform.NODEJS_22,
      sharedLoadBalancer: lb,
      sharedListenerRules: [{ name: 'shop', hostHeaders: ['shop.example.com'] }],
    });
    expect(settings(stack)['aws:elbv2:loadbalancer SharedLoadBalancer']).toBe(arn);
    expect(settings(stack)['aws:elbv2:loadbalancer SecurityGroups']).toBe('sg-12345678');
  });

  test('fails when the imported load balancer is a network load balancer', () => {
    const stack = testStack();
    const vpc = testVpc(stack);
    const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678');
    expect(() => SharedLoadBalancer.fromSharedLoadBalancerAttributes(stack, 'Lb', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/shared/0dbf78d8ad96abbc', securityGroup, vpc,
    })).toThrow(/Stack: loadBalancerArn \('arn:aws:elasticloadbalancing:.*loadbalancer\/net\/.*'\) is a network load balancer: Elastic Beanstalk shares only application load balancers/);
    expect(() => SharedLoadBalancer.fromSharedLoadBalancerAttributes(stack, 'Lb2', { loadBalancerArn: 'not-an-arn', securityGroup, vpc }))
      .toThrow(/loadBalancerArn \('not-an-arn'\) must be the ARN of an application load balancer/);
  });
});

describe('BeanstalkEnvironment on a shared load balancer', () => {
  test('marks the load balancer as shared and names it, with its security group', () => {
    const { stack, lb } = withEnvironment();
    const s = settings(stack);
    expect(s['aws:elasticbeanstalk:environment LoadBalancerType']).toBe('application');
    expect(s['aws:elasticbeanstalk:environment LoadBalancerIsShared']).toBe('true');
    expect(s['aws:elbv2:loadbalancer SharedLoadBalancer']).toEqual(stack.resolve(lb.loadBalancerArn));
    expect(s['aws:elbv2:loadbalancer SecurityGroups']).toEqual(stack.resolve(lb.securityGroup.securityGroupId));
  });

  test('adds host-header rules to the HTTPS listener, after Elastic Beanstalk\'s own', () => {
    const { stack } = withEnvironment({
      sharedListenerRules: [
        { name: 'shop', hostHeaders: ['shop.example.com'] },
        { name: 'api', hostHeaders: ['shop.example.com'], pathPatterns: ['/api/*'], priority: 5 },
      ],
    });
    const s = settings(stack);
    expect(s['aws:elbv2:listener:443 Rules']).toBe('default,shop,api');
    expect(s['aws:elbv2:listenerrule:shop HostHeaders']).toBe('shop.example.com');
    expect(s['aws:elbv2:listenerrule:shop Priority']).toBe('1');
    expect(s['aws:elbv2:listenerrule:shop Process']).toBe('default');
    expect(s['aws:elbv2:listenerrule:shop PathPatterns']).toBeUndefined();
    expect(s['aws:elbv2:listenerrule:api PathPatterns']).toBe('/api/*');
    expect(s['aws:elbv2:listenerrule:api Priority']).toBe('5');
  });

  test('leaves listeners, TLS, access logs and the load balancer subnets to the shared load balancer', () => {
    const { stack } = withEnvironment();
    const keys = Object.keys(settings(stack));
    for (const key of ['aws:elbv2:listener:default ListenerEnabled', 'aws:elbv2:loadbalancer IdleTimeout', 'aws:ec2:vpc ELBSubnets',
      'aws:ec2:vpc ELBScheme', 'aws:elbv2:listener:443 SSLPolicy', 'aws:elbv2:loadbalancer AccessLogsS3Enabled']) {
      expect(keys).not.toContain(key);
    }
  });

  test('is created after the load balancer and its listeners', () => {
    const { stack } = withEnvironment();
    const template = Template.fromStack(stack);
    const listeners = Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::Listener'));
    expect(listeners).toHaveLength(2);
    for (const listener of listeners) {
      template.hasResource('AWS::ElasticBeanstalk::Environment', { DependsOn: Match.arrayWith([listener]) });
    }
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const { stack } = withEnvironment();
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('lets two environments share the load balancer with different hosts', () => {
    const { stack, vpc, lb, application } = withEnvironment();
    new BeanstalkEnvironment(stack, 'Admin', {
      application,
      vpc,
      platform: Platform.NODEJS_22,
      sharedLoadBalancer: lb,
      sharedListenerRules: [{ name: 'admin', hostHeaders: ['admin.example.com'] }],
    });
    expect(settings(stack, 'Admin')['aws:elbv2:loadbalancer SharedLoadBalancer']).toEqual(stack.resolve(lb.loadBalancerArn));
    Template.fromStack(stack).resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
  });

  test('fails when two environments claim the same host (a CNAME swap does not move host rules)', () => {
    const { stack, vpc, lb, application } = withEnvironment();
    expect(() => new BeanstalkEnvironment(stack, 'Green', {
      application,
      vpc,
      platform: Platform.NODEJS_22,
      sharedLoadBalancer: lb,
      sharedListenerRules: [{ name: 'shop', hostHeaders: ['SHOP.example.com'] }],
    })).toThrow(/Stack\/Green: sharedListenerRules \('shop.example.com'\) is already routed to Stack\/Web on shared load balancer Stack\/SharedAlb: a host belongs to one environment/);
  });

  test('fails when a shared load balancer has no host rule', () => {
    expect(() => withEnvironment({ sharedListenerRules: [] }))
      .toThrow(/sharedListenerRules \('\[\]'\) must have at least one rule with a host header/);
    expect(() => withEnvironment({ sharedListenerRules: [{ name: 'shop', hostHeaders: [] }] }))
      .toThrow(/sharedListenerRules\[shop\].hostHeaders \('\[\]'\) must name at least one host/);
  });

  test('fails when rule priorities clash or are out of range', () => {
    expect(() => withEnvironment({
      sharedListenerRules: [
        { name: 'a', hostHeaders: ['a.example.com'], priority: 2 },
        { name: 'b', hostHeaders: ['b.example.com'] },
        { name: 'c', hostHeaders: ['c.example.com'], priority: 1001 },
      ],
    })).toThrow(/sharedListenerRules\[b\].priority \(2\) is also the priority of rule 'a': priorities must be unique[\s\S]*sharedListenerRules\[c\].priority \(1001\) must be a whole number between 1 and 1000/);
  });

  test('fails when rule names are reserved, repeated or not letters and digits', () => {
    expect(() => withEnvironment({
      sharedListenerRules: [
        { name: 'default', hostHeaders: ['a.example.com'] },
        { name: 'shop', hostHeaders: ['b.example.com'] },
        { name: 'shop', hostHeaders: ['c.example.com'] },
        { name: 'my_rule', hostHeaders: ['d.example.com'] },
      ],
    })).toThrow(/\[default\].name \('default'\) is the name of Elastic Beanstalk's own rule[\s\S]*\[shop\].name \('shop'\) is the name of another rule[\s\S]*\[my_rule\].name \('my_rule'\) must be 1 to 64 letters and digits/);
  });

  test('fails when hosts or paths are not valid conditions, or a rule has too many', () => {
    expect(() => withEnvironment({
      sharedListenerRules: [
        { name: 'a', hostHeaders: ['shop example.com', '*.*.*.*.example.com'] },
        { name: 'b', hostHeaders: ['b.example.com'], pathPatterns: ['api/*'] },
        { name: 'c', hostHeaders: ['c1.example.com', 'c2.example.com', 'c3.example.com'], pathPatterns: ['/x', '/y'] },
      ],
    })).toThrow(/hostHeaders \('shop example.com'\) must be a host name[\s\S]*hostHeaders \('\*.\*.\*.\*.example.com'\) must be a host name[\s\S]*pathPatterns \('api\/\*'\) must be a path[\s\S]*sharedListenerRules\[c\] \('5 host headers and path patterns'\) must have at most 4/);
  });

  test('fails when listener, TLS or log props are set on an environment that shares a load balancer', () => {
    const stack = testStack();
    expect(() => withEnvironment({
      certificate: acm.Certificate.fromCertificateArn(stack, 'C', CERT),
      internalLoadBalancer: true,
      idleTimeout: Duration.minutes(2),
    })).toThrow(/certificate \('Stack\/C'\) is configured on the shared load balancer[\s\S]*internalLoadBalancer \(true\) is configured on the shared load balancer[\s\S]*idleTimeout \('2 minutes'\) is configured/);
  });

  test('fails when a single-instance environment names a shared load balancer', () => {
    expect(() => withEnvironment({ environmentType: EnvironmentType.SINGLE_INSTANCE, maxInstances: 1 }))
      .toThrow(/sharedLoadBalancer \('Stack\/SharedAlb'\) needs a load-balanced environment/);
  });

  test('fails when rules are given without a shared load balancer', () => {
    const stack = testStack();
    expect(() => new BeanstalkEnvironment(stack, 'Web', {
      application: new BeanstalkApplication(stack, 'App'),
      vpc: testVpc(stack),
      platform: Platform.NODEJS_22,
      sharedListenerRules: [{ name: 'shop', hostHeaders: ['shop.example.com'] }],
    })).toThrow(/sharedListenerRules \('shop'\) route traffic on a shared load balancer: give sharedLoadBalancer too/);
  });

  test('fails when the shared load balancer is in another VPC', () => {
    const stack = testStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Other', {
      vpcId: 'vpc-0000000a', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'], publicSubnetIds: ['subnet-2'],
    });
    const lb = SharedLoadBalancer.fromSharedLoadBalancerAttributes(stack, 'Lb', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1',
      securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-1'),
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'LbVpc', { vpcId: 'vpc-0000000b', availabilityZones: ['us-east-1a'] }),
    });
    expect(() => new BeanstalkEnvironment(stack, 'Web', {
      application: new BeanstalkApplication(stack, 'App'),
      vpc,
      platform: Platform.NODEJS_22,
      sharedLoadBalancer: lb,
      sharedListenerRules: [{ name: 'shop', hostHeaders: ['shop.example.com'] }],
    })).toThrow(/sharedLoadBalancer \('Stack\/Lb'\) must be in the environment's VPC \(vpc-0000000a\), not vpc-0000000b/);
  });

  test('fails at synth when a raw setting configures what belongs to the shared load balancer', () => {
    const { stack } = withEnvironment({
      optionSettings: [{ namespace: 'aws:elbv2:listener:443', optionName: 'SSLPolicy', value: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }],
    });
    expect(() => Template.fromStack(stack))
      .toThrow(/Stack\/Web: option setting aws:elbv2:listener:443 SSLPolicy does not apply to a shared load balancer/);
  });

  test('lists the catalog\'s shared load balancer options', () => {
    expect(OptionCatalog.isKnownOption('aws:elasticbeanstalk:environment', 'LoadBalancerIsShared')).toBe(true);
    expect(OptionCatalog.isKnownOption('aws:elbv2:loadbalancer', 'SharedLoadBalancer')).toBe(true);
    expect(OptionCatalog.check('aws:elbv2:listenerrule:shop', 'Priority', '1001')).toMatch(/between 1 and 1000/);
  });
});
