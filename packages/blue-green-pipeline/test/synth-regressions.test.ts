import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { testEnvironments, testStack } from './fixtures';
import { BlueGreenPipeline } from '../src';

test('7. defaultAlarms: false with bakeTime 0 synthesizes (no Watch stage, no alarm statement); the message says how', () => {
  const stack = testStack();
  const { environments } = testEnvironments({ defaultAlarms: false }, stack);
  expect(() => new BlueGreenPipeline(testStack(), 'Other', { environments: testEnvironments({ defaultAlarms: false }).environments }))
    .toThrow(/pass bakeTime: Duration.seconds\(0\) to release without a watch \(no Watch stage\), or turn the default alarms on/);
  new BlueGreenPipeline(stack, 'Release', { environments, bakeTime: Duration.seconds(0) });
  const template = Template.fromStack(stack);
  const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
  expect(pipeline.Properties.Stages.map((s: any) => s.Name)).not.toContain('Watch');
  expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toMatch(/cloudwatch:DescribeAlarms"\],"Resource":\[\]/);
});

test('8. blue and green have managed-update windows 3 hours apart and are updated one after the other', () => {
  const { stack } = testEnvironments({ managedUpdateWindow: 'Sat:23:00' });
  const envs = Template.fromStack(stack).findResources('AWS::ElasticBeanstalk::Environment');
  const window = (e: any) => e.Properties.OptionSettings.find((o: any) => o.OptionName === 'PreferredStartTime').Value;
  const [blue, green] = ['EnvsBlue', 'EnvsGreen'].map((p) => Object.entries(envs).find(([id]) => id.startsWith(p))!);
  expect(window(blue[1])).toBe('Sat:23:00');
  expect(window(green[1])).toBe('Sun:02:00');
  expect(green[1].DependsOn).toContain(blue[0]);
  expect(() => testEnvironments({ managedUpdateWindow: 'Sun:03:00', greenManagedUpdateWindow: 'Sun:04:00' }))
    .toThrow(/greenManagedUpdateWindow \('Sun:04:00'\) must start at least 2 hours before or after blue's window/);
});

test('10. a bake shorter than the alarms\' evaluation window is rejected at synth', () => {
  const { stack, environments } = testEnvironments();
  expect(() => new BlueGreenPipeline(stack, 'Release', { environments, bakeTime: Duration.minutes(2) }))
    .toThrow(/bakeTime \('2 minutes'\) is shorter than the evaluation window of alarm .*LatencyAlarm \(300s: evaluation periods times period\)/);
});
