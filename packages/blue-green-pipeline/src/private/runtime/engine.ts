/* eslint-disable import/no-extraneous-dependencies -- run-time code: esbuild bundles the AWS SDK clients into the Lambda handlers and the CLI; the library (lib/index.js) never loads this file */
import { randomUUID } from 'node:crypto';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeEnvironmentsCommand, DescribeEventsCommand, ElasticBeanstalkClient, EnvironmentDescription,
  SwapEnvironmentCNAMEsCommand, UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Capacity, capacityAfterScaleDown, capacityOptionSettings, capacityToRestore, formatCapacity, readCapacity, readListeners } from './capacity';
import {
  assertNotBusy, busyWith, describeEnvironment, describePair, environmentUrl, healthVerdict, HealthVerdict, holdsPrefix,
  EnvironmentPair, ReleaseError, ReleaseTarget, validateTarget,
} from './environments';
import { breakLock, holdLock, LockHeldError, lockKey, LockRef, releaseLock } from './lock';
import { RELEASE_LIMITS } from '../limits';

/** What a release does. */
export type Operation = 'deploy' | 'swap' | 'rollback' | 'watch' | 'scale-down';

/**
 * What the caller does after a step: run the next step now, wait (`waitSeconds`),
 * wait the drain period (`drainSeconds`, then run the next step), or stop.
 */
export type Next = 'continue' | 'wait' | 'drain' | 'done' | 'fail';

/** Knobs of a release, each with the default applied by {@link startRelease}. */
export interface ReleaseSettings {
  /** How long one wait (deployment, swap) may take. @default 1800 */
  readonly timeoutSeconds?: number;
  /** How long a Degraded/Severe environment is tolerated after a deployment starts. @default 300 */
  readonly healthGraceSeconds?: number;
  /** Seconds between two looks. @default 30 */
  readonly pollSeconds?: number;
  /** How long to watch the new live environment's alarms after a swap (0: no watch). @default 0 */
  readonly bakeSeconds?: number;
  /** Path requested on the idle environment's CNAME after a deployment (none: no HTTP check). */
  readonly verifyPath?: string;
  /** The status that path must answer. @default 200 */
  readonly verifyExpectedStatus?: number;
  /** CloudWatch alarm names per environment name: any in ALARM during the bake swaps back. */
  readonly alarmNames?: Record<string, string[]>;
  /** How many throttled calls in a row are retried (with exponential backoff). @default 5 */
  readonly maxThrottleRetries?: number;
  /** scale-down: how long the old environment keeps its size after the release (DNS caches still send it traffic). @default 0 */
  readonly drainSeconds?: number;
  /** scale-down: the old environment's MinSize and MaxSize afterwards. @default 1 */
  readonly scaleDownInstances?: number;
  /** Skip the health gate before a swap. @default false */
  readonly force?: boolean;
  /** Decide and report, change nothing. @default false */
  readonly dryRun?: boolean;
  /**
   * The DynamoDB table of the release lock (partition key `lockId`): every
   * actor that changes the pair (pipeline, CLI) holds its lease meanwhile.
   * `rollback --force` breaks it. @default - no lock (tests of single actors only)
   */
  readonly lockTable?: string;
  /** How long a lock lease lasts without renewal. @default 600 */
  readonly leaseSeconds?: number;
  /** How long the watch tolerates not seeing the alarms or the environments before it swaps back. @default 120 */
  readonly blindSeconds?: number;
  /**
   * The SNS topic told when the release cannot move production back (the
   * environments' alarm topic): the job fails in any case, and someone must act.
   * @default - nobody is notified beyond the failed job
   */
  readonly alarmTopicArn?: string;
}

/**
 * The whole state of a release. Plain JSON: Step Functions carries it from one
 * step to the next, the CLI keeps it in memory. Each step returns the next state.
 */
export interface ReleaseState extends ReleaseTarget, ReleaseSettings {
  readonly operation: Operation;
  /** The version to deploy (deploy), or that the idle environment must run (swap, optional). */
  readonly versionLabel?: string;
  readonly phase: string;
  readonly next: Next;
  /** With next = wait: how long. */
  readonly waitSeconds: number;
  /** A summary for a person: why it failed, or what is now true. */
  readonly message: string;
  /** What happened during the last step (progress), one line each. */
  readonly log: string[];
  /** The environment that was live when the release started. */
  readonly fromEnvironment?: string;
  /** The environment that receives the version / becomes live. */
  readonly toEnvironment?: string;
  readonly phaseStartedAt?: number;
  readonly deadline?: number;
  readonly bakeUntil?: number;
  readonly attempts: number;
  readonly throttleRetries: number;
  readonly lastEventAt?: number;
  readonly lastSeen?: Record<string, string>;
  readonly firedAlarms?: string[];
  /** The idle environment's size was restored once in this release (never twice: no loop). */
  readonly restored?: boolean;
  /** Who holds the lock for this release (`<actor>:<operation>:<random>`). */
  readonly lockOwner?: string;
  /** The lock was given up (drain, end): the next step takes it anew instead of renewing. */
  readonly lockReleased?: boolean;
  /** When the environment being deployed was first seen Ready (the health grace counts from here). */
  readonly readyAt?: number;
  /** Since when the watch cannot see the alarms or the environments, and why. */
  readonly blindSince?: number;
  readonly blindReason?: string;
  /** Why the release swaps back (an alarm, blindness, a failed step). */
  readonly swapBackReason?: string;
  /** A forced rollback restores the new live environment's size after the swap. */
  readonly restoreAfterSwap?: boolean;
  /** After a swap back: the failure to report once the live environment's size is restored. */
  readonly failAfterRestore?: string;
  /** The release gave up moving production back: the alarm topic is told before the job fails. */
  readonly stranded?: boolean;
  /** The step that died was moving production back: the safe end restores the size of the environment live again. */
  readonly swappedBack?: boolean;
  /** The error that ended a step of the state machine (set by its Catch): the release ends safely. */
  readonly caught?: { Error?: string; Cause?: string };
}

/** The outside world of the engine: clients, HTTP and a clock (tests replace them). */
export interface EngineDeps {
  readonly eb: ElasticBeanstalkClient;
  readonly cloudwatch: CloudWatchClient;
  readonly fetch: (url: string, init?: any) => Promise<{ status: number; headers?: { get(name: string): string | null } }>;
  /** Requests an https URL on an environment's CNAME (certificate chain checked, host name not). */
  readonly httpsStatus?: (url: string) => Promise<number>;
  /** Milliseconds since the epoch (tests pass a simulated clock). */
  readonly now: () => number;
  /** The lock table's client (needed with `lockTable`). */
  readonly dynamodb?: DynamoDBClient;
  /** The client that tells the alarm topic (needed with `alarmTopicArn`). */
  readonly sns?: SNSClient;
  /** Who this actor is, in the lock: `pipeline`, `cli:user@host`. @default 'release' */
  readonly owner?: string;
  /**
   * The exact lock owner of this release when the actor has a stable identity (a Step Functions
   * execution): a retried or caught step of the same execution holds the same lease.
   * @default - `<owner>:<operation>:<random>`, chosen at the first step
   */
  readonly lockOwner?: string;
}

