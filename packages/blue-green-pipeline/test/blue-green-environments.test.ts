import { DeploymentPolicy } from '@ebkit/beanstalk-env';
import { formatNagFindings, nagFindings } from '@ebkit/testing';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
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

test('the alarms that define healthy are each environment\'s default alarms', () => {
  const { stack, environments } = testEnvironments({ alarm5xxThreshold: 25 });
  expect(environments.blueAlarms).toBe(environments.blue.alarms);
  expect(environments.alarmsOf(environments.green)).toBe(environments.green.alarms);
  expect(environments.blueAlarms.length).toBeGreaterThan(0);
  Template.fromStack(stack).resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { Threshold: 25 }, 2);
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

test('fails when the deployment policy is AllAtOnce', () => {
  expect(() => testEnvironments({ deploymentPolicy: DeploymentPolicy.ALL_AT_ONCE }))
    .toThrow(/Envs: deploymentPolicy \('AllAtOnce'\) must not be AllAtOnce on blue\/green environments/);
});

test('passes every environment option to both environments', () => {
  const { stack } = testEnvironments({ deploymentPolicy: DeploymentPolicy.IMMUTABLE });
  for (const env of environmentsOf(Template.fromStack(stack))) {
    expect(env.OptionSettings).toEqual(expect.arrayContaining([
      { Namespace: 'aws:elasticbeanstalk:command', OptionName: 'DeploymentPolicy', Value: 'Immutable' },
    ]));
  }
});

describe('swap guard', () => {
  test('marks which environment the stack knows as blue and as green', () => {
    const { stack } = testEnvironments();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticBeanstalk::Environment', { CNAMEPrefix: 'shop-prod', Description: 'ebkit blue/green: blue' });
    template.hasResourceProperties('AWS::ElasticBeanstalk::Environment', { CNAMEPrefix: 'shop-prod-staging', Description: 'ebkit blue/green: green' });
  });

  test('a guard holding the values that replace an environment is updated before the environments', () => {
    const { stack } = testEnvironments();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::BlueGreenSwapGuard', {
      ApplicationName: { Ref: Match.stringLikeRegexp('^App') },
      ProductionCnamePrefix: 'shop-prod',
      StagingCnamePrefix: 'shop-prod-staging',
      BlueEnvironmentName: 'shop-blue',
      GreenEnvironmentName: 'shop-green',
    });
    const guardId = Object.keys(template.findResources('Custom::BlueGreenSwapGuard'))[0];
    for (const env of Object.values(template.findResources('AWS::ElasticBeanstalk::Environment')) as any[]) {
      expect(env.DependsOn).toContain(guardId);
    }
  });

  test('the guard may only describe the application\'s environments', () => {
    const { stack } = testEnvironments();
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const statements = Object.entries(policies).filter(([id]) => id.startsWith('EnvsSwapGuardFunction'))
      .flatMap(([, p]: any) => p.Properties.PolicyDocument.Statement);
    const describe = statements.find((st: any) => st.Action === 'elasticbeanstalk:DescribeEnvironments');
    expect(JSON.stringify(describe.Resource)).toMatch(/:application\/",\{"Ref":"App[0-9A-F]{8}"\}/);
    expect(JSON.stringify(describe.Resource)).toMatch(/:environment\/",\{"Ref":"App[0-9A-F]{8}"\},"\/\*"/);
  });
});
