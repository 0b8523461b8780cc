import { BACK_PHASES, checkLimits, Operation, PHASES, ReleaseSettings, ReleaseState, startRelease } from './engine';
import { ReleaseError, validateTarget } from './environments';

/** Alarm names of one environment, as the constructs pass them (names may be tokens at synth). */
export interface EnvironmentAlarms {
  readonly environmentName: string;
  readonly alarmNames: string[];
}

/**
 * What the pipeline passes to the release state machine: the target, the
 * settings and, per environment, the alarms that say it is unhealthy.
 */
export interface ReleaseInput extends ReleaseSettings {
  readonly operation: Operation;
  readonly applicationName: string;
  readonly environmentNames: string[];
  readonly productionCnamePrefix: string;
  readonly versionLabel?: string;
  readonly environmentAlarms?: EnvironmentAlarms[];
}

const OPERATIONS: Operation[] = ['deploy', 'swap', 'rollback', 'watch', 'scale-down'];

/**
 * Turns the state machine's input into the first state of a release. Bad input
 * gives a failed state with the reason rather than an exception, so the
 * pipeline shows the message.
 */
export function startFromInput(input: ReleaseInput): ReleaseState {
  const alarmNames: Record<string, string[]> = {};
  for (const entry of input.environmentAlarms ?? []) {
    alarmNames[entry.environmentName] = entry.alarmNames;
  }
  try {
    if (!OPERATIONS.includes(input.operation)) {
      throw new ReleaseError(`unknown operation '${input.operation}': expected one of ${OPERATIONS.join(', ')}`);
    }
    return startRelease(input.operation, {
      applicationName: input.applicationName,
      environmentNames: input.environmentNames ?? [],
      productionCnamePrefix: input.productionCnamePrefix,
    }, { ...input, alarmNames }, input.versionLabel || undefined);
  } catch (error: any) {
    return {
      ...(input as any),
      phase: 'start',
      next: 'fail',
      waitSeconds: 0,
      message: `invalid release input: ${error.message}`,
      log: [`FAILED: invalid release input: ${error.message}`],
      attempts: 0,
      throttleRetries: 0,
    };
  }
}

/**
 * Checks a state handed back to the step (by the state machine, or by
 * anyone who starts an execution with a `phase`): the same checks as the
 * input, and the phase's own fields. A phase never skips validation.
 */
export function validateState(event: any): ReleaseState {
  const invalid = (message: string): ReleaseState => ({
    ...(event as any),
    next: 'fail',
    waitSeconds: 0,
    message: `invalid release state: ${message}`,
    log: [`FAILED: invalid release state: ${message}`],
    attempts: 0,
    throttleRetries: 0,
  });
  try {
    if (!PHASES.includes(event.phase)) {
      throw new ReleaseError(`unknown phase '${event.phase}': expected one of ${PHASES.join(', ')}`);
    }
    if (!OPERATIONS.includes(event.operation)) {
      throw new ReleaseError(`unknown operation '${event.operation}': expected one of ${OPERATIONS.join(', ')}`);
    }
    validateTarget({
      applicationName: event.applicationName, environmentNames: event.environmentNames ?? [], productionCnamePrefix: event.productionCnamePrefix,
    });
    checkLimits(event);
    if (event.operation === 'deploy' && !event.versionLabel) {
      throw new ReleaseError('deploy needs a version label');
    }
    for (const key of ['fromEnvironment', 'toEnvironment'] as const) {
      if (event[key] !== undefined && !event.environmentNames.includes(event[key])) {
        throw new ReleaseError(`${key} '${event[key]}' is not one of the two environments (${event.environmentNames.join(', ')})`);
      }
    }
    if (event.phase !== 'start' && event.phase !== 'safe-end' && (!event.toEnvironment || typeof event.deadline !== 'number')) {
      throw new ReleaseError(`phase '${event.phase}' needs toEnvironment and a deadline: only the release itself sets a phase`);
    }
    if (!['continue', 'wait', 'drain'].includes(event.next)) {
      throw new ReleaseError(`next '${event.next}' cannot be continued`);
    }
    return { ...event, attempts: event.attempts ?? 0, throttleRetries: event.throttleRetries ?? 0, log: [] };
  } catch (error: any) {
    return invalid(error.message);
  }
}

/**
 * The state machine's Catch handed over a step that failed outright (a Lambda
 * timeout, a crash): the release goes to its safe end (swap back when the new
 * version is live, then fail).
 */
export function beginSafeEnd(event: any): ReleaseState {
  const { caught, ...rest } = event;
  const state = rest.phase ? validateState({ ...rest, next: 'continue' }) : startFromInput(rest);
  const cause = `${caught?.Error ?? 'Error'}: ${String(caught?.Cause ?? 'no cause').slice(0, 500)}`;
  if (state.next === 'fail' && !state.applicationName) {
    return state;
  }
  return {
    ...state,
    phase: 'safe-end',
    next: 'continue',
    waitSeconds: 0,
    deadline: undefined,
    // The dead step may have given the lock up already (it ended): take it again as this execution, not renew.
    lockReleased: true,
    caught,
    swappedBack: BACK_PHASES.includes(rest.phase) || rest.swappedBack === true || undefined,
    swapBackReason: `the release step failed in phase '${rest.phase ?? 'start'}' (${cause})`,
    log: [],
  };
}