export const DEFAULTS = {
  timeoutSeconds: 1800,
  healthGraceSeconds: 300,
  pollSeconds: 30,
  bakeSeconds: 0,
  verifyExpectedStatus: 200,
  maxThrottleRetries: 5,
  verifyAttempts: 3,
  drainSeconds: 0,
  scaleDownInstances: 1,
  leaseSeconds: 600,
  blindSeconds: 120,
} as const;

/** Limits of each knob: the one source of truth, also checked at synth by the constructs. */
export const LIMITS = RELEASE_LIMITS;

/** Every phase a state may be in (a state with another phase is refused). */
export const PHASES = ['start', 'restoring', 'draining', 'scaling-down', 'deploying', 'verifying', 'swapping', 'baking',
  'swapping-back', 'waiting-swap-back', 'restoring-live', 'safe-end', 'safe-end-swapping'] as const;

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/**
 * A release that gives up moving production back (it may still serve the new
 * version): the alarm topic is told, then the job fails.
 */
export class StrandedError extends ReleaseError {}

/** The first state of a release. */
export function startRelease(operation: Operation, target: ReleaseTarget, settings: ReleaseSettings = {},
  versionLabel?: string): ReleaseState {
  validateTarget(target);
  if (operation === 'deploy' && !versionLabel) {
    throw new ReleaseError('deploy needs a version label');
  }
  checkLimits(settings);
  if (settings.alarmTopicArn !== undefined && !TOPIC_ARN.test(settings.alarmTopicArn)) {
    throw new ReleaseError(`alarmTopicArn (${settings.alarmTopicArn}) must be an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<name>)`);
  }
  if (settings.leaseSeconds !== undefined && settings.leaseSeconds < 2 * (settings.pollSeconds ?? DEFAULTS.pollSeconds) + 60) {
    throw new ReleaseError(`leaseSeconds (${settings.leaseSeconds}) must be at least twice pollSeconds plus 60: `
      + 'a holder renews its lease once per step');
  }
  return {
    applicationName: target.applicationName,
    environmentNames: [...target.environmentNames],
    productionCnamePrefix: target.productionCnamePrefix,
    timeoutSeconds: settings.timeoutSeconds ?? DEFAULTS.timeoutSeconds,
    healthGraceSeconds: settings.healthGraceSeconds ?? DEFAULTS.healthGraceSeconds,
    pollSeconds: settings.pollSeconds ?? DEFAULTS.pollSeconds,
    bakeSeconds: operation === 'swap' || operation === 'watch' ? settings.bakeSeconds ?? DEFAULTS.bakeSeconds : 0,
    verifyPath: settings.verifyPath,
    verifyExpectedStatus: settings.verifyExpectedStatus ?? DEFAULTS.verifyExpectedStatus,
    alarmNames: settings.alarmNames ?? {},
    maxThrottleRetries: settings.maxThrottleRetries ?? DEFAULTS.maxThrottleRetries,
    ...(operation === 'scale-down' ? {
      drainSeconds: settings.drainSeconds ?? DEFAULTS.drainSeconds,
      scaleDownInstances: settings.scaleDownInstances ?? DEFAULTS.scaleDownInstances,
    } : {}),
    force: settings.force ?? false,
    dryRun: settings.dryRun ?? false,
    lockTable: settings.lockTable,
    leaseSeconds: settings.leaseSeconds ?? DEFAULTS.leaseSeconds,
    blindSeconds: settings.blindSeconds ?? DEFAULTS.blindSeconds,
    alarmTopicArn: settings.alarmTopicArn,
    operation,
    versionLabel,
    phase: 'start',
    next: 'continue',
    waitSeconds: 0,
    message: '',
    log: [],
    attempts: 0,
    throttleRetries: 0,
  };
}

/** Checks every knob against {@link LIMITS}. */
export function checkLimits(settings: ReleaseSettings): void {
  for (const [key, [min, max]] of Object.entries(LIMITS)) {
    const value = (settings as any)[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
      throw new ReleaseError(`${key} (${value}) must be a whole number between ${min} and ${max}`);
    }
  }
}

/** Whether an AWS error means "slow down". */
export function isThrottling(error: any): boolean {
  const name = String(error?.name ?? error?.Code ?? '');
  return ['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded'].includes(name)
    || error?.$metadata?.httpStatusCode === 429;
}

/** Exponential backoff for the n-th retry (1-based): 2, 4, 8, ... seconds, at most 60. */
export function backoffSeconds(retry: number): number {
  return Math.min(60, 2 ** Math.max(1, retry));
}

/**
 * Runs one step of a release and returns the next state. Never throws for an
 * expected failure: the state says `next: 'fail'` with a message instead.
 */
export async function advance(state: ReleaseState, deps: EngineDeps): Promise<ReleaseState> {
  const log: string[] = [];
  let current: ReleaseState = { ...state, log };
  let next: ReleaseState;
  try {
    current = await lock(current, deps, log);
    next = await step(current, deps, log);
    next = { ...next, throttleRetries: 0, blindSince: undefined, blindReason: undefined };
  } catch (error: any) {
    next = failedStep(current, deps, error);
  }
  if (next.next === 'fail' && next.stranded) {
    next = await notifyStranded(next, deps);
  }
  if (next.lockOwner && state.lockTable && deps.dynamodb && (next.next === 'done' || next.next === 'fail' || next.next === 'drain')) {
    // Nothing changes the pair during the drain (up to 4 h): the scale-down takes the lock again after it.
    await releaseLock(deps.dynamodb, lockRef(next)).catch((error) => log.push(`could not release the lock (its lease runs out): ${error?.name}: ${error?.message}`));
    next = { ...next, lockReleased: true };
  }
  return { ...next, log };
}

/** Phases where the new version is (or may become) live: an error there must end in a swap back, never in silence. */
const LIVE_PHASES = ['swapping', 'baking'];
/** Phases that move production back: they keep trying until their deadline. */
export const BACK_PHASES = ['swapping-back', 'waiting-swap-back', 'safe-end', 'safe-end-swapping', 'restoring-live'];

