import * as path from 'path';
import { formatNagFindings, nagFindings, normalizedTemplate } from '@ebkit/testing';
import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  BeanstalkApplication, BeanstalkApplicationVersion, BeanstalkEnvironment, BeanstalkEnvironmentProps, Platform,
  SourceBundle,
} from '../src';
import { testStack, testVpc } from './fixtures';

function setting(namespace: string, optionName: string, value?: any) {
  return Match.objectLike({ Namespace: namespace, OptionName: optionName, ...(value === undefined ? {} : { Value: value }) });
}

function build(props: Partial<BeanstalkEnvironmentProps> = {}, stack: Stack = testStack()) {
  const vpc = testVpc(stack);
  const application = new BeanstalkApplication(stack, 'App', { applicationName: 'shop' });
  const environment = new BeanstalkEnvironment(stack, 'Web', {
    application,
    vpc,
    platform: Platform.NODEJS_22,
    ...props,
  });
  return { stack, vpc, application, environment };
}

function hasSetting(stack: Stack, namespace: string, optionName: string, value?: any) {
  Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::Environment', {
    OptionSettings: Match.arrayWith([setting(namespace, optionName, value)]),
  });
}

function settingsOf(stack: Stack): any[] {
  const envs = Template.fromStack(stack).findResources('AWS::ElasticBeanstalk::Environment');
  return Object.values(envs).flatMap((r: any) => r.Properties.OptionSettings);
}

describe('BeanstalkEnvironment defaults', () => {
  test('matches the snapshot of its defaults', () => {
    const { stack } = build();
    expect(normalizedTemplate(stack)).toMatchSnapshot();
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const { stack } = build();
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('is a load-balanced web server with an application load balancer', () => {
    const { stack } = build();
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::Environment', {
      Tier: { Name: 'WebServer', Type: 'Standard' },
      SolutionStackName: '64bit Amazon Linux 2023 v6.6.4 running Node.js 22',
    });
    hasSetting(stack, 'aws:elasticbeanstalk:environment', 'EnvironmentType', 'LoadBalanced');
    hasSetting(stack, 'aws:elasticbeanstalk:environment', 'LoadBalancerType', 'application');
  });

  test('never emits classic load balancer settings or the deprecated InstanceType', () => {
    const { stack } = build();
    const settings = settingsOf(stack);
    expect(settings.filter((s) => s.Namespace.startsWith('aws:elb:'))).toEqual([]);
    expect(settings.filter((s) => s.OptionName === 'InstanceType')).toEqual([]);
  });

  test('puts instances in private subnets without public IPs and the load balancer in public subnets', () => {
    const { stack, vpc } = build();
    const resolve = (ids: string[]) => stack.resolve(ids.join(','));
    hasSetting(stack, 'aws:ec2:vpc', 'VPCId', stack.resolve(vpc.vpcId));
    hasSetting(stack, 'aws:ec2:vpc', 'Subnets', resolve(vpc.privateSubnets.map((s) => s.subnetId)));
    hasSetting(stack, 'aws:ec2:vpc', 'ELBSubnets', resolve(vpc.publicSubnets.map((s) => s.subnetId)));
    hasSetting(stack, 'aws:ec2:vpc', 'AssociatePublicIpAddress', 'false');
    hasSetting(stack, 'aws:ec2:vpc', 'ELBScheme', 'public');
  });

  test('runs 2 to 4 t3.small instances', () => {
    const { stack } = build();
    hasSetting(stack, 'aws:ec2:instances', 'InstanceTypes', 't3.small');
    hasSetting(stack, 'aws:autoscaling:asg', 'MinSize', '2');
    hasSetting(stack, 'aws:autoscaling:asg', 'MaxSize', '4');
  });

  test('checks /health on the default process', () => {
    const { stack } = build();
    hasSetting(stack, 'aws:elasticbeanstalk:environment:process:default', 'HealthCheckPath', '/health');
  });

  test('attaches its own security group, instance profile and IMDSv2 only', () => {
    const { stack, environment } = build();
    hasSetting(stack, 'aws:autoscaling:launchconfiguration', 'SecurityGroups',
      stack.resolve(environment.securityGroup.securityGroupId));
    hasSetting(stack, 'aws:autoscaling:launchconfiguration', 'IamInstanceProfile', { Ref: Match.stringLikeRegexp('WebInstanceProfile') });
    hasSetting(stack, 'aws:autoscaling:launchconfiguration', 'DisableIMDSv1', 'true');
    Template.fromStack(stack).resourceCountIs('AWS::EC2::SecurityGroup', 1);
  });

  test('uses a service role Elastic Beanstalk may assume with its external id', () => {
    const { stack, environment } = build();
    hasSetting(stack, 'aws:elasticbeanstalk:environment', 'ServiceRole', stack.resolve(environment.serviceRole.roleArn));
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { Service: 'elasticbeanstalk.amazonaws.com' },
          Condition: { StringEquals: { 'sts:ExternalId': 'elasticbeanstalk' } },
        })],
      },
    });
  });

  test('gives the instances a scoped policy instead of AWSElasticBeanstalkWebTier', () => {
    const { stack } = build();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'elasticbeanstalk:PutInstanceStatistics',
          Resource: Match.arrayWith([{ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':environment/')])] }]),
        })]),
      },
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/AWSElasticBeanstalkWebTier/);
  });

  test('exposes the CNAME built from the prefix and region, not the load balancer address', () => {
    const { stack, environment } = build({ cnamePrefix: 'shop-blue' });
    expect(environment.cname).toBe('shop-blue.us-east-1.elasticbeanstalk.com');
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::Environment', { CNAMEPrefix: 'shop-blue' });
  });

  test('derives a valid, stable CNAME prefix from the construct path', () => {
    const { environment } = build();
    expect(environment.cnamePrefix).toMatch(/^stack-web-[0-9a-f]{8}$/);
    expect(build().environment.cnamePrefix).toBe(environment.cnamePrefix);
  });

  test('exposes the environment name as a reference', () => {
    const { stack, environment } = build();
    expect(stack.resolve(environment.environmentName)).toEqual({ Ref: expect.stringMatching(/^Web[0-9A-F]{8}$/) });
  });
});

