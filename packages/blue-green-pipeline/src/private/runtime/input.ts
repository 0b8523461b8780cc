import { Operation, ReleaseSettings, ReleaseState, startRelease } from './engine';
import { ReleaseError } from './environments';

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