/** What an error in a step leads to: a retry, a swap back (fail closed), or a failed release. */
function failedStep(state: ReleaseState, deps: EngineDeps, error: any): ReleaseState {
  const reason = isThrottling(error) ? `throttled (${error.message})` : describeError(error);
  if (error instanceof LockHeldError) {
    return lostLock(state, error);
  }
  if (error instanceof StrandedError) {
    return { ...state, next: 'fail', waitSeconds: 0, message: error.message, stranded: true };
  }
  if (error instanceof ReleaseError) {
    return fail(state, error.message);
  }
  // The watch starts with the new version already live: failing at its start would leave it unwatched.
  const live = LIVE_PHASES.includes(state.phase) || (state.operation === 'watch' && state.phase === 'start');
  if (live || BACK_PHASES.includes(state.phase)) {
    const now = deps.now();
    const since = state.blindSince ?? now;
    const bound = state.blindSeconds ?? DEFAULTS.blindSeconds;
    const backDeadline = BACK_PHASES.includes(state.phase) && state.deadline !== undefined && now >= state.deadline;
    if (backDeadline) {
      return stranded(state, `could not move production back to ${state.fromEnvironment} before the ${state.timeoutSeconds}s timeout `
        + `(last error: ${reason}): production may still be on ${state.toEnvironment}; roll back by hand (ebkit-bluegreen rollback --force)`);
    }
    if (live && now - since >= bound * 1000 && state.phase === 'start') {
      state.log.push(`cannot see the environments for ${Math.round((now - since) / 1000)}s (${reason}): failing closed`);
      return {
        ...state,
        phase: 'safe-end',
        next: 'continue',
        waitSeconds: 0,
        deadline: undefined,
        blindSince: undefined,
        blindReason: undefined,
        swapBackReason: `the watch could not read the alarms or the environments for ${bound}s (${reason})`,
      };
    }
    if (live && now - since >= bound * 1000) {
      state.log.push(`cannot see ${state.phase === 'baking' ? 'the alarms or the environments' : 'the swap'} for ${Math.round((now - since) / 1000)}s `
        + `(${reason}): failing closed, swapping back to ${state.fromEnvironment}`);
      return enter(state, deps, 'swapping-back', {
        swapBackReason: `the watch could not read the alarms or the environments for ${bound}s (${reason})`,
        blindSince: undefined,
        blindReason: undefined,
      });
    }
    state.log.push(`${reason}: looking again (blind for ${Math.round((now - since) / 1000)}s of at most ${bound}s)`);
    const seconds = isThrottling(error) ? backoffSeconds(state.throttleRetries + 1) : Math.min(state.pollSeconds!, 10);
    return { ...state, next: 'wait', waitSeconds: seconds, blindSince: since, blindReason: reason, throttleRetries: state.throttleRetries + 1 };
  }
  if (isThrottling(error)) {
    const retries = state.throttleRetries + 1;
    if (retries > (state.maxThrottleRetries ?? DEFAULTS.maxThrottleRetries)) {
      return fail(state, `Elastic Beanstalk kept throttling our calls (${retries} times in a row, last: ${error.message}): giving up`);
    }
    const seconds = backoffSeconds(retries);
    state.log.push(`throttled (${error.message}): retry ${retries} in ${seconds}s`);
    return { ...state, next: 'wait', waitSeconds: seconds, throttleRetries: retries };
  }
  return fail(state, `unexpected error in phase '${state.phase}': ${reason}`);
}

function stranded(state: ReleaseState, message: string): ReleaseState {
  return { ...state, next: 'fail', waitSeconds: 0, message, stranded: true };
}

/**
 * Tells the alarm topic that production could not be moved back, then fails
 * the job with the message (and whether the topic heard it).
 */
async function notifyStranded(state: ReleaseState, deps: EngineDeps): Promise<ReleaseState> {
  let outcome: string;
  if (!state.alarmTopicArn || !deps.sns) {
    outcome = 'no alarm topic to notify';
  } else {
    try {
      await deps.sns.send(new PublishCommand({
        TopicArn: state.alarmTopicArn,
        Subject: `ebkit release of ${state.applicationName}: production could not be moved back`.slice(0, 99),
        Message: [
          `The ${state.operation} of version ${state.versionLabel ?? 'current'} (application ${state.applicationName}, `
            + `environments ${state.environmentNames.join(' and ')}, production CNAME prefix ${state.productionCnamePrefix}) `
            + 'gave up moving production back to the previous environment.',
          state.message,
          'Check which environment is live (ebkit-bluegreen status) and roll back by hand (ebkit-bluegreen rollback --force).',
        ].join('\n\n'),
      }));
      outcome = `the alarm topic ${state.alarmTopicArn} was notified`;
    } catch (error: any) {
      outcome = `notifying the alarm topic ${state.alarmTopicArn} failed (${describeError(error)})`;
    }
  }
  return fail({ ...state, stranded: undefined }, `${state.message} (${outcome})`);
}

function describeError(error: any): string {
  return `${error?.name ?? 'Error'}: ${error?.message ?? error}`;
}

function lostLock(state: ReleaseState, error: LockHeldError): ReleaseState {
  if (state.phase === 'start') {
    return fail(state, `${error.message}: wait for it to finish (or, in an emergency, ebkit-bluegreen rollback --force breaks the lock)`);
  }
  if (state.phase === 'draining') {
    return done(state, `not scaling down ${state.fromEnvironment}: ${error.message} (it decides the sizes now)`);
  }
  return fail(state, `lost the lock of the pair in phase '${state.phase}': ${error.message}. `
    + 'Stopped without touching the environments: the new holder (a forced rollback?) owns them now');
}

function lockRef(state: ReleaseState): LockRef {
  return { table: state.lockTable!, key: lockKey(state.applicationName, state.environmentNames), owner: state.lockOwner! };
}

/**
 * Takes or renews the release lock before a step. `rollback --force` takes it
 * whoever holds it, and says so.
 */
async function lock(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  if (!state.lockTable || state.dryRun) {
    return state;
  }
  if (!deps.dynamodb) {
    throw new ReleaseError(`the lock table ${state.lockTable} is set but this runtime has no DynamoDB client`);
  }
  const owned = state.lockOwner ? state
    : { ...state, lockOwner: deps.lockOwner ?? `${deps.owner ?? 'release'}:${state.operation}:${randomUUID().slice(0, 8)}` };
  const what = `${state.operation}${state.versionLabel ? ` ${state.versionLabel}` : ''}`;
  if (owned.phase === 'start' && owned.operation === 'rollback' && owned.force && !state.lockOwner) {
    // Breaking the lock while Elastic Beanstalk swaps or updates the pair helps nobody (no swap can start
    // then) and would stop the holder halfway (a swap back before its size restore): refuse first.
    assertNotBusy(await describePair(deps.eb, owned));
    const broken = await breakLock(deps.dynamodb, lockRef(owned), deps.now(), owned.leaseSeconds!, what);
    if (broken) {
      log.push(`forced: broke the release lock held by ${broken}; that release stops at its next step without touching the environments`);
    }
    return owned;
  }
  // After the drain the lock was given up on purpose: take it again; otherwise only renew our own lease.
  const renew = state.lockOwner !== undefined && !state.lockReleased;
  await holdLock(deps.dynamodb, lockRef(owned), deps.now(), owned.leaseSeconds!, what, renew);
  return { ...owned, lockReleased: undefined };
}

