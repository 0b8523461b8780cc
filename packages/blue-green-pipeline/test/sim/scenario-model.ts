import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { ElasticBeanstalkClient, SwapEnvironmentCNAMEsCommand } from '@aws-sdk/client-elastic-beanstalk';
import { AwsSim, FaultKind, MUTATING_COMMANDS, SimCall, SimService } from '@ebkit/testing';
import * as fc from 'fast-check';
import { simDeps, TARGET } from './harness';
import { CliIO, runCli } from '../../src/cli/cli';
import { handleStep } from '../../src/private/handlers/release-step.lambda';
import { ReleaseState } from '../../src/private/runtime/engine';

/**
 * The model of the generated scenarios (shared by the 1,000-scenario suite and
 * by the planted-defect proof that this suite can fail): a pipeline release
 * (Deploy, Swap, Watch, ScaleDown stages, each a state machine execution of
 * the real step handler) of a version that may be good, fail to deploy, stay
 * unhealthy or fire its alarms, interleaved with faults on any call, operator
 * actions (CLI and console) at a step or at the moment the release enters a
 * phase, and steps that die. Invariants a-e of the issue are checked after
 * every call, every step and at the end.
 */
export const LOCK = 'shop-release-lock';
const alarms = [
  { environmentName: 'shop-blue', alarmNames: ['shop-blue-health', 'shop-blue-5xx'] },
  { environmentName: 'shop-green', alarmNames: ['shop-green-health', 'shop-green-5xx'] },
];

type Kind = 'good' | 'fails-deploy' | 'unhealthy' | 'alarms';
type Action = 'console-swap' | 'cli-rollback-force' | 'cli-swap' | 'cli-scale-down' | 'managed-update' | 'cli-deploy';
/** The sizes of the pair when the release starts: both full, the idle one scaled down (after a release), or the live one (after a console swap). */
type Sizes = 'equal' | 'idle-scaled-down' | 'live-scaled-down';
/** Phases an operator action may be tied to: it happens just before the first step in that phase. */
const TRIGGER_PHASES = ['deploying', 'verifying', 'swapping', 'baking', 'swapping-back', 'waiting-swap-back', 'draining', 'safe-end'] as const;

export interface Scenario {
  readonly kind: Kind;
  readonly alarmAfter: number;
  readonly sizes: Sizes;
  readonly faults: { step: number; service: SimService; kind: FaultKind; count: number }[];
  readonly actions: { step: number; phase?: typeof TRIGGER_PHASES[number]; action: Action }[];
  readonly dies: { step: number; caught: boolean }[];
}

export const scenario: fc.Arbitrary<Scenario> = fc.record({
  kind: fc.constantFrom<Kind>('good', 'fails-deploy', 'unhealthy', 'alarms'),
  alarmAfter: fc.integer({ min: 30, max: 600 }),
  sizes: fc.constantFrom<Sizes>('equal', 'idle-scaled-down', 'live-scaled-down'),
  faults: fc.array(fc.record({
    step: fc.integer({ min: 0, max: 60 }),
    service: fc.constantFrom<SimService>('elasticbeanstalk', 'cloudwatch', 'dynamodb'),
    kind: fc.constantFrom<FaultKind>('throttle', 'timeout', '5xx', 'access-denied'),
    count: fc.integer({ min: 1, max: 12 }),
  }), { maxLength: 3 }),
  actions: fc.array(fc.record({
    step: fc.integer({ min: 0, max: 60 }),
    phase: fc.option(fc.constantFrom(...TRIGGER_PHASES), { nil: undefined, freq: 2 }),
    action: fc.constantFrom<Action>('console-swap', 'cli-rollback-force', 'cli-swap', 'cli-scale-down', 'managed-update', 'cli-deploy'),
  }), { maxLength: 2 }),
  dies: fc.array(fc.record({ step: fc.integer({ min: 0, max: 60 }), caught: fc.boolean() }), { maxLength: 1 }),
});

/** An invariant does not hold: the message starts with its letter. */
export class Violation extends Error {}

function check(condition: boolean, message: string): void {
  if (!condition) {
    throw new Violation(message);
  }
}