describe('BeanstalkEnvironment props', () => {
  test('sets the environment name', () => {
    const { stack } = build({ environmentName: 'shop-blue' });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::Environment', { EnvironmentName: 'shop-blue' });
  });

  test('lists every instance type in InstanceTypes', () => {
    const { stack } = build({ instanceTypes: [new ec2.InstanceType('m7g.large'), new ec2.InstanceType('m6g.large')] });
    hasSetting(stack, 'aws:ec2:instances', 'InstanceTypes', 'm7g.large,m6g.large');
  });

  test('passes environment variables in plaintext', () => {
    const { stack } = build({ environmentVariables: { NODE_ENV: 'production' } });
    hasSetting(stack, 'aws:elasticbeanstalk:application:environment', 'NODE_ENV', 'production');
  });

  test('passes secrets by ARN and lets the instances read them', () => {
    const stack = testStack();
    const secret = new secretsmanager.Secret(stack, 'DbSecret');
    Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'test fixture' });
    build({ environmentSecrets: { DB_SECRET: secret } }, stack);
    hasSetting(stack, 'aws:elasticbeanstalk:application:environmentsecrets', 'DB_SECRET', { Ref: Match.stringLikeRegexp('DbSecret') });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: { Ref: Match.stringLikeRegexp('DbSecret') },
        })]),
      },
    });
  });

  test('lets the instances decrypt a secret encrypted with a key of ours, through Secrets Manager only', () => {
    const stack = testStack();
    const secret = new secretsmanager.Secret(stack, 'DbSecret', { encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) });
    build({ environmentSecrets: { DB_SECRET: secret } }, stack);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt',
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
        })]),
      },
    });
  });

  test('uses a given security group instead of creating one', () => {
    const stack = testStack();
    const vpc = testVpc(stack);
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    const environment = new BeanstalkEnvironment(stack, 'Web', {
      application: new BeanstalkApplication(stack, 'App'), vpc, platform: Platform.NODEJS_22, securityGroup: sg,
    });
    expect(environment.securityGroup).toBe(sg);
    Template.fromStack(stack).resourceCountIs('AWS::EC2::SecurityGroup', 1);
  });

  test('lets a database trust its security group through connections', () => {
    const { stack, vpc, environment } = build();
    const db = new ec2.SecurityGroup(stack, 'Db', { vpc });
    db.connections.allowFrom(environment, ec2.Port.tcp(5432));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      SourceSecurityGroupId: stack.resolve(environment.securityGroup.securityGroupId),
    });
  });

  test('adds an HTTPS listener with TLS 1.2+ when given a certificate', () => {
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    build({ certificate }, stack);
    hasSetting(stack, 'aws:elbv2:listener:443', 'Protocol', 'HTTPS');
    hasSetting(stack, 'aws:elbv2:listener:443', 'SSLCertificateArns', certificate.certificateArn);
    hasSetting(stack, 'aws:elbv2:listener:443', 'SSLPolicy', 'ELBSecurityPolicy-TLS13-1-2-2021-06');
  });

  test('deploys a given application version', () => {
    const stack = testStack();
    const application = new BeanstalkApplication(stack, 'App');
    const version = new BeanstalkApplicationVersion(stack, 'V1', {
      application, sourceBundle: SourceBundle.fromAsset(path.join(__dirname, 'sample-app')),
    });
    const vpc = testVpc(stack);
    new BeanstalkEnvironment(stack, 'Web', { application, vpc, platform: Platform.NODEJS_22, version });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::Environment', {
      VersionLabel: { Ref: Match.stringLikeRegexp('^V1') },
    });
  });

  test('runs on a platform given by ARN', () => {
    const arn = 'arn:aws:elasticbeanstalk:us-east-1::platform/Node.js 22 running on 64bit Amazon Linux 2023/6.6.4';
    const { stack } = build({ platform: Platform.fromPlatformArn(arn) });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::Environment', {
      PlatformArn: arn,
      SolutionStackName: Match.absent(),
    });
  });
});