function fail(state: ReleaseState, message: string): ReleaseState {
  state.log.push(`FAILED: ${message}`);
  return { ...state, next: 'fail', waitSeconds: 0, message };
}

function done(state: ReleaseState, message: string): ReleaseState {
  state.log.push(message);
  return { ...state, next: 'done', waitSeconds: 0, message };
}

function wait(state: ReleaseState, deps: EngineDeps, seconds?: number): ReleaseState {
  const limit = state.deadline !== undefined ? Math.max(1, Math.ceil((state.deadline - deps.now()) / 1000)) : Infinity;
  return { ...state, next: 'wait', waitSeconds: Math.min(seconds ?? state.pollSeconds!, limit) };
}

function enter(state: ReleaseState, deps: EngineDeps, phase: string, extra: Partial<ReleaseState> = {}): ReleaseState {
  const now = deps.now();
  return {
    ...state,
    ...extra,
    phase,
    phaseStartedAt: now,
    deadline: now + state.timeoutSeconds! * 1000,
    attempts: 0,
    next: 'continue',
    waitSeconds: 0,
  };
}

async function step(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  switch (state.phase) {
    case 'start':
      if (state.operation === 'deploy') {
        return startDeploy(state, deps, log);
      }
      if (state.operation === 'scale-down') {
        return startScaleDown(state, deps, log);
      }
      return state.operation === 'watch' ? startWatch(state, deps, log) : startSwap(state, deps, log);
    case 'restoring':
      return waitForRestore(state, deps, log);
    case 'draining':
      return scaleDown(state, deps, log);
    case 'scaling-down':
      return waitForScaleDown(state, deps, log);
    case 'deploying':
      return waitForDeployment(state, deps, log);
    case 'verifying':
      return verify(state, deps, log);
    case 'swapping':
      return waitForSwap(state, deps, log, state.toEnvironment!);
    case 'baking':
      return bake(state, deps, log);
    case 'swapping-back':
      return swapBack(state, deps, log);
    case 'waiting-swap-back':
      return waitForSwap(state, deps, log, state.fromEnvironment!);
    case 'restoring-live':
      return waitForLiveRestore(state, deps, log);
    case 'safe-end':
      return safeEnd(state, deps, log);
    case 'safe-end-swapping':
      return waitForSafeEnd(state, deps, log);
    default:
      throw new ReleaseError(`unknown phase '${state.phase}'`);
  }
}

async function startDeploy(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  const pair = await describePair(deps.eb, state);
  log.push(`live: ${describeEnvironment(pair.live)}`);
  log.push(`idle: ${describeEnvironment(pair.idle)}`);
  assertNotBusy(pair);
  const idle = pair.idle.EnvironmentName!;
  const restoring = await restoreCapacity(state, deps, log, pair, 'deploying to it');
  if (restoring) {
    return restoring;
  }
  if (state.dryRun) {
    return done(state, `dry run: would deploy version ${state.versionLabel} to the idle environment ${idle} (live: ${pair.live.EnvironmentName})`);
  }
  await deps.eb.send(new UpdateEnvironmentCommand({
    ApplicationName: state.applicationName,
    EnvironmentName: idle,
    VersionLabel: state.versionLabel,
  }));
  log.push(`deploying version ${state.versionLabel} to ${idle}`);
  return wait(enter(state, deps, 'deploying', {
    fromEnvironment: pair.live.EnvironmentName,
    toEnvironment: idle,
    lastEventAt: deps.now(),
    lastSeen: {},
  }), deps);
}

async function describeOne(deps: EngineDeps, state: ReleaseState, name: string): Promise<EnvironmentDescription> {
  const response = await deps.eb.send(new DescribeEnvironmentsCommand({ ApplicationName: state.applicationName, EnvironmentNames: [name] }));
  const env = (response.Environments ?? []).find((e) => e.EnvironmentName === name && e.Status !== 'Terminated');
  if (!env) {
    throw new ReleaseError(`environment '${name}' disappeared during the release`);
  }
  return env;
}

/** Logs what changed since the last look: the environment's status line and its new events. */
async function progress(state: ReleaseState, deps: EngineDeps, log: string[], envs: EnvironmentDescription[]): Promise<Partial<ReleaseState>> {
  const lastSeen = { ...(state.lastSeen ?? {}) };
  for (const env of envs) {
    const line = describeEnvironment(env);
    if (lastSeen[env.EnvironmentName!] !== line) {
      log.push(line);
      lastSeen[env.EnvironmentName!] = line;
    }
  }
  let lastEventAt = state.lastEventAt ?? deps.now();
  const response = await deps.eb.send(new DescribeEventsCommand({
    ApplicationName: state.applicationName,
    StartTime: new Date(lastEventAt + 1),
    MaxRecords: 100,
  }));
  const names = envs.map((e) => e.EnvironmentName);
  const events = (response.Events ?? [])
    .filter((e) => !e.EnvironmentName || names.includes(e.EnvironmentName))
    .sort((a, b) => (a.EventDate?.getTime() ?? 0) - (b.EventDate?.getTime() ?? 0));
  for (const event of events) {
    log.push(`${event.EnvironmentName ?? state.applicationName}: ${event.Severity ?? 'INFO'} ${event.Message ?? ''}`);
    lastEventAt = Math.max(lastEventAt, event.EventDate?.getTime() ?? 0);
  }
  return { lastSeen, lastEventAt };
}

