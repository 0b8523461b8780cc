import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { AbortEnvironmentUpdateCommand, ElasticBeanstalkClient, SwapEnvironmentCNAMEsCommand, UpdateEnvironmentCommand } from '@aws-sdk/client-elastic-beanstalk';
import { AwsSim } from '@ebkit/testing';
import { production, runToEnd, simDeps, TARGET } from './harness';
import { CliIO, runCli } from '../../src/cli/cli';
import { handleStep } from '../../src/private/handlers/release-step.lambda';
import { advance, startRelease } from '../../src/private/runtime/engine';
import { handleGuardEvent } from '../../src/private/runtime/swap-guard';

const LOCK = 'shop-release-lock';
const alarmNames = { 'shop-blue': ['shop-blue-health', 'shop-blue-5xx'], 'shop-green': ['shop-green-health', 'shop-green-5xx'] };

/** Deploys `label` to green and swaps it in (no bake), through the engine. */
async function release(sim: AwsSim, label: string) {
  sim.eb.addVersion({ label });
  expect((await runToEnd(sim, startRelease('deploy', TARGET, { lockTable: LOCK }, label))).final.next).toBe('done');
  expect((await runToEnd(sim, startRelease('swap', TARGET, { lockTable: LOCK }, label))).final.next).toBe('done');
}

function cli(sim: AwsSim, out: string[] = []): CliIO {
  return {
    out: (line) => out.push(line),
    err: (line) => out.push(line),
    env: { EBKIT_APPLICATION: 'shop', EBKIT_PRODUCTION_CNAME_PREFIX: 'shop', EBKIT_LOCK_TABLE: LOCK },
    engine: () => simDeps(sim, 'cli'),
    codepipeline: () => sim.client(CodePipelineClient, 'cli'),
    s3: () => { throw new Error('no S3 in these tests'); },
    fileSize: () => undefined,
    readFile: async () => new Uint8Array(),
    sleep: sim.clock.sleep,
  };
}

