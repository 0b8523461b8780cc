import { DescribeEnvironmentsCommand, ElasticBeanstalkClient, UpdateEnvironmentCommand, DescribeEventsCommand } from '@aws-sdk/client-elastic-beanstalk';
import { mockClient } from 'aws-sdk-client-mock';
import { handleStep } from '../../../src/private/handlers/release-step.lambda';
import { startFromInput } from '../../../src/private/runtime/input';
import { deps, FakeClock, pair, TARGET } from '../runtime/fixtures';

const eb = mockClient(ElasticBeanstalkClient);
beforeEach(() => {
  eb.reset();
  eb.on(DescribeEnvironmentsCommand).resolves({ Environments: pair() });
  eb.on(DescribeEventsCommand).resolves({});
  eb.on(UpdateEnvironmentCommand).resolves({});
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

test('the first invocation starts a release from the pipeline\'s input', async () => {
  const state = await handleStep({ operation: 'deploy', ...TARGET, versionLabel: 'v2', pollSeconds: 20 }, deps(new FakeClock()));
  expect(state).toMatchObject({ phase: 'deploying', next: 'wait', waitSeconds: 20, toEnvironment: 'shop-green' });
});

test('a later invocation continues from the state it is given', async () => {
  const clock = new FakeClock();
  const first = await handleStep({ operation: 'deploy', ...TARGET, versionLabel: 'v2' }, deps(clock));
  const second = await handleStep(first, deps(clock));
  expect(second.phase).toBe('deploying');
  expect(eb.commandCalls(UpdateEnvironmentCommand)).toHaveLength(1);
});

test('logs the progress for CloudWatch Logs', async () => {
  await handleStep({ operation: 'deploy', ...TARGET, versionLabel: 'v2' }, deps(new FakeClock()));
  expect(console.log).toHaveBeenCalledWith('deploying version v2 to shop-green');
});

test('fails when the input names an unknown operation', async () => {
  const state = await handleStep({ operation: 'explode', ...TARGET }, deps(new FakeClock()));
  expect(state).toMatchObject({ next: 'fail', message: "invalid release input: unknown operation 'explode': expected one of deploy, swap, rollback, watch, scale-down" });
});

test('fails when the input has three environments', async () => {
  const state = await handleStep({ operation: 'swap', ...TARGET, environmentNames: ['a', 'b', 'c'] }, deps(new FakeClock()));
  expect(state.message).toMatch(/invalid release input: blue\/green needs exactly two environments, got 3/);
});

test('maps each environment\'s alarms by name', () => {
  const state = startFromInput({
    operation: 'watch',
    ...TARGET,
    bakeSeconds: 600,
    environmentAlarms: [{ environmentName: 'shop-blue', alarmNames: ['b1'] }, { environmentName: 'shop-green', alarmNames: ['g1', 'g2'] }],
  });
  expect(state.alarmNames).toEqual({ 'shop-blue': ['b1'], 'shop-green': ['g1', 'g2'] });
});

test('a scale-down input asks the state machine for its drain period', async () => {
  eb.on(DescribeEnvironmentsCommand).resolves({ Environments: pair({ VersionLabel: 'v2' }) });
  const state = await handleStep({ operation: 'scale-down', ...TARGET, versionLabel: 'v2', drainSeconds: 900, scaleDownInstances: 1 }, deps(new FakeClock()));
  expect(state).toMatchObject({ phase: 'draining', next: 'drain', drainSeconds: 900, fromEnvironment: 'shop-green' });
});