async function waitForDeployment(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  const env = await describeOne(deps, state, state.toEnvironment!);
  const seen = { ...state, ...await progress(state, deps, log, [env]) };
  const name = env.EnvironmentName;
  if (env.Status === 'Ready' && env.VersionLabel !== state.versionLabel) {
    throw new ReleaseError(`deploying version ${state.versionLabel} to ${name} failed: it runs ${env.VersionLabel ?? 'no version'} `
      + '(Elastic Beanstalk rolled back); see the environment events. Nothing was swapped.');
  }
  const verdict = healthVerdict(env);
  const now = deps.now();
  // The grace period counts from the moment the environment is Ready on the new version, not from the start of the deployment.
  const readyAt = env.Status === 'Ready' ? seen.readyAt ?? now : undefined;
  if (readyAt !== undefined) {
    (seen as { readyAt?: number }).readyAt = readyAt;
  }
  if (verdict === HealthVerdict.HEALTHY) {
    log.push(`${name} is Ready with health ${env.HealthStatus ?? env.Health} on version ${state.versionLabel}`);
    if (!state.verifyPath) {
      return done(seen, `version ${state.versionLabel} is deployed and healthy on the idle environment ${name}: ready to swap`);
    }
    return enter(seen, deps, 'verifying');
  }
  if (verdict === HealthVerdict.UNHEALTHY && readyAt !== undefined && now - readyAt > state.healthGraceSeconds! * 1000) {
    throw new ReleaseError(`the idle environment ${name} is ${env.HealthStatus ?? env.Health} ${state.healthGraceSeconds}s after it was Ready `
      + `(version ${state.versionLabel}): not swapping. ${describeEnvironment(env)}`);
  }
  if (now >= state.deadline!) {
    throw new ReleaseError(`timed out after ${state.timeoutSeconds}s waiting for ${name} to be Ready with health Ok `
      + `(now: ${describeEnvironment(env)}): not swapping`);
  }
  return wait(seen, deps);
}

/** Requests a URL and returns its status, or throws a ReleaseError saying why it could not. */
export async function httpStatus(deps: EngineDeps, url: string): Promise<number> {
  let target = url;
  try {
    const response = await deps.fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    const location = response.headers?.get('location');
    // An HTTP-to-HTTPS redirect on the same host: ask over HTTPS (the certificate names your domain, not the CNAME).
    if ([301, 302, 307, 308].includes(response.status) && location && deps.httpsStatus
      && location === url.replace(/^http:/, 'https:')) {
      target = location;
      return await deps.httpsStatus(location);
    }
    return response.status;
  } catch (error: any) {
    throw new ReleaseError(`GET ${target} failed: ${error?.cause?.message ?? error?.message ?? error}`);
  }
}

async function httpsOnly(deps: EngineDeps, url: string): Promise<number> {
  try {
    return await deps.httpsStatus!(url);
  } catch (error: any) {
    throw new ReleaseError(`GET ${url} failed: ${error?.cause?.message ?? error?.message ?? error}`);
  }
}

async function verify(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  const env = await describeOne(deps, state, state.toEnvironment!);
  // With the HTTP listener off (HTTPS only), ask over HTTPS: an http:// request would never be answered.
  const listeners = await readListeners(deps.eb, state.applicationName, env.EnvironmentName!);
  const https = !listeners.http && deps.httpsStatus !== undefined;
  const url = environmentUrl(env, state.verifyPath!, https ? 'https' : 'http');
  const attempts = state.attempts + 1;
  let problem: string;
  try {
    const status = https ? await httpsOnly(deps, url) : await httpStatus(deps, url);
    if (status === state.verifyExpectedStatus) {
      log.push(`GET ${url}: ${status}`);
      return done(state, `version ${state.versionLabel} is deployed, healthy and answers ${status} at ${url}: ready to swap`);
    }
    problem = `GET ${url} answered ${status}, expected ${state.verifyExpectedStatus}`;
  } catch (error: any) {
    problem = error.message;
  }
  if (attempts >= DEFAULTS.verifyAttempts) {
    throw new ReleaseError(`${problem} (${attempts} attempts): not swapping`);
  }
  log.push(`${problem}: trying again`);
  return wait({ ...state, attempts }, deps, Math.min(state.pollSeconds!, 15));
}

async function startSwap(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  const pair = await describePair(deps.eb, state);
  log.push(`live: ${describeEnvironment(pair.live)}`);
  log.push(`idle: ${describeEnvironment(pair.idle)}`);
  assertNotBusy(pair);
  const idle = pair.idle;
  const verb = state.operation === 'rollback' ? 'roll back' : 'swap';
  if (state.versionLabel && idle.VersionLabel !== state.versionLabel) {
    throw new ReleaseError(`refusing to ${verb}: the idle environment ${idle.EnvironmentName} runs ${idle.VersionLabel ?? 'no version'}, `
      + `expected ${state.versionLabel} (did another deployment run in between?)`);
  }
  // An emergency rollback swaps first (restoring the size can take minutes and fail on a Degraded environment), then restores.
  const forcedRollback = state.operation === 'rollback' && state.force === true;
  const restoring = forcedRollback ? undefined : await restoreCapacity(state, deps, log, pair, 'letting it take the production CNAME');
  if (restoring) {
    return restoring;
  }
  const verdict = healthVerdict(idle);
  if (verdict !== HealthVerdict.HEALTHY) {
    if (!state.force) {
      throw new ReleaseError(`refusing to ${verb}: the idle environment is not healthy (${describeEnvironment(idle)}); `
        + 'fix it or force the swap');
    }
    log.push(`forced: ignoring the health of ${idle.EnvironmentName}`);
  }
  const target = `${idle.EnvironmentName} (version ${idle.VersionLabel ?? 'none'})`;
  if (state.dryRun) {
    return done(state, `dry run: would ${verb} the production CNAME from ${pair.live.EnvironmentName} to ${target}`);
  }
  await deps.eb.send(new SwapEnvironmentCNAMEsCommand({
    SourceEnvironmentName: pair.live.EnvironmentName,
    DestinationEnvironmentName: idle.EnvironmentName,
  }));
  log.push(`swapping CNAMEs: ${state.productionCnamePrefix} moves from ${pair.live.EnvironmentName} to ${target}`);
  return wait(enter(state, deps, 'swapping', {
    fromEnvironment: pair.live.EnvironmentName,
    toEnvironment: idle.EnvironmentName,
    lastEventAt: deps.now(),
    lastSeen: {},
    restoreAfterSwap: forcedRollback,
  }), deps, Math.min(state.pollSeconds!, 10));
}

/**
 * Watches the live environment's alarms for the bake time (a separate pipeline
 * stage after the swap); if one fires, swaps back to the other environment.
 */
async function startWatch(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  const pair = await describePair(deps.eb, state);
  log.push(`live: ${describeEnvironment(pair.live)}`);
  if (state.versionLabel && pair.live.VersionLabel !== state.versionLabel) {
    throw new ReleaseError(`refusing to watch: the live environment ${pair.live.EnvironmentName} runs `
      + `${pair.live.VersionLabel ?? 'no version'}, expected ${state.versionLabel} (was it swapped back or swapped again?)`);
  }
  if (state.dryRun || state.bakeSeconds === 0) {
    return done(state, `${state.dryRun ? 'dry run: would watch' : 'nothing to watch (bake time 0) on'} ${pair.live.EnvironmentName} for ${state.bakeSeconds}s`);
  }
  log.push(`watching the alarms of ${pair.live.EnvironmentName} for ${state.bakeSeconds}s`);
  return {
    ...enter(state, deps, 'baking', { fromEnvironment: pair.idle.EnvironmentName, toEnvironment: pair.live.EnvironmentName }),
    bakeUntil: deps.now() + state.bakeSeconds! * 1000,
  };
}

