import { BeanstalkApplication, Platform } from '@ebkit/beanstalk-env';
import { formatNagFindings, nagFindings } from '@ebkit/testing';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BlueGreenEnvironments } from '../src';
import { testEnvironments, testStack, testVpc } from './fixtures';

function environmentsOf(template: Template): any[] {
  return Object.values(template.findResources('AWS::ElasticBeanstalk::Environment')).map((r: any) => r.Properties);
}

test('builds two environments, blue on the production prefix and green on the staging prefix', () => {
  // GIVEN / WHEN
  const { stack } = testEnvironments();
  // THEN
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::ElasticBeanstalk::Environment', 2);
  template.hasResourceProperties('AWS::ElasticBeanstalk::Environment', { EnvironmentName: 'shop-blue', CNAMEPrefix: 'shop-prod' });
  template.hasResourceProperties('AWS::ElasticBeanstalk::Environment', { EnvironmentName: 'shop-green', CNAMEPrefix: 'shop-prod-staging' });
});

test('both environments are application load balanced, from the same props', () => {
  const { stack } = testEnvironments({ minInstances: 3, maxInstances: 6 });
  for (const env of environmentsOf(Template.fromStack(stack))) {
    expect(env.OptionSettings).toEqual(expect.arrayContaining([
      { Namespace: 'aws:elasticbeanstalk:environment', OptionName: 'LoadBalancerType', Value: 'application' },
      { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '3' },
      { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: '6' },
    ]));
  }
});

test('the production CNAME is the stable prefix in the stack\'s region', () => {
  const { environments } = testEnvironments();
  expect(environments.productionCname).toBe('shop-prod.us-east-1.elasticbeanstalk.com');
  expect(environments.stagingCname).toBe('shop-prod-staging.us-east-1.elasticbeanstalk.com');
});

test('uses the given staging prefix', () => {
  const { stack } = testEnvironments({ stagingCnamePrefix: 'shop-next' });
  Template.fromStack(stack).hasResourceProperties('AWS::ElasticBeanstalk::Environment', { CNAMEPrefix: 'shop-next' });
});

test('both environments share one security group of ours, which a database can trust', () => {
  // GIVEN
  const { stack, vpc, environments } = testEnvironments();
  const db = new ec2.SecurityGroup(stack, 'Db', { vpc });
  // WHEN
  db.connections.allowFrom(environments, ec2.Port.tcp(5432));
  // THEN
  const template = Template.fromStack(stack);
  const groups = environmentsOf(template).map((env) => env.OptionSettings
    .find((s: any) => s.Namespace === 'aws:autoscaling:launchconfiguration' && s.OptionName === 'SecurityGroups').Value);
  expect(groups[0]).toEqual(groups[1]);
  expect(groups[0]).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EnvsSecurityGroup/), 'GroupId'] });
  expect(environments.blue.securityGroup).toBe(environments.securityGroup);
  template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
    FromPort: 5432, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EnvsSecurityGroup'), 'GroupId'] },
  });
});

test('uses the given security group for both environments', () => {
  const stack = testStack();
  const vpc = testVpc(stack);
  const group = new ec2.SecurityGroup(stack, 'AppGroup', { vpc });
  const { environments } = testEnvironments({ vpc, securityGroup: group }, stack);
  expect(environments.securityGroup).toBe(group);
  expect(environments.green.securityGroup).toBe(group);
});

test('each environment publishes the metrics its alarms read', () => {
  const { stack } = testEnvironments();
  for (const env of environmentsOf(Template.fromStack(stack))) {
    const doc = env.OptionSettings.find((s: any) => s.OptionName === 'ConfigDocument');
    expect(doc.Namespace).toBe('aws:elasticbeanstalk:healthreporting:system');
    expect(JSON.parse(doc.Value).CloudWatchMetrics.Environment).toEqual({
      ApplicationRequests5xx: 60, ApplicationRequestsTotal: 60, ApplicationLatencyP99: 60,
    });
  }
});

test('each environment has a health, an error-rate and a latency alarm', () => {
  const { stack, environments } = testEnvironments();
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::CloudWatch::Alarm', 6);
  expect(environments.blueAlarms).toHaveLength(3);
  expect(environments.alarmsOf(environments.green)).toBe(environments.greenAlarms);
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/ElasticBeanstalk', MetricName: 'EnvironmentHealth', Threshold: 20,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold', Dimensions: [{ Name: 'EnvironmentName', Value: { Ref: Match.stringLikeRegexp('^EnvsBlue') } }],
  });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Threshold: 5,
    Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(total > 0, 100 * errors / total, 0)' })]),
  });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApplicationLatencyP99', Threshold: 3 });
});

