import * as path from 'path';
import { formatNagFindings, nagFindings, normalizedTemplate } from '@ebkit/testing';
import { App, Duration, Lazy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import {
  AvailabilityZoneCount, BatchSize, DeploymentPolicy, EnvironmentType, RollingUpdateType, ScalingStatistic, ScalingTrigger,
  UpdateLevel,
  BeanstalkApplication, BeanstalkApplicationVersion, BeanstalkEnvironment, BeanstalkEnvironmentProps, Platform,
  SourceBundle,
} from '../src';
import { expectValidOptionSettings, testStack, testVpc } from './fixtures';

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
  expectValidOptionSettings(Template.fromStack(stack));
  Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::Environment', {
    OptionSettings: Match.arrayWith([setting(namespace, optionName, value)]),
  });
}

/** The security groups the environment creates (not the EBS encryption function's, a stack-wide singleton). */
function environmentSecurityGroups(stack: Stack): string[] {
  return Object.keys(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup')).filter((id) => id.startsWith('Web'));
}

function settingsOf(stack: Stack): any[] {
  expectValidOptionSettings(Template.fromStack(stack));
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

  test('has no unacknowledged cdk-nag findings with production settings', () => {
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const secret = new secretsmanager.Secret(stack, 'DbSecret', {
      encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
    });
    for (const id of ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled']) {
      Validations.of(secret).acknowledge({ id, reason: 'test fixture: rotation is the database package\'s' });
    }
    build({
      certificate,
      environmentSecrets: { DB_SECRET: secret },
      deploymentPolicy: DeploymentPolicy.IMMUTABLE,
      xRay: true,
      accessLogsBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'access-logs'),
    }, stack);
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('has no unacknowledged cdk-nag findings as a single instance', () => {
    const { stack } = build({ environmentType: EnvironmentType.SINGLE_INSTANCE });
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
    expect(environmentSecurityGroups(stack)).toHaveLength(1);
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

  test('derives different CNAME prefixes in different accounts', () => {
    const other = new Stack(new App(), 'Stack', { env: { account: '210987654321', region: 'us-east-1' } });
    expect(build({}, other).environment.cnamePrefix).not.toBe(build().environment.cnamePrefix);
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
    expect(environmentSecurityGroups(stack)).toEqual([]);
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

  test.each(['DB_PASSWORD', 'GITHUB_TOKEN'])('fails when a raw option setting puts %s in plaintext, as a typed variable would', (key) => {
    expect(() => build({ optionSettings: [{ namespace: 'aws:elasticbeanstalk:application:environment', optionName: key, value: 'x' }] }))
      .toThrow(new RegExp(`Stack/Web: optionSettings \\('aws:elasticbeanstalk:application:environment ${key}'\\) looks like a secret`));
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

describe('BeanstalkEnvironment option catalog', () => {
  test('every option the defaults emit is in the catalog', () => {
    const { stack } = build();
    expectValidOptionSettings(Template.fromStack(stack));
  });

  test('every option a fully configured environment emits is in the catalog', () => {
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const logsBucket = s3.Bucket.fromBucketName(stack, 'Logs', 'access-logs');
    build({
      certificate,
      accessLogsBucket: logsBucket,
      stickinessDuration: Duration.hours(1),
      xRay: true,
      spot: { onDemandBase: 1, onDemandAboveBasePercentage: 25, maxPrice: 0.05 },
      scheduledActions: [{ name: 'night', minInstances: 1, maxInstances: 2, recurrence: '0 22 * * *' }],
      deploymentPolicy: DeploymentPolicy.TRAFFIC_SPLITTING,
      environmentParameters: {},
      optionSettings: [{ namespace: 'aws:elasticbeanstalk:environment:proxy', optionName: 'ProxyServer', value: 'nginx' }],
    }, stack);
    expectValidOptionSettings(Template.fromStack(stack));
  });

  test('adds a raw option setting from props', () => {
    const { stack } = build({
      optionSettings: [{ namespace: 'aws:elasticbeanstalk:environment:proxy', optionName: 'ProxyServer', value: 'nginx' }],
    });
    hasSetting(stack, 'aws:elasticbeanstalk:environment:proxy', 'ProxyServer', 'nginx');
  });

  test('adds a raw option setting with addOptionSetting', () => {
    const { stack, environment } = build();
    environment.addOptionSetting('aws:elasticbeanstalk:environment:proxy:staticfiles', '/static', 'static');
    hasSetting(stack, 'aws:elasticbeanstalk:environment:proxy:staticfiles', '/static', 'static');
  });

  test('lists the emitted settings', () => {
    const { environment } = build();
    expect(environment.optionSettings).toContainEqual(
      { namespace: 'aws:elasticbeanstalk:environment', optionName: 'LoadBalancerType', value: 'application', resourceName: undefined });
  });

  test('fails when a raw option is not in the catalog', () => {
    expect(() => build({ optionSettings: [{ namespace: 'aws:elasticbeanstalk:enviroment', optionName: 'X', value: 'y' }] }))
      .toThrow(/Stack\/Web: optionSettings \('aws:elasticbeanstalk:enviroment X'\) is invalid: namespace 'aws:elasticbeanstalk:enviroment' is not in the option catalog/);
  });

  test('fails when a raw option has a value out of range', () => {
    expect(() => build({ optionSettings: [{ namespace: 'aws:autoscaling:asg', optionName: 'Cooldown', value: '-5' }] }))
      .toThrow(/optionSettings \('aws:autoscaling:asg Cooldown'\) is invalid: value '-5' must be a whole number between 0 and 10000/);
  });

  test('fails at synth when a raw option duplicates an option the construct manages', () => {
    const { stack } = build({ optionSettings: [{ namespace: 'aws:autoscaling:asg', optionName: 'MinSize', value: '3' }] });
    expect(() => Template.fromStack(stack))
      .toThrow("Stack/Web: optionSettings (aws:autoscaling:asg MinSize='3') is already set to '2': the typed prop minInstances sets it; use minInstances instead");
  });

  test('fails at synth when addOptionSetting names an unknown option', () => {
    const { stack, environment } = build();
    environment.addOptionSetting('aws:elbv2:loadbalancer', 'IdleTimeoutSeconds', '30');
    expect(() => Template.fromStack(stack))
      .toThrow(/option setting aws:elbv2:loadbalancer IdleTimeoutSeconds is invalid: option 'IdleTimeoutSeconds' is not in namespace/);
  });

  test('fails at synth when classic and application load balancer options are mixed', () => {
    const { stack, environment } = build();
    environment.addOptionSetting('aws:elb:policies', 'ConnectionDrainingEnabled', 'true');
    expect(() => Template.fromStack(stack)).toThrow(/mix aws:elb:\* \(classic\) and aws:elbv2:\* \(application\)/);
  });
});

describe('BeanstalkEnvironment capacity', () => {
  test('spreads over the given number of availability zones', () => {
    const { stack } = build({ availabilityZones: AvailabilityZoneCount.ANY_2 });
    hasSetting(stack, 'aws:autoscaling:asg', 'Availability Zones', 'Any 2');
  });

  test('scales on average CPU between 30 and 70 percent by default', () => {
    const { stack } = build();
    hasSetting(stack, 'aws:autoscaling:trigger', 'MeasureName', 'CPUUtilization');
    hasSetting(stack, 'aws:autoscaling:trigger', 'UpperThreshold', '70');
    hasSetting(stack, 'aws:autoscaling:trigger', 'LowerThreshold', '30');
    hasSetting(stack, 'aws:autoscaling:trigger', 'BreachDuration', '5');
  });

  test.each([
    ['requestCount', ScalingTrigger.requestCount({ upperThreshold: 5000, lowerThreshold: 1000 }), 'RequestCount', 'Sum', 'Count'],
    ['latency', ScalingTrigger.latency({ upperThreshold: 0.5, lowerThreshold: 0.1 }), 'TargetResponseTime', 'Average', 'Seconds'],
    ['networkOut', ScalingTrigger.networkOut({ upperThreshold: 6000000, lowerThreshold: 2000000 }), 'NetworkOut', 'Average', 'Bytes'],
    ['networkIn', ScalingTrigger.networkIn({ upperThreshold: 6000000, lowerThreshold: 2000000 }), 'NetworkIn', 'Average', 'Bytes'],
  ])('scales on %s', (_name, trigger, measure, statistic, unit) => {
    const { stack } = build({ scalingTrigger: trigger });
    hasSetting(stack, 'aws:autoscaling:trigger', 'MeasureName', measure);
    hasSetting(stack, 'aws:autoscaling:trigger', 'Statistic', statistic);
    hasSetting(stack, 'aws:autoscaling:trigger', 'Unit', unit);
  });

  test('sets breach duration, period, increments and statistic of a trigger', () => {
    const { stack } = build({
      scalingTrigger: ScalingTrigger.cpu({
        upperThreshold: 80,
        lowerThreshold: 20,
        breachDuration: Duration.minutes(10),
        period: Duration.minutes(2),
        upperBreachScaleIncrement: 2,
        lowerBreachScaleIncrement: -2,
        statistic: ScalingStatistic.MAXIMUM,
      }),
    });
    hasSetting(stack, 'aws:autoscaling:trigger', 'BreachDuration', '10');
    hasSetting(stack, 'aws:autoscaling:trigger', 'Period', '2');
    hasSetting(stack, 'aws:autoscaling:trigger', 'UpperBreachScaleIncrement', '2');
    hasSetting(stack, 'aws:autoscaling:trigger', 'LowerBreachScaleIncrement', '-2');
    hasSetting(stack, 'aws:autoscaling:trigger', 'Statistic', 'Maximum');
  });

  test('adds scheduled actions as named resources', () => {
    const { stack } = build({
      scheduledActions: [{ name: 'weekday-morning', minInstances: 4, maxInstances: 8, recurrence: '0 7 * * 1-5' }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::Environment', {
      OptionSettings: Match.arrayWith([
        { Namespace: 'aws:autoscaling:scheduledaction', OptionName: 'MinSize', Value: '4', ResourceName: 'weekday-morning' },
        { Namespace: 'aws:autoscaling:scheduledaction', OptionName: 'Recurrence', Value: '0 7 * * 1-5', ResourceName: 'weekday-morning' },
      ]),
    });
  });

  test('runs Spot instances above an on-demand base', () => {
    const { stack } = build({ spot: { onDemandBase: 2, onDemandAboveBasePercentage: 50 } });
    hasSetting(stack, 'aws:ec2:instances', 'EnableSpot', 'true');
    hasSetting(stack, 'aws:ec2:instances', 'SpotFleetOnDemandBase', '2');
    hasSetting(stack, 'aws:ec2:instances', 'SpotFleetOnDemandAboveBasePercentage', '50');
  });

  test('uses on-demand instances only by default', () => {
    const { stack } = build();
    expect(settingsOf(stack).filter((s) => s.OptionName === 'EnableSpot')).toEqual([]);
  });

  test('sizes the encrypted-by-account gp3 root volume', () => {
    const { stack } = build({ rootVolumeSize: 50 });
    hasSetting(stack, 'aws:autoscaling:launchconfiguration', 'RootVolumeType', 'gp3');
    hasSetting(stack, 'aws:autoscaling:launchconfiguration', 'RootVolumeSize', '50');
  });

  test('fails when the lower threshold is not below the upper one', () => {
    expect(() => build({ scalingTrigger: ScalingTrigger.cpu({ upperThreshold: 50, lowerThreshold: 60 }) }))
      .toThrow(/scalingTrigger.lowerThreshold \(60\) must be less than upperThreshold \(50\)/);
  });

  test('fails when the breach duration is out of range', () => {
    expect(() => build({ scalingTrigger: ScalingTrigger.cpu({ upperThreshold: 50, lowerThreshold: 10, breachDuration: Duration.hours(11) }) }))
      .toThrow(/scalingTrigger.breachDuration \(660\) must be a whole number between 1 and 600/);
  });

  test('fails when a scheduled action changes nothing', () => {
    expect(() => build({ scheduledActions: [{ name: 'noop', recurrence: '0 7 * * *' }] }))
      .toThrow(/scheduledActions\[noop\] \('noop'\) must set minInstances, maxInstances or desiredCapacity/);
  });

  test('fails when a scheduled action has a bad cron expression', () => {
    expect(() => build({ scheduledActions: [{ name: 'bad', minInstances: 1, recurrence: 'daily' }] }))
      .toThrow(/scheduledActions\[bad\].recurrence \('daily'\) must be a cron expression of 5 fields/);
  });

  test('fails when the Spot on-demand percentage is above 100', () => {
    expect(() => build({ spot: { onDemandAboveBasePercentage: 120 } }))
      .toThrow(/spot.onDemandAboveBasePercentage \(120\) must be a whole number between 0 and 100/);
  });

  test('does not judge token values', () => {
    expect(() => build({ minInstances: Lazy.number({ produce: () => 10 }), maxInstances: 2 })).not.toThrow();
  });

  test('emits number tokens as tokens and does not judge them at synth', () => {
    // GIVEN
    const n = Lazy.number({ produce: () => 30 });
    // WHEN
    const { stack } = build({
      deregistrationDelay: Duration.seconds(n),
      healthCheckInterval: Duration.seconds(n),
      rootVolumeSize: n,
      scalingTrigger: ScalingTrigger.cpu({ upperThreshold: n, lowerThreshold: 10, breachDuration: Duration.minutes(n) }),
    });
    // THEN
    hasSetting(stack, 'aws:autoscaling:launchconfiguration', 'RootVolumeSize', '30');
    hasSetting(stack, 'aws:elasticbeanstalk:environment:process:default', 'DeregistrationDelay', '30');
    hasSetting(stack, 'aws:autoscaling:trigger', 'BreachDuration', '30');
  });
});

describe('BeanstalkEnvironment single instance', () => {
  test('runs one instance with a public IP in a public subnet and no load balancer', () => {
    const { stack, vpc } = build({ environmentType: EnvironmentType.SINGLE_INSTANCE });
    hasSetting(stack, 'aws:elasticbeanstalk:environment', 'EnvironmentType', 'SingleInstance');
    hasSetting(stack, 'aws:ec2:vpc', 'Subnets', stack.resolve(vpc.publicSubnets.map((s) => s.subnetId).join(',')));
    hasSetting(stack, 'aws:ec2:vpc', 'AssociatePublicIpAddress', 'true');
    hasSetting(stack, 'aws:autoscaling:asg', 'MaxSize', '1');
    const settings = settingsOf(stack);
    expect(settings.filter((s) => s.Namespace.startsWith('aws:elbv2') || s.OptionName === 'LoadBalancerType')).toEqual([]);
  });

  test('deploys all at once and checks health on its URL', () => {
    const { stack } = build({ environmentType: EnvironmentType.SINGLE_INSTANCE });
    hasSetting(stack, 'aws:elasticbeanstalk:command', 'DeploymentPolicy', 'AllAtOnce');
    hasSetting(stack, 'aws:elasticbeanstalk:application', 'Application Healthcheck URL', '/health');
  });

  test('fails when traffic splitting is asked for without a load balancer', () => {
    expect(() => build({ environmentType: EnvironmentType.SINGLE_INSTANCE, deploymentPolicy: DeploymentPolicy.TRAFFIC_SPLITTING }))
      .toThrow(/deploymentPolicy \('TrafficSplitting'\) needs an application load balancer/);
  });

  test('fails when HTTPS is asked for without a load balancer', () => {
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    expect(() => build({ environmentType: EnvironmentType.SINGLE_INSTANCE, certificate }, stack))
      .toThrow(/certificate \('Stack\/Cert'\) needs a load balancer to terminate HTTPS/);
  });

  test('fails when a certificate of this stack is given to a single instance', () => {
    const stack = testStack();
    const certificate = new acm.Certificate(stack, 'Cert', { domainName: 'example.com' });
    expect(() => build({ environmentType: EnvironmentType.SINGLE_INSTANCE, certificate }, stack))
      .toThrow(/certificate \('Stack\/Cert'\) needs a load balancer to terminate HTTPS/);
  });

  test('fails when load balancer props are given without a load balancer', () => {
    const stack = testStack();
    const vpc = testVpc(stack);
    expect(() => new BeanstalkEnvironment(stack, 'Web', {
      application: new BeanstalkApplication(stack, 'App'),
      vpc,
      platform: Platform.NODEJS_22,
      environmentType: EnvironmentType.SINGLE_INSTANCE,
      accessLogsBucket: s3.Bucket.fromBucketName(stack, 'Logs', 'access-logs'),
      loadBalancerSecurityGroup: new ec2.SecurityGroup(stack, 'LbSg', { vpc }),
    })).toThrow(/Stack\/Web: 2 invalid props:\n.*accessLogsBucket \('Stack\/Logs'\) needs a load balancer.*\n.*loadBalancerSecurityGroup \('Stack\/LbSg'\) needs a load balancer/);
  });

  test('fails when a single instance may scale out', () => {
    expect(() => build({ environmentType: EnvironmentType.SINGLE_INSTANCE, maxInstances: 3 }))
      .toThrow(/maxInstances \(3\) must be 1 for a single-instance environment/);
  });
});

describe('BeanstalkEnvironment load balancer', () => {
  test('applies the health check knobs to the default process', () => {
    const { stack } = build({
      healthCheckMatcher: '200-299',
      healthCheckInterval: Duration.seconds(30),
      healthCheckTimeout: Duration.seconds(10),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
      deregistrationDelay: Duration.seconds(60),
    });
    const process = 'aws:elasticbeanstalk:environment:process:default';
    hasSetting(stack, process, 'MatcherHTTPCode', '200-299');
    hasSetting(stack, process, 'HealthCheckInterval', '30');
    hasSetting(stack, process, 'HealthCheckTimeout', '10');
    hasSetting(stack, process, 'HealthyThresholdCount', '2');
    hasSetting(stack, process, 'UnhealthyThresholdCount', '3');
    hasSetting(stack, process, 'DeregistrationDelay', '60');
  });

  test('enables sticky sessions with a cookie lifetime', () => {
    const { stack } = build({ stickinessDuration: Duration.hours(1) });
    hasSetting(stack, 'aws:elasticbeanstalk:environment:process:default', 'StickinessEnabled', 'true');
    hasSetting(stack, 'aws:elasticbeanstalk:environment:process:default', 'StickinessLBCookieDuration', '3600');
  });

  test('sets the idle timeout and instance port', () => {
    const { stack } = build({ idleTimeout: Duration.minutes(2), instancePort: 8080 });
    hasSetting(stack, 'aws:elbv2:loadbalancer', 'IdleTimeout', '120');
    hasSetting(stack, 'aws:elasticbeanstalk:environment:process:default', 'Port', '8080');
  });

  test('uses a given TLS policy on the HTTPS listener', () => {
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    build({ certificate, sslPolicy: elbv2.SslPolicy.TLS13_13 }, stack);
    hasSetting(stack, 'aws:elbv2:listener:443', 'SSLPolicy', 'ELBSecurityPolicy-TLS13-1-3-2021-06');
  });

  test('keeps the HTTP listener for the redirect by default, and can close it', () => {
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    build({ certificate, httpListenerEnabled: false }, stack);
    hasSetting(stack, 'aws:elbv2:listener:default', 'ListenerEnabled', 'false');
    hasSetting(build().stack, 'aws:elbv2:listener:default', 'ListenerEnabled', 'true');
  });

  test('writes access logs to a bucket that lets Elastic Load Balancing write', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED });
    build({ accessLogsBucket: bucket, accessLogsPrefix: 'web' }, stack);
    hasSetting(stack, 'aws:elbv2:loadbalancer', 'AccessLogsS3Enabled', 'true');
    hasSetting(stack, 'aws:elbv2:loadbalancer', 'AccessLogsS3Bucket', { Ref: Match.stringLikeRegexp('^Logs') });
    hasSetting(stack, 'aws:elbv2:loadbalancer', 'AccessLogsS3Prefix', 'web');
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:PutObject',
          Principal: { AWS: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':iam::127311923021:root')])] } },
        })]),
      },
    });
  });

  test('fails when the health check timeout is not below the interval', () => {
    expect(() => build({ healthCheckTimeout: Duration.seconds(15) }))
      .toThrow(/healthCheckTimeout \(15\) must be less than healthCheckInterval \(15\) in seconds/);
  });

  test('fails when the deregistration delay is above 3600 seconds', () => {
    expect(() => build({ deregistrationDelay: Duration.hours(2) }))
      .toThrow(/deregistrationDelay \(7200\) must be a whole number between 0 and 3600/);
  });

  test('fails when the matcher is not HTTP codes', () => {
    expect(() => build({ healthCheckMatcher: 'ok' })).toThrow(/healthCheckMatcher \('ok'\) must be HTTP codes/);
  });

  test('makes the load balancer internal, in the private subnets', () => {
    const { stack, vpc } = build({ internalLoadBalancer: true });
    hasSetting(stack, 'aws:ec2:vpc', 'ELBScheme', 'internal');
    hasSetting(stack, 'aws:ec2:vpc', 'ELBSubnets', stack.resolve(vpc.privateSubnets.map((s) => s.subnetId).join(',')));
  });

  test('uses a load balancer security group of ours', () => {
    const stack = testStack();
    const vpc = testVpc(stack);
    const sg = new ec2.SecurityGroup(stack, 'LbSg', { vpc });
    new BeanstalkEnvironment(stack, 'Web', {
      application: new BeanstalkApplication(stack, 'App'), vpc, platform: Platform.NODEJS_22, loadBalancerSecurityGroup: sg,
    });
    hasSetting(stack, 'aws:elbv2:loadbalancer', 'SecurityGroups', stack.resolve(sg.securityGroupId));
    hasSetting(stack, 'aws:elbv2:loadbalancer', 'ManagedSecurityGroup', stack.resolve(sg.securityGroupId));
  });

  test('fails when a TLS policy is given without a certificate', () => {
    expect(() => build({ sslPolicy: elbv2.SslPolicy.TLS13_13 }))
      .toThrow(/sslPolicy \('ELBSecurityPolicy-TLS13-1-3-2021-06'\) configures HTTPS, which needs a certificate/);
  });

  test('fails when the HTTP listener is closed without HTTPS', () => {
    expect(() => build({ httpListenerEnabled: false }))
      .toThrow(/httpListenerEnabled \(false\) would leave the load balancer without a listener/);
  });
});