async function describeBoth(deps: EngineDeps, state: ReleaseState): Promise<EnvironmentDescription[]> {
  const response = await deps.eb.send(new DescribeEnvironmentsCommand({
    ApplicationName: state.applicationName,
    EnvironmentNames: state.environmentNames,
  }));
  return (response.Environments ?? []).filter((e) => e.Status !== 'Terminated');
}

async function waitForSwap(state: ReleaseState, deps: EngineDeps, log: string[], expectedLive: string): Promise<ReleaseState> {
  const envs = await describeBoth(deps, state);
  const seen = { ...state, ...await progress(state, deps, log, envs) };
  const live = envs.find((e) => e.EnvironmentName === expectedLive);
  const settled = envs.length === 2 && envs.every((e) => e.Status === 'Ready')
    && live !== undefined && holdsPrefix(live, state.productionCnamePrefix)
    && envs.filter((e) => holdsPrefix(e, state.productionCnamePrefix)).length === 1;
  const back = state.phase === 'waiting-swap-back';
  if (settled) {
    if (back) {
      return afterSwapBack(seen, deps, log, envs.find((e) => e !== live)!, live!,
        `${swapBackReason(state)}: swapped back, ${expectedLive} (version ${live!.VersionLabel ?? 'none'}) is live again`);
    }
    const version = live!.VersionLabel ?? 'none';
    if (state.restoreAfterSwap) {
      const restoring = await restoreLive(seen, deps, log, envs.find((e) => e !== live)!, live!);
      if (restoring) {
        return restoring;
      }
    }
    if (state.bakeSeconds! > 0) {
      log.push(`${expectedLive} (version ${version}) is live; watching its alarms for ${state.bakeSeconds}s`);
      return { ...enter(seen, deps, 'baking'), bakeUntil: deps.now() + state.bakeSeconds! * 1000 };
    }
    return done(seen, `${expectedLive} (version ${version}) is live at ${state.productionCnamePrefix}; `
      + `${state.fromEnvironment === expectedLive ? state.toEnvironment : state.fromEnvironment} stays ready to take traffic back`);
  }
  if (deps.now() >= state.deadline!) {
    const what = back ? `swapping back to ${expectedLive} (${swapBackReason(state)})` : `the swap to ${expectedLive}`;
    throw new (back ? StrandedError : ReleaseError)(`timed out after ${state.timeoutSeconds}s waiting for ${what} to complete `
      + `(${envs.map(describeEnvironment).join('; ')}): check the environments in the console`);
  }
  return wait(seen, deps, Math.min(state.pollSeconds!, 10));
}

/** The alarms among `names` that are in ALARM now, as `name (reason)`. */
export async function firingAlarms(cloudwatch: CloudWatchClient, names: string[]): Promise<string[]> {
  if (names.length === 0) {
    return [];
  }
  const firing: string[] = [];
  for (let i = 0; i < names.length; i += 100) {
    const response = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + 100), StateValue: 'ALARM' }));
    for (const alarm of [...(response.MetricAlarms ?? []), ...(response.CompositeAlarms ?? [])]) {
      firing.push(alarm.AlarmName!);
    }
  }
  return firing;
}

function swapBackReason(state: ReleaseState): string {
  return state.swapBackReason ?? `alarm ${(state.firedAlarms ?? []).join(', ')} fired while watching ${state.toEnvironment} after the swap`;
}

async function bake(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  // Both the alarms and the environments are read on every look: not seeing either is blindness (fail closed, see failedStep).
  const pair = await describePair(deps.eb, state);
  if (pair.live.EnvironmentName !== state.toEnvironment) {
    throw new ReleaseError(`production moved back to ${pair.live.EnvironmentName} (version ${pair.live.VersionLabel ?? 'none'}) during the bake `
      + `(rolled back by hand?): version ${state.versionLabel ?? 'current'} is not live, the release failed`);
  }
  const names = state.alarmNames?.[state.toEnvironment!] ?? [];
  const firing = await firingAlarms(deps.cloudwatch, names);
  if (firing.length > 0) {
    log.push(`alarm ${firing.join(', ')} fired on ${state.toEnvironment}: swapping back to ${state.fromEnvironment}`);
    return enter(state, deps, 'swapping-back', { firedAlarms: firing });
  }
  const now = deps.now();
  if (now >= state.bakeUntil!) {
    return done(state, `no alarm fired during the ${state.bakeSeconds}s bake: ${state.toEnvironment} (version ${state.versionLabel ?? 'current'}) `
      + `is live, ${state.fromEnvironment} stays ready to take traffic back`);
  }
  return { ...state, next: 'wait', waitSeconds: Math.max(1, Math.min(state.pollSeconds!, Math.ceil((state.bakeUntil! - now) / 1000))) };
}

/**
 * Swaps back to the environment that was live before the release, only while
 * the new one still holds production: someone may have rolled back by hand
 * meanwhile, and a blind toggle would put the bad version back.
 */
async function swapBack(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  const entered = state;
  const pair = await describePair(deps.eb, state);
  if (pair.live.EnvironmentName === state.fromEnvironment) {
    throw new ReleaseError(`${swapBackReason(state)}; production is already back on ${state.fromEnvironment} `
      + `(version ${pair.live.VersionLabel ?? 'none'}, rolled back by hand?): not swapping again`);
  }
  if (busyWith(pair.live) || busyWith(pair.idle)) {
    if (deps.now() >= entered.deadline!) {
      throw new StrandedError(`${swapBackReason(state)}; could not swap back within ${state.timeoutSeconds}s: `
        + `${describeEnvironment(pair.live)}; ${describeEnvironment(pair.idle)}. Roll back by hand`);
    }
    log.push(`waiting to swap back: ${[pair.live, pair.idle].filter((e) => busyWith(e)).map(describeEnvironment).join('; ')}`);
    return wait(entered, deps, Math.min(state.pollSeconds!, 10));
  }
  await deps.eb.send(new SwapEnvironmentCNAMEsCommand({
    SourceEnvironmentName: pair.live.EnvironmentName,
    DestinationEnvironmentName: state.fromEnvironment,
  }));
  log.push(`swapping back: ${state.productionCnamePrefix} returns to ${state.fromEnvironment}`);
  return wait(enter(state, deps, 'waiting-swap-back', { lastEventAt: deps.now() }), deps, Math.min(state.pollSeconds!, 10));
}