test('uses the given alarm thresholds', () => {
  const { stack } = testEnvironments({ errorRateThresholdPercent: 1, latencyThreshold: Duration.millis(800) });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 1, Metrics: Match.anyValue() });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApplicationLatencyP99', Threshold: 0.8 });
});

test('sends alarm state changes to the given topic', () => {
  const stack = testStack();
  const topic = new sns.Topic(stack, 'Alerts');
  testEnvironments({ alarmTopic: topic }, stack);
  const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')) as any[];
  expect(alarms).toHaveLength(6);
  for (const alarm of alarms) {
    expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alerts/) }]);
    expect(alarm.Properties.OKActions).toEqual([{ Ref: expect.stringMatching(/^Alerts/) }]);
  }
});

test('has no unacknowledged cdk-nag findings', () => {
  const { stack } = testEnvironments();
  expect(formatNagFindings(nagFindings(stack))).toBe('');
});

test('fails when asked for the alarms of another environment', () => {
  const { environments } = testEnvironments();
  const other = testEnvironments({ productionCnamePrefix: 'other' });
  expect(() => environments.alarmsOf(other.environments.blue)).toThrow(/Envs\/Blue is not one of the two environments/);
});

test('fails when the staging prefix equals the production prefix', () => {
  expect(() => testEnvironments({ stagingCnamePrefix: 'SHOP-prod' }))
    .toThrow(/Envs: stagingCnamePrefix \('SHOP-prod'\) must differ from productionCnamePrefix/);
});

test('fails when both environments have the same name', () => {
  expect(() => testEnvironments({ blueEnvironmentName: 'shop', greenEnvironmentName: 'shop' }))
    .toThrow(/Envs: greenEnvironmentName \('shop'\) must differ from blueEnvironmentName/);
});

test('fails when the production prefix is not a valid CNAME prefix', () => {
  expect(() => testEnvironments({ productionCnamePrefix: '-shop' })).toThrow(/productionCnamePrefix \('-shop'\) must be 4 to 63 letters/);
});

test('fails when the alarm thresholds are out of range, reporting both', () => {
  expect(() => testEnvironments({ errorRateThresholdPercent: 0, latencyThreshold: Duration.minutes(5) }))
    .toThrow(/2 invalid props:\n.*errorRateThresholdPercent \(0\) must be more than 0 and at most 100\n.*latencyThreshold \('300000 ms'\) must be between 100 ms and 60 s/);
});

test('fails at synth when an environment deploys AllAtOnce', () => {
  // GIVEN an escape hatch that sets the deployment policy
  const { stack, environments } = testEnvironments();
  environments.green.resource.optionSettings = [
    ...environments.green.optionSettings,
    { namespace: 'aws:elasticbeanstalk:command', optionName: 'DeploymentPolicy', value: 'AllAtOnce' },
  ];
  // WHEN / THEN
  expect(() => Template.fromStack(stack)).toThrow(/Envs\/Green: DeploymentPolicy \('AllAtOnce'\) must not be used on a blue\/green environment/);
});

test('keeps a ConfigDocument the environment already sets', () => {
  const stack = testStack();
  const application = new BeanstalkApplication(stack, 'App', {});
  const envs = new BlueGreenEnvironments(stack, 'Envs', { application, vpc: testVpc(stack), platform: Platform.NODEJS_22, productionCnamePrefix: 'shop-prod' });
  const own = { namespace: 'aws:elasticbeanstalk:healthreporting:system', optionName: 'ConfigDocument', value: '{"Version":1}' };
  const original = envs.blue.optionSettings;
  (envs.blue as any).options.set(own.namespace, own.optionName, own.value);
  const settings = environmentsOf(Template.fromStack(stack))
    .flatMap((e) => e.OptionSettings).filter((s: any) => s.OptionName === 'ConfigDocument');
  expect(settings.map((s: any) => s.Value)).toContain('{"Version":1}');
  expect(settings).toHaveLength(2);
  expect(original.length).toBeGreaterThan(0);
});