const capacity = (env: { minSize: number; maxSize: number }) => `${env.minSize}-${env.maxSize}`;

/** Plays one scenario; throws a {@link Violation} when an invariant does not hold. */
export async function play(s: Scenario): Promise<void> {
  const durations = { deploySeconds: 180, configSeconds: 90, swapSeconds: 60, managedUpdateSeconds: 300, abortSeconds: 60 };
  const sim = AwsSim.bluegreen({ durations });
  if (s.sizes !== 'equal') {
    Object.assign(sim.eb.env(s.sizes === 'idle-scaled-down' ? 'shop-green' : 'shop-blue'), { minSize: 1, maxSize: 1 });
  }
  sim.eb.addVersion({
    label: 'v2',
    deploys: s.kind !== 'fails-deploy',
    health: s.kind === 'unhealthy' ? 'Severe' : 'Ok',
    alarmsAfterSeconds: s.kind === 'alarms' ? s.alarmAfter : undefined,
  });
  sim.eb.addVersion({ label: 'v3' });
  /** Versions that passed every pre-swap gate (deploy healthy, verified): production may serve them. */
  const gated = new Set(['v1']);
  /** Versions taken out of production while their alarms were in ALARM: the pipeline never puts them back. */
  const withdrawn = new Set<string>();
  /** Production was moved by another actor (console, CLI): a and b judge the pipeline's own moves only. */
  let forced = false;
  /** What each actor is doing now (the pipeline's operation, the CLI's command). */
  const doing: Record<string, string> = {};
  const pairAlarms = (envName: string) => alarms.find((a) => a.environmentName === envName)!.alarmNames;
  /**
   * A violation seen inside a call listener: thrown there, it would reach the code under test as the
   * call's error (and could be retried away), so it is kept and thrown after the step.
   */
  let seen: Violation | undefined;
  /** Emergency swaps whose size restore is judged once Elastic Beanstalk settled at the end (an update may still run when their step ends). */
  const pending: { live: string; minSize: number; maxSize: number; swaps: number; what: string }[] = [];
  let swaps = 0;
  const settled = () => {
    const live = sim.eb.holding('shop')!;
    // Only the last swap, and only while nobody moved production since (an earlier swap was judged by the next one).
    for (const p of pending.filter((x) => x.swaps === swaps && x.live === live.name)) {
      check(live.minSize >= p.minSize && live.maxSize >= p.maxSize, `c: ${p.what}, and ${live.name} is still ${capacity(live)} at the end`);
    }
  };
  const rethrow = () => {
    if (seen) {
      throw seen;
    }
  };
  sim.callListeners.push((call) => {
    try {
      checkCall(call);
    } catch (error) {
      seen ??= error as Violation;
    }
  });
  const checkCall = (call: SimCall) => {
    if (call.error || !MUTATING_COMMANDS.includes(call.command) || call.actor === 'eb') {
      return;
    }
    const from = [...sim.eb.environments.values()].find((e) => e.cnamePrefix === 'shop')!;
    const to = [...sim.eb.environments.values()].find((e) => e !== from)!;
    if (call.command === 'SwapEnvironmentCNAMEsCommand'
      && pairAlarms(from.name).some((a) => sim.cloudwatch.alarms.get(a)?.state === 'ALARM')) {
      withdrawn.add(from.version!);
    }
    if (call.actor === 'console') {
      return;
    }
    // d. every change of the pair by the pipeline or the CLI happens under that actor's unexpired lease.
    const lock = sim.dynamodb.item(LOCK, 'shop/shop-blue,shop-green');
    check(lock !== undefined && lock.owner.S!.startsWith(call.actor) && Number(lock.expiresAt.N) > call.at,
      `d: ${call.actor} called ${call.command} without holding the lock (${JSON.stringify(lock)})`);
    if (call.command === 'SwapEnvironmentCNAMEsCommand') {
      // a. the pipeline never puts back a version whose alarms took it out of production.
      check(call.actor !== 'pipeline' || !withdrawn.has(to.version!),
        `a: the pipeline (${doing.pipeline}) swapped ${to.name} back in on ${to.version}, withdrawn after its alarms fired`);
      // c. the environment that becomes live has at least the size of the one it replaces. An emergency
      // swap (rollback --force, a swap back) moves first and restores the size after: judged when it ends.
      swaps += 1;
      const emergency = doing[call.actor] === 'rollback --force' || (call.actor === 'pipeline' && to.version !== 'v2');
      const what = `${call.actor} (${doing[call.actor]}) swapped ${to.name} (${capacity(to)}) in for ${from.name} (${capacity(from)})`;
      if (emergency) {
        pending.push({ live: to.name, minSize: from.minSize, maxSize: from.maxSize, swaps, what });
      } else {
        check(to.minSize >= from.minSize && to.maxSize >= from.maxSize, `c: ${what}`);
      }
    }
    const sizes = (call.input.OptionSettings ?? []).filter((o: any) => o.Namespace === 'aws:autoscaling:asg');
    if (call.command === 'UpdateEnvironmentCommand' && sizes.length > 0) {
      // c. only a scale-down makes an environment smaller: a restore never shrinks one.
      const env = sim.eb.env(call.input.EnvironmentName);
      const size = (name: string) => Number(sizes.find((o: any) => o.OptionName === name)?.Value ?? 0);
      check(doing[call.actor] === 'scale-down' || (size('MinSize') >= env.minSize && size('MaxSize') >= env.maxSize),
        `c: ${call.actor} (${doing[call.actor]}) resized ${env.name} from ${capacity(env)} to ${size('MinSize')}-${size('MaxSize')}`);
    }
  };
  // a. production is served by an environment on a gated version.
  const invariantA = (where: string) => {
    rethrow();
    const live = sim.eb.holding('shop');
    check(live !== undefined && sim.eb.serving(live), `a (${where}): production is not served (${JSON.stringify(live)})`);
    check(gated.has(live!.version!) || (s.kind === 'alarms' && live!.version === 'v2') || forced,
      `a (${where}): production serves ${live!.version}, which did not pass the gates`);
  };

  let step = 0;
  const cli = async (argv: string[]) => {
    doing.cli = argv.join(' ');
    try {
      return await runCli(argv, {
        out: () => undefined,
        err: () => undefined,
        env: { EBKIT_APPLICATION: 'shop', EBKIT_PRODUCTION_CNAME_PREFIX: 'shop', EBKIT_LOCK_TABLE: LOCK },
        engine: () => simDeps(sim, 'cli'),
        codepipeline: () => sim.client(CodePipelineClient, 'cli'),
        s3: () => { throw new Error('no S3'); },
        fileSize: () => undefined,
        readFile: async () => new Uint8Array(),
        sleep: sim.clock.sleep,
      } as CliIO);
    } finally {
      delete doing.cli;
    }
  };
  const done = new Set<number>();
  const operator = async (phase: string) => {
    for (const f of s.faults.filter((x) => x.step === step)) {
      sim.faults.add({ kind: f.kind, service: f.service, count: f.count });
    }
    const due = s.actions.map((a, i) => ({ ...a, i }))
      .filter((a) => !done.has(a.i) && (a.phase === undefined ? a.step === step : a.phase === phase));
    for (const a of due) {
      done.add(a.i);
      switch (a.action) {
        case 'console-swap': {
          const eb = sim.client(ElasticBeanstalkClient, 'console');
          const live = sim.eb.holding('shop')!;
          const idle = [...sim.eb.environments.values()].find((e) => e !== live)!;
          // An operator swaps in the console only onto a healthy environment on a gated version.
          if (live.status === 'Ready' && idle.status === 'Ready' && gated.has(idle.version!) && sim.eb.health(idle)[1] === 'Ok') {
            await eb.send(new SwapEnvironmentCNAMEsCommand({ SourceEnvironmentName: live.name, DestinationEnvironmentName: idle.name }));
            forced = true;
          }
          break;
        }
        case 'cli-rollback-force': {
          const idle = [...sim.eb.environments.values()].find((e) => e.cnamePrefix !== 'shop')!;
          if (gated.has(idle.version!)) {
            forced = true;
            await cli(['rollback', '--force']);
          }
          break;
        }
        case 'cli-swap':
          // A swap by hand (with the lock and the health gate) releases the gated idle version: production moved by someone else.
          if ((await cli(['swap'])) === 0) {
            forced = true;
          }
          break;
        case 'cli-scale-down':
          await cli(['scale-down']);
          break;
        case 'cli-deploy':
          if ((await cli(['deploy', 'v3'])) === 0) {
            gated.add('v3');
          }
          break;
        case 'managed-update': {
          const idle = [...sim.eb.environments.values()].find((e) => e.cnamePrefix !== 'shop')!;
          if (idle.status === 'Ready') {
            sim.eb.startManagedUpdate(idle.name);
          }
          break;
        }
      }
      invariantA(`after ${a.action}`);
    }
  };

  /** One state machine execution: the step handler in a loop, with the Catch to the safe end. */
  const execution = async (input: { operation: string }): Promise<ReleaseState | 'abandoned'> => {
    const deps = simDeps(sim, 'pipeline');
    const executionId = `arn:aws:states:us-east-1:123456789012:execution:Release:exec-${step}`;
    doing.pipeline = input.operation;
    let state: any = input;
    for (let i = 0; i < 400; i++) {
      await operator(state.phase ?? 'start');
      step += 1;
      const result = await handleStep({ state, executionId }, deps);
      invariantA(`step ${step}`);
      const death = s.dies.find((d) => d.step === step);
      if (death) {
        if (!death.caught) {
          return 'abandoned';
        }
        state = { ...state, caught: { Error: 'States.Timeout', Cause: 'Task timed out' } };
        continue;
      }
      state = result;
      if (state.next === 'done' || state.next === 'fail') {
        rethrow();
        return state;
      }
      await sim.clock.sleep(state.next === 'drain' ? state.drainSeconds : state.waitSeconds);
    }
    throw new Violation('e: an execution never ended');
  };

  const base = { ...TARGET, timeoutSeconds: 1800, healthGraceSeconds: 300, pollSeconds: 60, versionLabel: 'v2', lockTable: LOCK };
  const deploy = await execution({ operation: 'deploy', ...base, verifyPath: '/health' });
  if (deploy !== 'abandoned' && deploy.next === 'done') {
    gated.add('v2');
  }
  if (deploy !== 'abandoned' && deploy.next === 'done') {
    const swap = await execution({ operation: 'swap', ...base });
    if (swap !== 'abandoned' && swap.next === 'done') {
      const watch = await execution({ operation: 'watch', ...base, bakeSeconds: 300, environmentAlarms: alarms });
      if (watch !== 'abandoned' && watch.next === 'done') {
        // e. a watch that passed saw no alarm (or production left v2 by someone else's hand).
        check(!(s.kind === 'alarms' && s.alarmAfter < 240 && sim.eb.holding('shop')!.version === 'v2' && !forced),
          `e: the watch passed although v2's alarms fired after ${s.alarmAfter}s`);
        await execution({ operation: 'scale-down', ...base, drainSeconds: 300, scaleDownInstances: 1 });
      } else if (watch !== 'abandoned') {
        // b. a failed release never leaves its version live.
        check(sim.eb.holding('shop')!.version !== 'v2' || forced, `b: the watch failed (${watch.message}) with v2 live`);
      }
    } else if (swap !== 'abandoned') {
      check(sim.eb.holding('shop')!.version !== 'v2' || forced, `b: the swap failed (${swap.message}) with v2 live`);
    }
  }
  // b. at the end, once Elastic Beanstalk settled, production is healthy.
  sim.faults.clear();
  sim.clock.advance(1800_000);
  invariantA('end');
  settled();
  const live = sim.eb.holding('shop')!;
  check(live.status === 'Ready' && ['Ok', 'Warning'].includes(sim.eb.health(live)[1]) || (forced && s.kind === 'unhealthy'),
    `b: production ends ${live.status}/${sim.eb.health(live)[1]} on ${live.version}`);
}

/** Runs `runs` generated scenarios from `seed`; the failure (if any) with its shrunk scenario. */
export async function explore(runs: number, seed: number) {
  return fc.check(fc.asyncProperty(scenario, async (s) => {
    await play(s);
  }), { numRuns: runs, seed, endOnFailure: false });
}