/**
 * After a forced rollback: gives the environment that is now live at least
 * the size of the one it replaced (it may have been scaled down).
 */
async function restoreLive(state: ReleaseState, deps: EngineDeps, log: string[], old: EnvironmentDescription,
  live: EnvironmentDescription): Promise<ReleaseState | undefined> {
  const [oldCapacity, liveCapacity] = await Promise.all([
    readCapacity(deps.eb, state.applicationName, old.EnvironmentName!),
    readCapacity(deps.eb, state.applicationName, live.EnvironmentName!),
  ]);
  const restore = capacityToRestore(oldCapacity, liveCapacity);
  if (!restore) {
    return undefined;
  }
  await deps.eb.send(new UpdateEnvironmentCommand({
    ApplicationName: state.applicationName,
    EnvironmentName: live.EnvironmentName,
    OptionSettings: capacityOptionSettings(restore),
  }));
  log.push(`${state.failAfterRestore ? 'swapped back' : 'rolled back'} first; now restoring the size of ${live.EnvironmentName} from ${formatCapacity(liveCapacity!)} to ${formatCapacity(restore)}`);
  return wait(enter(state, deps, 'restoring-live', { toEnvironment: live.EnvironmentName, restored: true }), deps);
}

/**
 * After a swap back (an emergency: it never waits for a restore first): the
 * release fails in any case, but first the environment that is live again
 * gets at least the size of the one it replaced (it may have been scaled
 * down, or been the smaller one when the release started).
 */
async function afterSwapBack(state: ReleaseState, deps: EngineDeps, log: string[], replaced: EnvironmentDescription,
  live: EnvironmentDescription, message: string): Promise<ReleaseState> {
  const restoring = await restoreLive({ ...state, failAfterRestore: message }, deps, log, replaced, live);
  if (!restoring) {
    throw new ReleaseError(message);
  }
  return restoring;
}

async function waitForLiveRestore(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  const env = await describeOne(deps, state, state.toEnvironment!);
  const seen = { ...state, ...await progress(state, deps, log, [env]) };
  if (env.Status === 'Ready' && state.failAfterRestore) {
    throw new ReleaseError(`${state.failAfterRestore}, at the size of the environment it replaced`);
  }
  if (env.Status === 'Ready') {
    return done(seen, `rolled back: ${env.EnvironmentName} (version ${env.VersionLabel ?? 'none'}) is live at ${state.productionCnamePrefix}, `
      + 'at its restored size');
  }
  if (deps.now() >= state.deadline!) {
    throw new ReleaseError(`${state.failAfterRestore ?? 'rolled back'}, but restoring the size of ${env.EnvironmentName} did not finish within ${state.timeoutSeconds}s `
      + `(${describeEnvironment(env)}): it serves production at its smaller size`);
  }
  return wait(seen, deps);
}

/**
 * The safe end of a release whose step failed outright (a Lambda timeout, a
 * crash; the state machine's Catch): swap back when the new version is live,
 * then fail the job in any case.
 */
async function safeEnd(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  const why = state.swapBackReason ?? 'a step of the release failed';
  const pair = await describePair(deps.eb, state);
  const version = state.versionLabel;
  const entered = state.deadline !== undefined ? state : enter(state, deps, 'safe-end');
  // The dead step may have started a swap: wait until it settles before deciding which version is live.
  if (busyWith(pair.live) || busyWith(pair.idle)) {
    if (deps.now() >= entered.deadline!) {
      throw new StrandedError(`${why}; the pair stayed busy (${describeEnvironment(pair.live)}; ${describeEnvironment(pair.idle)}): `
        + 'check which version is live and roll back by hand');
    }
    log.push(`${why}: waiting for the pair to settle (${[pair.live, pair.idle].filter((e) => busyWith(e)).map(describeEnvironment).join('; ')})`);
    return wait(entered, deps, Math.min(state.pollSeconds!, 10));
  }
  const newVersionLive = (state.operation === 'swap' || state.operation === 'watch') && version !== undefined
    && pair.live.VersionLabel === version && pair.idle.VersionLabel !== version;
  if (!newVersionLive) {
    const message = `${why}; production is on ${pair.live.EnvironmentName} (version ${pair.live.VersionLabel ?? 'none'}): nothing to undo`;
    // The dead step was moving production back (or had just done so): the environment live again still gets its size back.
    return state.swappedBack ? afterSwapBack(entered, deps, log, pair.idle, pair.live, message) : Promise.reject(new ReleaseError(message));
  }
  if (healthVerdict(pair.idle) === HealthVerdict.UNHEALTHY) {
    throw new StrandedError(`${why}; version ${version} is live on ${pair.live.EnvironmentName}, but ${describeEnvironment(pair.idle)}: `
      + 'not swapping back onto an unhealthy environment; roll back by hand');
  }
  await deps.eb.send(new SwapEnvironmentCNAMEsCommand({
    SourceEnvironmentName: pair.live.EnvironmentName,
    DestinationEnvironmentName: pair.idle.EnvironmentName,
  }));
  log.push(`${why}: swapping back to ${pair.idle.EnvironmentName} (version ${pair.idle.VersionLabel ?? 'none'})`);
  return wait(enter(state, deps, 'safe-end-swapping', {
    fromEnvironment: pair.idle.EnvironmentName, toEnvironment: pair.live.EnvironmentName, lastEventAt: deps.now(),
  }), deps, Math.min(state.pollSeconds!, 10));
}

async function waitForSafeEnd(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  const envs = await describeBoth(deps, state);
  const live = envs.find((e) => holdsPrefix(e, state.productionCnamePrefix));
  if (live && live.EnvironmentName === state.fromEnvironment && envs.every((e) => e.Status === 'Ready')) {
    return afterSwapBack(state, deps, log, envs.find((e) => e !== live)!, live, `${state.swapBackReason ?? 'a step of the release failed'}: `
      + `swapped back, ${live.EnvironmentName} (version ${live.VersionLabel ?? 'none'}) is live again`);
  }
  if (deps.now() >= state.deadline!) {
    throw new StrandedError(`timed out swapping back to ${state.fromEnvironment} after a failed step: roll back by hand`);
  }
  log.push(`waiting for the swap back to ${state.fromEnvironment}`);
  return wait(state, deps, Math.min(state.pollSeconds!, 10));
}

/**
 * Gives the idle environment back the live environment's size before it
 * receives a version or traffic (it may have been scaled down after the
 * previous release). Returns the next state when a restore starts (or, in a
 * dry run, only logs it), undefined when there is nothing to restore.
 */