describe('BeanstalkEnvironment deployments', () => {
  test('deploys rolling with an additional batch of 50% by default', () => {
    const { stack } = build();
    hasSetting(stack, 'aws:elasticbeanstalk:command', 'DeploymentPolicy', 'RollingWithAdditionalBatch');
    hasSetting(stack, 'aws:elasticbeanstalk:command', 'BatchSizeType', 'Percentage');
    hasSetting(stack, 'aws:elasticbeanstalk:command', 'BatchSize', '50');
    hasSetting(stack, 'aws:elasticbeanstalk:command', 'IgnoreHealthCheck', 'false');
  });

  test('deploys immutably without batch settings', () => {
    const { stack } = build({ deploymentPolicy: DeploymentPolicy.IMMUTABLE });
    hasSetting(stack, 'aws:elasticbeanstalk:command', 'DeploymentPolicy', 'Immutable');
    expect(settingsOf(stack).filter((s) => s.OptionName === 'BatchSize')).toEqual([]);
  });

  test('deploys in fixed batches', () => {
    const { stack } = build({ deploymentPolicy: DeploymentPolicy.ROLLING, deploymentBatchSize: BatchSize.fixed(2) });
    hasSetting(stack, 'aws:elasticbeanstalk:command', 'BatchSizeType', 'Fixed');
    hasSetting(stack, 'aws:elasticbeanstalk:command', 'BatchSize', '2');
  });

  test('splits traffic for an evaluation time', () => {
    const { stack } = build({
      deploymentPolicy: DeploymentPolicy.TRAFFIC_SPLITTING,
      trafficSplittingPercent: 20,
      trafficSplittingEvaluationTime: Duration.minutes(15),
    });
    hasSetting(stack, 'aws:elasticbeanstalk:trafficsplitting', 'NewVersionPercent', '20');
    hasSetting(stack, 'aws:elasticbeanstalk:trafficsplitting', 'EvaluationTime', '15');
  });

  test('rolls configuration changes by health, one instance at a time, by default', () => {
    const { stack } = build();
    hasSetting(stack, 'aws:autoscaling:updatepolicy:rollingupdate', 'RollingUpdateEnabled', 'true');
    hasSetting(stack, 'aws:autoscaling:updatepolicy:rollingupdate', 'RollingUpdateType', 'Health');
    hasSetting(stack, 'aws:autoscaling:updatepolicy:rollingupdate', 'MaxBatchSize', '1');
  });

  test('sets the rolling update type, batch and the command timeout', () => {
    const { stack } = build({
      rollingUpdateType: RollingUpdateType.IMMUTABLE,
      rollingUpdateMaxBatchSize: 2,
      deploymentTimeout: Duration.minutes(30),
      ignoreHealthCheck: true,
    });
    hasSetting(stack, 'aws:autoscaling:updatepolicy:rollingupdate', 'RollingUpdateType', 'Immutable');
    hasSetting(stack, 'aws:autoscaling:updatepolicy:rollingupdate', 'MaxBatchSize', '2');
    hasSetting(stack, 'aws:elasticbeanstalk:command', 'Timeout', '1800');
    hasSetting(stack, 'aws:elasticbeanstalk:command', 'IgnoreHealthCheck', 'true');
  });

  test('fails when the batch size is outside 1-100 percent', () => {
    expect(() => build({ deploymentBatchSize: BatchSize.percent(0) }))
      .toThrow(/deploymentBatchSize \(0\) must be a whole number between 1 and 100/);
    expect(() => build({ deploymentBatchSize: BatchSize.percent(150) }))
      .toThrow(/deploymentBatchSize \(150\) must be a whole number between 1 and 100/);
  });

  test('fails when the traffic splitting evaluation time is out of range', () => {
    expect(() => build({ deploymentPolicy: DeploymentPolicy.TRAFFIC_SPLITTING, trafficSplittingEvaluationTime: Duration.minutes(1) }))
      .toThrow(/trafficSplittingEvaluationTime \(1\) must be a whole number between 3 and 600/);
  });
});

