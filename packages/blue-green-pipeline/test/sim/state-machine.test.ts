import { AwsSim } from '@ebkit/testing';
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { production, simDeps, TARGET } from './harness';
import { BlueGreenPipeline } from '../../src';
import { handleStep } from '../../src/private/handlers/release-step.lambda';
import { testEnvironments } from '../fixtures';

/** The release state machine's definition (Amazon States Language), tokens replaced. */
function definition(): any {
  const { stack, environments } = testEnvironments();
  new BlueGreenPipeline(stack, 'Pipeline', { environments, scaleDownAfter: Duration.minutes(10) });
  const machines = Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine');
  const [machine] = Object.values(machines) as any[];
  return JSON.parse(machine.Properties.DefinitionString['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'TOKEN')).join(''));
}

const DEFINITION = definition();

/** The states reachable from `start`, following Next, Default, Choices and Catch. */
function reachable(start: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) {
      return;
    }
    seen.add(name);
    const state = DEFINITION.States[name];
    const next = [state.Next, state.Default, ...(state.Choices ?? []).map((c: any) => c.Next), ...(state.Catch ?? []).map((c: any) => c.Next)];
    next.filter(Boolean).forEach(visit);
  };
  visit(start);
  return seen;
}

/**
 * Runs the definition as Step Functions would: Task states call the real
 * handler against the simulator, Wait states sleep on its clock, Catch
 * routes a failed task. `die` decides whether an invocation dies (after doing
 * its work, as a Lambda that times out before it answers).
 */
let executions = 0;
async function execute(sim: AwsSim, input: any, die: (invocation: number) => boolean) {
  const deps = simDeps(sim);
  const executionId = `arn:aws:states:us-east-1:123456789012:execution:ReleaseStateMachine:exec-${++executions}`;
  // A task's Parameters, as Step Functions renders them: `$` is the state's input, `$$.Execution.Id` the execution.
  const payloadOf = (parameters: any, data: any) => (parameters ? Object.fromEntries(Object.entries(parameters).map(([key, path]) =>
    [key.replace(/\.\$$/, ''), path === '$' ? data : path === '$$.Execution.Id' ? executionId : undefined])) : data);
  let name = DEFINITION.StartAt;
  let data = input;
  const path: string[] = [];
  let invocation = 0;
  for (let i = 0; i < 5000; i++) {
    path.push(name);
    const state = DEFINITION.States[name];
    switch (state.Type) {
      case 'Task': {
        invocation += 1;
        const result = await handleStep(payloadOf(state.Parameters, data), deps);
        if (die(invocation)) {
          const error = { Error: 'States.Timeout', Cause: 'Task timed out after 60.00 seconds' };
          const handler = (state.Catch ?? []).find((c: any) => c.ErrorEquals.includes('States.ALL'));
          if (!handler) {
            return { status: 'FAILED', error: 'uncaught', path };
          }
          data = { ...data, [handler.ResultPath.replace('$.', '')]: error };
          name = handler.Next;
          continue;
        }
        data = result;
        name = state.Next;
        break;
      }
      case 'Wait':
        await sim.clock.sleep(data[state.SecondsPath.replace('$.', '')]);
        name = state.Next;
        break;
      case 'Choice': {
        const choice = state.Choices.find((c: any) => data[c.Variable.replace('$.', '')] === c.StringEquals);
        name = choice ? choice.Next : state.Default;
        break;
      }
      case 'Succeed':
        return { status: 'SUCCEEDED', data, path };
      case 'Fail':
        return { status: 'FAILED', error: state.Error, cause: state.Cause ?? data.message, path };
      default:
        throw new Error(`state type ${state.Type} is not simulated`);
    }
  }
  throw new Error('no end');
}

beforeEach(() => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

test('every task state has a Catch of every error, and the safe end reaches only Fail states', () => {
  const tasks = Object.entries(DEFINITION.States).filter(([, s]: any) => s.Type === 'Task');
  expect(tasks.map(([n]) => n).sort()).toEqual(['ReleaseStep', 'SafeEnd', 'ScaleDownOldEnvironment']);
  for (const [, state] of tasks as any) {
    expect(state.Parameters).toEqual({ 'state.$': '$', 'executionId.$': '$$.Execution.Id' });
    expect(state.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], ResultPath: '$.caught' })]);
  }
  const afterCatch = reachable('SafeEnd');
  const ends = [...afterCatch].filter((n) => ['Succeed', 'Fail'].includes(DEFINITION.States[n].Type));
  expect(ends.sort()).toEqual(['ReleaseFailed', 'SafeEndFailed']);
});

const alarms = [
  { environmentName: 'shop-blue', alarmNames: ['shop-blue-health'] },
  { environmentName: 'shop-green', alarmNames: ['shop-green-health'] },
];
const input = (operation: string, extra: object = {}) => ({
  operation,
  ...TARGET,
  timeoutSeconds: 1800,
  healthGraceSeconds: 300,
  pollSeconds: 30,
  versionLabel: 'v2',
  lockTable: 'shop-release-lock',
  ...extra,
});

/** The pipeline's Deploy stage, done (v2 on the idle green). */
async function deployed(): Promise<AwsSim> {
  const sim = AwsSim.bluegreen();
  sim.eb.addVersion({ label: 'v2' });
  expect((await execute(sim, input('deploy'), () => false)).status).toBe('SUCCEEDED');
  return sim;
}

test.each([1, 2, 3, 4, 5, 6])('Swap stage: a step that dies at invocation %i ends failed with v1 in production', async (k) => {
  const sim = await deployed();
  const result = await execute(sim, input('swap'), (n) => n === k);
  expect(result.status).toBe('FAILED');
  sim.clock.advance(120_000);
  expect(production(sim)).toMatchObject({ name: 'shop-blue', version: 'v1', status: 'Ready' });
  expect(result.path).toContain('SafeEnd');
});

test.each([1, 2, 5, 9])('Watch stage: a step that dies at invocation %i swaps back, then fails', async (k) => {
  const sim = await deployed();
  expect((await execute(sim, input('swap'), () => false)).status).toBe('SUCCEEDED');
  expect(production(sim).version).toBe('v2');
  const result = await execute(sim, input('watch', { bakeSeconds: 600, environmentAlarms: alarms }), (n) => n === k);
  expect(result).toMatchObject({ status: 'FAILED', cause: expect.stringMatching(/the release step failed in phase .*swapped back, shop-blue \(version v1\) is live again/) });
  expect(production(sim)).toMatchObject({ name: 'shop-blue', version: 'v1', status: 'Ready' });
});

test('Deploy stage: a step that dies leaves production alone and fails', async () => {
  const sim = AwsSim.bluegreen();
  sim.eb.addVersion({ label: 'v2' });
  const result = await execute(sim, input('deploy'), (n) => n === 2);
  expect(result).toMatchObject({ status: 'FAILED', cause: expect.stringMatching(/nothing to undo/) });
  expect(production(sim)).toMatchObject({ name: 'shop-blue', version: 'v1' });
});

test('when the safe end dies too, the execution fails (never succeeds)', async () => {
  const sim = await deployed();
  expect((await execute(sim, input('swap'), () => false)).status).toBe('SUCCEEDED');
  const result = await execute(sim, input('watch', { bakeSeconds: 600, environmentAlarms: alarms }), (n) => n >= 2);
  expect(result).toMatchObject({ status: 'FAILED', path: expect.arrayContaining(['SafeEndFailed']) });
});