describe('BeanstalkEnvironment bad input', () => {
  test('fails when minInstances exceeds maxInstances', () => {
    expect(() => build({ minInstances: 5, maxInstances: 2 }))
      .toThrow(/Stack\/Web: minInstances \(5\) must not exceed maxInstances \(2\)/);
  });

  test('fails when minInstances is below 1', () => {
    expect(() => build({ minInstances: 0 })).toThrow(/Stack\/Web: minInstances \(0\) must be a whole number between 1 and 1000/);
  });

  test('fails when maxInstances is above 1000', () => {
    expect(() => build({ maxInstances: 5000 })).toThrow(/Stack\/Web: maxInstances \(5000\) must be a whole number between 1 and 1000/);
  });

  test.each(['abc', '-shop-blue', 'shop-blue-', 'shop_blue', 'a'.repeat(41)])('fails when the environment name is %s', (name) => {
    expect(() => build({ environmentName: name }))
      .toThrow(/Stack\/Web: environmentName \('.*'\) must be 4 to 40 letters, digits and hyphens, not starting or ending with a hyphen/);
  });

  test.each(['abc', '-shop', 'shop-', 'shop.blue', 'a'.repeat(64)])('fails when the CNAME prefix is %s', (prefix) => {
    expect(() => build({ cnamePrefix: prefix }))
      .toThrow(/Stack\/Web: cnamePrefix \('.*'\) must be 4 to 63 letters, digits and hyphens/);
  });

  test('fails when the health check path does not start with a slash', () => {
    expect(() => build({ healthCheckPath: 'health' })).toThrow(/Stack\/Web: healthCheckPath \('health'\) must start with '\/'/);
  });

  test.each(['DB_PASSWORD', 'STRIPE_SECRET_KEY', 'GITHUB_TOKEN', 'AWS_ACCESS_KEY_ID', 'api_key'])(
    'fails when the plaintext environment variable %s looks like a secret', (key) => {
      expect(() => build({ environmentVariables: { [key]: 'x' } }))
        .toThrow(new RegExp(`Stack/Web: environmentVariables \\('${key}'\\) looks like a secret: pass it in environmentSecrets`));
    });

  test('fails when a variable is both plaintext and secret', () => {
    const stack = testStack();
    const secret = new secretsmanager.Secret(stack, 'S');
    expect(() => build({ environmentVariables: { DB_URL: 'x' }, environmentSecrets: { DB_URL: secret } }, stack))
      .toThrow(/environmentSecrets \('DB_URL'\) is also a plaintext environment variable/);
  });

  test('fails when no instance type is given', () => {
    expect(() => build({ instanceTypes: [] })).toThrow(/instanceTypes \(\[\]\) must name at least one instance type/);
  });

  test('lists every problem at once', () => {
    expect(() => build({ minInstances: 0, healthCheckPath: 'x' })).toThrow(/Stack\/Web: 2 invalid props/);
  });
});