describe('BeanstalkEnvironment health and operations', () => {
  test('turns on enhanced health and publishes the metrics its alarms read', () => {
    const { stack } = build();
    hasSetting(stack, 'aws:elasticbeanstalk:healthreporting:system', 'SystemType', 'enhanced');
    const doc = settingsOf(stack).find((s) => s.OptionName === 'ConfigDocument');
    expect(Object.keys(JSON.parse(doc.Value).CloudWatchMetrics.Environment))
      .toEqual(expect.arrayContaining(['ApplicationRequests5xx', 'ApplicationLatencyP99']));
  });

  test('applies minor platform updates on Sundays at 03:00 UTC by default', () => {
    const { stack } = build();
    hasSetting(stack, 'aws:elasticbeanstalk:managedactions', 'ManagedActionsEnabled', 'true');
    hasSetting(stack, 'aws:elasticbeanstalk:managedactions', 'PreferredStartTime', 'Sun:03:00');
    hasSetting(stack, 'aws:elasticbeanstalk:managedactions:platformupdate', 'UpdateLevel', 'minor');
  });

  test('sets the managed update window, level and instance refresh', () => {
    const { stack } = build({ managedUpdateWindow: 'Tue:09:30', managedUpdateLevel: UpdateLevel.PATCH, instanceRefresh: true });
    hasSetting(stack, 'aws:elasticbeanstalk:managedactions', 'PreferredStartTime', 'Tue:09:30');
    hasSetting(stack, 'aws:elasticbeanstalk:managedactions:platformupdate', 'UpdateLevel', 'patch');
    hasSetting(stack, 'aws:elasticbeanstalk:managedactions:platformupdate', 'InstanceRefreshEnabled', 'true');
  });

  test('turns managed updates off, and with them the service role policy they need', () => {
    const { stack } = build({ managedUpdates: false });
    hasSetting(stack, 'aws:elasticbeanstalk:managedactions', 'ManagedActionsEnabled', 'false');
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toMatch(/ManagedUpdatesCustomerRolePolicy/);
  });

  test('streams instance and health logs with the given retention, kept on termination', () => {
    const { stack } = build({ logRetention: logs.RetentionDays.ONE_YEAR });
    hasSetting(stack, 'aws:elasticbeanstalk:cloudwatch:logs', 'StreamLogs', 'true');
    hasSetting(stack, 'aws:elasticbeanstalk:cloudwatch:logs', 'RetentionInDays', '365');
    hasSetting(stack, 'aws:elasticbeanstalk:cloudwatch:logs', 'DeleteOnTerminate', 'false');
    hasSetting(stack, 'aws:elasticbeanstalk:cloudwatch:logs:health', 'HealthStreamingEnabled', 'true');
    hasSetting(stack, 'aws:elasticbeanstalk:cloudwatch:logs:health', 'RetentionInDays', '365');
  });

  test('deletes the streamed log groups with the environment when asked', () => {
    const { stack } = build({ deleteLogsOnTerminate: true });
    hasSetting(stack, 'aws:elasticbeanstalk:cloudwatch:logs', 'DeleteOnTerminate', 'true');
    hasSetting(stack, 'aws:elasticbeanstalk:cloudwatch:logs:health', 'DeleteOnTerminate', 'true');
  });

  test('publishes rotated instance logs to S3', () => {
    const { stack } = build();
    hasSetting(stack, 'aws:elasticbeanstalk:hostmanager', 'LogPublicationControl', 'true');
  });

  test('runs the X-Ray daemon and lets it send traces when asked', () => {
    const { stack } = build({ xRay: true });
    hasSetting(stack, 'aws:elasticbeanstalk:xray', 'XRayEnabled', 'true');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'XRay' })]) },
    });
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('fails when the managed update window is not Day:HH:MM', () => {
    expect(() => build({ managedUpdateWindow: 'Sunday 3am' }))
      .toThrow(/managedUpdateWindow \('Sunday 3am'\) must be 'Day:HH:MM' in UTC/);
  });

  test('fails when the log retention is one Elastic Beanstalk does not list', () => {
    expect(() => build({ logRetention: logs.RetentionDays.THREE_YEARS }))
      .toThrow(/logRetention \(1096\) must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653 days/);
  });

  test('fails when the Spot price is outside 0.001-20 dollars or there are more than 10 instance types', () => {
    expect(() => build({
      spot: { maxPrice: 25 },
      instanceTypes: Array.from({ length: 11 }, (_, i) => new ec2.InstanceType(`m${i}.large`)),
    })).toThrow(/instanceTypes \('m0.large,.*m10.large'\) must name at most 10 instance types[\s\S]*spot.maxPrice \(25\) must be a price per hour between 0.001 and 20 US dollars/);
  });

  test('fails when the matcher has codes outside 200-499', () => {
    expect(() => build({ healthCheckMatcher: '200,500' })).toThrow(/healthCheckMatcher \('200,500'\) must be HTTP codes from 200 to 499/);
  });

  test('fails when logs are to be kept forever', () => {
    expect(() => build({ logRetention: logs.RetentionDays.INFINITE }))
      .toThrow(/logRetention \(9999\) must be one of 1, 3, 5/);
  });
});