async function restoreCapacity(state: ReleaseState, deps: EngineDeps, log: string[], pair: EnvironmentPair,
  purpose: string): Promise<ReleaseState | undefined> {
  if (state.restored) {
    return undefined;
  }
  const idle = pair.idle.EnvironmentName!;
  const [liveCapacity, idleCapacity] = await Promise.all([
    readCapacity(deps.eb, state.applicationName, pair.live.EnvironmentName!),
    readCapacity(deps.eb, state.applicationName, idle),
  ]);
  const restore = capacityToRestore(liveCapacity, idleCapacity);
  if (!restore) {
    return undefined;
  }
  const what = `the size of ${idle} from ${formatCapacity(idleCapacity!)} to ${formatCapacity(restore)} (the live environment's)`;
  if (state.dryRun) {
    log.push(`dry run: would restore ${what} before ${purpose}`);
    return undefined;
  }
  await deps.eb.send(new UpdateEnvironmentCommand({
    ApplicationName: state.applicationName,
    EnvironmentName: idle,
    OptionSettings: capacityOptionSettings(restore),
  }));
  log.push(`restoring ${what} before ${purpose}`);
  return wait(enter(state, deps, 'restoring', {
    toEnvironment: idle,
    lastEventAt: deps.now(),
    lastSeen: {},
    restored: true,
  }), deps);
}

/** Waits until the restored idle environment is Ready and healthy, then starts the operation again (its checks run anew). */
async function waitForRestore(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  const env = await describeOne(deps, state, state.toEnvironment!);
  const seen = { ...state, ...await progress(state, deps, log, [env]) };
  const verdict = healthVerdict(env);
  const name = env.EnvironmentName;
  if (verdict === HealthVerdict.HEALTHY) {
    log.push(`${name} is back to its size, Ready with health ${env.HealthStatus ?? env.Health}`);
    return { ...seen, phase: 'start', next: 'continue', waitSeconds: 0, attempts: 0 };
  }
  if (verdict === HealthVerdict.UNHEALTHY && deps.now() - state.phaseStartedAt! > state.healthGraceSeconds! * 1000) {
    throw new ReleaseError(`restoring the size of the idle environment ${name} left it ${env.HealthStatus ?? env.Health} after the `
      + `${state.healthGraceSeconds}s grace period: nothing deployed or swapped. ${describeEnvironment(env)}`);
  }
  if (deps.now() >= state.deadline!) {
    throw new ReleaseError(`timed out after ${state.timeoutSeconds}s waiting for ${name} to be Ready with health Ok at its restored size `
      + `(now: ${describeEnvironment(env)}): nothing deployed or swapped`);
  }
  return wait(seen, deps);
}

/**
 * Starts scaling down the old environment (the idle one after a release):
 * checks the pair, then waits the drain period (the caller's cheap wait) before {@link scaleDown}.
 */
async function startScaleDown(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  const pair = await describePair(deps.eb, state);
  log.push(`live: ${describeEnvironment(pair.live)}`);
  log.push(`idle: ${describeEnvironment(pair.idle)}`);
  const skip = scaleDownObstacle(state, pair, pair.idle.EnvironmentName!);
  if (skip) {
    return done(state, skip);
  }
  const old = pair.idle.EnvironmentName!;
  const plan = `scale ${old} down to ${formatCapacity({ minSize: state.scaleDownInstances!, maxSize: state.scaleDownInstances! })} `
    + `after a drain period of ${state.drainSeconds}s`;
  if (state.dryRun) {
    return done(state, `dry run: would ${plan}`);
  }
  log.push(`will ${plan} (DNS caches may still send it requests until then)`);
  const next = { ...state, phase: 'draining', fromEnvironment: old, toEnvironment: pair.live.EnvironmentName, attempts: 0 };
  return state.drainSeconds! > 0
    ? { ...next, next: 'drain', waitSeconds: state.drainSeconds! }
    : { ...next, next: 'continue', waitSeconds: 0 };
}

/**
 * Why the old environment must not be scaled down now, if it must not: it is
 * live again (swapped back), either environment is busy (another deployment),
 * or the live one no longer runs the released version.
 */
function scaleDownObstacle(state: ReleaseState, pair: EnvironmentPair, old: string): string | undefined {
  if (pair.live.EnvironmentName === old) {
    return `not scaling down ${old}: it holds the production CNAME again (swapped back since the release?)`;
  }
  for (const env of [pair.live, pair.idle]) {
    if (busyWith(env)) {
      return `not scaling down ${old}: ${env.EnvironmentName} is ${env.Status} (another deployment or swap is in progress)`;
    }
  }
  if (state.versionLabel && pair.live.VersionLabel !== state.versionLabel) {
    return `not scaling down ${old}: the live environment ${pair.live.EnvironmentName} runs ${pair.live.VersionLabel ?? 'no version'}, `
      + `not the released ${state.versionLabel} (released again or rolled back since?)`;
  }
  return undefined;
}

/** After the drain period: checks again (anything may have happened meanwhile), then reduces the old environment's size. */
async function scaleDown(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  const old = state.fromEnvironment!;
  const pair = await describePair(deps.eb, state);
  const skip = scaleDownObstacle(state, pair, old);
  if (skip) {
    return done(state, skip);
  }
  const current = await readCapacity(deps.eb, state.applicationName, old);
  const target: Capacity | undefined = capacityAfterScaleDown(current, state.scaleDownInstances!);
  if (!target) {
    return done(state, `${old} is already at most ${state.scaleDownInstances} (${formatCapacity(current!)}): nothing to scale down`);
  }
  await deps.eb.send(new UpdateEnvironmentCommand({
    ApplicationName: state.applicationName,
    EnvironmentName: old,
    OptionSettings: capacityOptionSettings(target),
  }));
  log.push(`scaling ${old} down from ${current ? formatCapacity(current) : 'its size'} to ${formatCapacity(target)}`);
  return wait(enter(state, deps, 'scaling-down', { lastEventAt: deps.now(), lastSeen: {} }), deps);
}

async function waitForScaleDown(state: ReleaseState, deps: EngineDeps, log: string[]): Promise<ReleaseState> {
  const old = state.fromEnvironment!;
  const env = await describeOne(deps, state, old);
  const seen = { ...state, ...await progress(state, deps, log, [env]) };
  if (env.Status === 'Ready') {
    return done(seen, `${old} is scaled down to ${formatCapacity({ minSize: state.scaleDownInstances!, maxSize: state.scaleDownInstances! })} `
      + 'and stays ready to take traffic back: '
      + 'the next deployment to it (pipeline or ebkit-bluegreen) and ebkit-bluegreen swap/rollback restore its size first');
  }
  if (deps.now() >= state.deadline!) {
    throw new ReleaseError(`timed out after ${state.timeoutSeconds}s waiting for ${old} to be Ready after scaling it down `
      + `(now: ${describeEnvironment(env)})`);
  }
  return wait(seen, deps);
}