beforeEach(() => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

test('1. the swap back checks which environment is live: a rollback by hand during the bake is not undone', async () => {
  const sim = AwsSim.bluegreen();
  sim.eb.addVersion({ label: 'v2', alarmsAfterSeconds: 120 });
  expect((await runToEnd(sim, startRelease('deploy', TARGET, {}, 'v2'))).final.next).toBe('done');
  let state = startRelease('swap', TARGET, { bakeSeconds: 900, alarmNames }, 'v2');
  const deps = simDeps(sim);
  // Run until the bake has begun and the alarm fired, then an operator rolls back in the console before the next look.
  while (state.phase !== 'baking' || sim.clock.now() < sim.eb.env('shop-green').readySince + 125_000) {
    state = await advance(state, deps);
    await sim.clock.sleep(state.waitSeconds);
  }
  const console = sim.client(ElasticBeanstalkClient, 'console');
  await console.send(new SwapEnvironmentCNAMEsCommand({ SourceEnvironmentName: 'shop-green', DestinationEnvironmentName: 'shop-blue' }));
  sim.clock.advance(60_000);
  const { final } = await runToEnd(sim, state, deps);
  expect(final.next).toBe('fail');
  expect(production(sim)).toMatchObject({ name: 'shop-blue', version: 'v1' });
  expect(sim.calls.filter((c) => c.command === 'SwapEnvironmentCNAMEsCommand' && c.actor === 'pipeline')).toHaveLength(1);
});

test.each(['5xx', 'access-denied', 'timeout', 'throttle'] as const)('2. the watch fails closed: CloudWatch %s during the bake swaps back within the bound', async (kind) => {
  const sim = AwsSim.bluegreen();
  await release(sim, 'v2');
  sim.faults.add({ kind, service: 'cloudwatch', count: Infinity });
  const { final, log } = await runToEnd(sim, startRelease('watch', TARGET, { bakeSeconds: 1800, alarmNames, lockTable: LOCK }, 'v2'));
  expect(final.next).toBe('fail');
  expect(final.message).toMatch(/could not read the alarms or the environments for 120s.*swapped back, shop-blue \(version v1\) is live again/);
  expect(log.join('\n')).toMatch(/failing closed/);
  expect(production(sim)).toMatchObject({ name: 'shop-blue', version: 'v1' });
});

test('3. the capacity restore never shrinks the idle environment below the larger of the two', async () => {
  const sim = AwsSim.bluegreen();
  // blue (live) was scaled down and swapped in by force; green (idle) is at full size.
  Object.assign(sim.eb.env('shop-blue'), { minSize: 1, maxSize: 1 });
  sim.eb.addVersion({ label: 'v2' });
  expect((await runToEnd(sim, startRelease('deploy', TARGET, {}, 'v2'))).final.next).toBe('done');
  expect(sim.eb.env('shop-green')).toMatchObject({ minSize: 2, maxSize: 4 });
  expect(sim.calls.filter((c) => c.command === 'UpdateEnvironmentCommand' && c.input.OptionSettings)).toHaveLength(0);
});

test('4. rollback --force swaps first, breaks the lock and says so, then restores the size', async () => {
  const sim = AwsSim.bluegreen();
  await release(sim, 'v2');
  Object.assign(sim.eb.env('shop-blue'), { minSize: 1, maxSize: 1 });
  // A pipeline release holds the lock (a watch of 3 h).
  let watch = startRelease('watch', TARGET, { bakeSeconds: 10_800, alarmNames, lockTable: LOCK }, 'v2');
  const pipeline = simDeps(sim);
  watch = await advance(watch, pipeline);
  const out: string[] = [];
  const code = await runCli(['rollback', '--force'], cli(sim, out));
  expect(code).toBe(0);
  const text = out.join('\n');
  expect(text).toMatch(/forced: broke the release lock held by pipeline:watch/);
  expect(text.indexOf('swapping CNAMEs')).toBeLessThan(text.indexOf('restoring the size'));
  expect(production(sim)).toMatchObject({ name: 'shop-blue', version: 'v1' });
  expect(sim.eb.env('shop-blue')).toMatchObject({ minSize: 2, maxSize: 4 });
  // The orphaned watch loses the lock at its next step and touches nothing.
  const before = sim.calls.length;
  const { final } = await runToEnd(sim, watch, pipeline);
  expect(final.message).toMatch(/lost the lock of the pair in phase 'baking'.*Stopped without touching the environments/);
  expect(sim.calls.slice(before).filter((c) => c.command === 'SwapEnvironmentCNAMEsCommand')).toHaveLength(0);
});

test('5. one lock for the CLI and the pipeline; a crashed holder loses it when its lease runs out', async () => {
  const sim = AwsSim.bluegreen();
  sim.eb.addVersion({ label: 'v2' });
  // The pipeline's deploy takes the lock, then its step dies (the state is lost).
  const dead = await advance(startRelease('deploy', TARGET, { lockTable: LOCK }, 'v2'), simDeps(sim));
  expect(dead.next).toBe('wait');
  const out: string[] = [];
  expect(await runCli(['swap'], cli(sim, out))).toBe(1);
  expect(out.join('\n')).toMatch(/another release holds the lock of this pair: pipeline:deploy:.*rollback --force breaks the lock/);
  sim.clock.advance(601_000);
  expect(await runCli(['swap'], cli(sim, out))).toBe(0);
  expect(production(sim)).toMatchObject({ name: 'shop-green', version: 'v2' });
});

test('6. verify asks over https when the HTTP listener is off', async () => {
  const sim = AwsSim.bluegreen();
  for (const env of sim.eb.environments.values()) {
    Object.assign(env, { httpListener: false, httpsListener: true });
  }
  sim.eb.addVersion({ label: 'v2' });
  const { final, log } = await runToEnd(sim, startRelease('deploy', TARGET, { verifyPath: '/health' }, 'v2'));
  expect(final.next).toBe('done');
  expect(log.join('\n')).toMatch(/GET https:\/\/shop-staging\.us-east-1\.elasticbeanstalk\.com\/health: 200/);
});

test('10. Aborting is busy; the grace period counts from Ready; a phase in the input is validated', async () => {
  const sim = AwsSim.bluegreen();
  sim.eb.addVersion({ label: 'v2' });
  sim.eb.addVersion({ label: 'v3', warmupSeconds: 200 });
  const eb = sim.client(ElasticBeanstalkClient, 'console');
  await eb.send(new UpdateEnvironmentCommand({ EnvironmentName: 'shop-green', VersionLabel: 'v2' }));
  await eb.send(new AbortEnvironmentUpdateCommand({ EnvironmentName: 'shop-green' }));
  const busy = await runToEnd(sim, startRelease('swap', TARGET));
  expect(busy.final.message).toMatch(/shop-green' is Aborting: another deployment or swap is in progress/);
  sim.clock.advance(600_000);
  // A slow deployment (600 s, longer than the 300 s grace) that is Degraded for 200 s after Ready passes.
  sim.eb.durations = { ...sim.eb.durations, deploySeconds: 600 };
  const slow = await runToEnd(sim, startRelease('deploy', TARGET, {}, 'v3'));
  expect(slow.final.message).toMatch(/version v3 is deployed and healthy/);
  const injected = await handleStep({ ...startRelease('swap', TARGET), phase: 'baking', pollSeconds: 1 }, simDeps(sim));
  expect(injected).toMatchObject({ next: 'fail', message: expect.stringMatching(/invalid release state: pollSeconds \(1\) must be a whole number between 5 and 300/) });
  const noFields = await handleStep({ ...startRelease('swap', TARGET), phase: 'swapping-back' }, simDeps(sim));
  expect(noFields.message).toMatch(/phase 'swapping-back' needs toEnvironment and a deadline/);
  expect(sim.calls.filter((c) => c.command === 'SwapEnvironmentCNAMEsCommand')).toHaveLength(0);
});

test('9. the swap guard refuses a replacing update while swapped, and lets CloudFormation roll that update back', async () => {
  const sim = AwsSim.bluegreen();
  await release(sim, 'v2');
  const eb = sim.client(ElasticBeanstalkClient, 'cloudformation');
  const original = { ApplicationName: 'shop', ProductionCnamePrefix: 'shop', StagingCnamePrefix: 'shop-staging' };
  const changed = { ...original, StagingCnamePrefix: 'shop-next' };
  const put = jest.fn(async () => ({}));
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const update = (old: object, next: object) => handleGuardEvent({
    RequestType: 'Update',
    OldResourceProperties: old,
    ResourceProperties: next,
    ResponseURL: 'https://cfn.example/r',
    StackId: 's',
    RequestId: 'r',
    LogicalResourceId: 'Guard',
    PhysicalResourceId: 'g',
  }, eb, put);
  expect((await update(original, changed)).status).toBe('FAILED');
  // The rollback: an update from the refused values back to the ones the environments still have.
  expect(await update(changed, original)).toMatchObject({ status: 'SUCCESS', reason: expect.stringMatching(/rolling back a refused update/) });
});

test('e. when production cannot be moved back, the alarm topic is told (SNS) and the job fails saying so', async () => {
  const sim = AwsSim.bluegreen();
  const topic = 'arn:aws:sns:us-east-1:123456789012:shop-alarms';
  sim.eb.addVersion({ label: 'v2', alarmsAfterSeconds: 60 });
  expect((await runToEnd(sim, startRelease('deploy', TARGET, { lockTable: LOCK }, 'v2'))).final.next).toBe('done');
  expect((await runToEnd(sim, startRelease('swap', TARGET, { lockTable: LOCK }, 'v2'))).final.next).toBe('done');
  // v2's alarms fire a minute into the bake, and every swap back is refused.
  sim.faults.add({ kind: 'access-denied', service: 'elasticbeanstalk', command: 'SwapEnvironmentCNAMEsCommand', count: Infinity });
  const watch = startRelease('watch', TARGET, { bakeSeconds: 1800, alarmNames, lockTable: LOCK, alarmTopicArn: topic, timeoutSeconds: 600 }, 'v2');
  const { final } = await runToEnd(sim, watch);
  expect(final.next).toBe('fail');
  expect(final.message).toMatch(/could not move production back to shop-blue before the 600s timeout .*AccessDenied.*\(the alarm topic arn:aws:sns:us-east-1:123456789012:shop-alarms was notified\)$/);
  expect(sim.sns.published).toEqual([expect.objectContaining({
    topicArn: topic,
    subject: 'ebkit release of shop: production could not be moved back',
    message: expect.stringMatching(/The watch of version v2 .* gave up moving production back[\s\S]*could not move production back to shop-blue[\s\S]*rollback --force/),
  })]);
  expect(production(sim)).toMatchObject({ name: 'shop-green', version: 'v2' });
});

test('e. the safe end of a dead step that cannot swap back tells the topic; when SNS fails too, the job says that', async () => {
  const sim = AwsSim.bluegreen();
  const topic = 'arn:aws:sns:us-east-1:123456789012:shop-alarms';
  await release(sim, 'v2');
  // The watch's step dies (the Catch hands it to the safe end), and the old environment turned unhealthy meanwhile.
  const watch = { ...startRelease('watch', TARGET, { bakeSeconds: 600, alarmNames, lockTable: LOCK, alarmTopicArn: topic }, 'v2'), caught: { Error: 'States.Timeout' } };
  sim.eb.versions.set('v1', { ...sim.eb.versions.get('v1')!, health: 'Severe' });
  const told = await handleStep({ state: watch, executionId: 'arn:aws:states:us-east-1:123456789012:execution:Release:w1' }, simDeps(sim));
  expect(told).toMatchObject({ next: 'fail', message: expect.stringMatching(/not swapping back onto an unhealthy environment; roll back by hand \(the alarm topic .* was notified\)$/) });
  expect(sim.sns.published).toHaveLength(1);
  sim.faults.add({ kind: '5xx', service: 'sns', count: 1 });
  const unheard = await handleStep({ state: watch, executionId: 'arn:aws:states:us-east-1:123456789012:execution:Release:w2' }, simDeps(sim));
  expect(unheard.message).toMatch(/\(notifying the alarm topic .* failed \(InternalFailure: .*\)\)$/);
  expect(sim.sns.published).toHaveLength(1);
  expect(sim.calls.filter((c) => c.command === 'SwapEnvironmentCNAMEsCommand' && c.actor === 'pipeline')).toHaveLength(1);
});