describe('BeanstalkEnvironment metrics and alarms', () => {
  test('exposes environment metrics by environment name', () => {
    const { stack, environment } = build();
    const metric = environment.metricRequests5xx();
    expect(metric.namespace).toBe('AWS/ElasticBeanstalk');
    expect(metric.metricName).toBe('ApplicationRequests5xx');
    expect(stack.resolve(metric.dimensions)).toEqual({ EnvironmentName: stack.resolve(environment.environmentName) });
    expect(environment.metricEnvironmentHealth().metricName).toBe('EnvironmentHealth');
    expect(environment.metricRequests4xx().metricName).toBe('ApplicationRequests4xx');
    expect(environment.metricRequestsTotal().metricName).toBe('ApplicationRequestsTotal');
    expect(environment.metricLatencyP99().metricName).toBe('ApplicationLatencyP99');
  });

  test('creates health, 5xx and latency alarms by default', () => {
    const { stack, environment } = build({ alarm5xxThreshold: 25, alarmLatencyThreshold: Duration.millis(1500) });
    expect(environment.alarms).toHaveLength(3);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'EnvironmentHealth', Threshold: 20 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApplicationRequests5xx', Threshold: 25 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApplicationLatencyP99', Threshold: 1.5 });
  });

  test('creates no alarm when they are switched off', () => {
    const { stack, environment } = build({ defaultAlarms: false });
    expect(environment.alarms).toEqual([]);
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });
});

describe('BeanstalkEnvironment parameters', () => {
  test('passes SSM parameters by ARN and lets the instances read them', () => {
    const stack = testStack();
    const parameter = ssm.StringParameter.fromStringParameterName(stack, 'P', '/shop/feature-flags');
    build({ environmentParameters: { FEATURE_FLAGS: parameter } }, stack);
    hasSetting(stack, 'aws:elasticbeanstalk:application:environmentsecrets', 'FEATURE_FLAGS',
      { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':parameter/shop/feature-flags')])] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['ssm:GetParameter', 'ssm:GetParameters'] })]) },
    });
  });

  test('fails when both platform name and ARN are given', () => {
    const platform = { solutionStackName: 'x', platformArn: 'arn:y' } as unknown as Platform;
    expect(() => build({ platform })).toThrow(/platform \('x'\) must have a solution stack name or a platform ARN, not both/);
  });
});
