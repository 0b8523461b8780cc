/**
 * The one source of truth for the limits of a release's knobs, in seconds or
 * instances, `[min, max]`: the run-time engine checks them in
 * `startRelease`, the constructs at synth. No SDK import: the library loads it.
 */
export const RELEASE_LIMITS = {
  timeoutSeconds: [60, 3 * 3600],
  healthGraceSeconds: [0, 3600],
  pollSeconds: [5, 300],
  bakeSeconds: [0, 3 * 3600],
  /** The pipeline's ScaleDown stage waits at least a minute; a scale-down by hand may start at once. */
  drainSeconds: [0, 4 * 3600],
  scaleDownInstances: [1, 1000],
  /** How long the watch may be blind (alarms or environments unreadable) before it swaps back. */
  blindSeconds: [30, 900],
  /** How long a lock lease lasts without renewal (a crashed holder loses the lock after it). */
  leaseSeconds: [120, 3600],
} as const;

/** The pipeline's lower bound of `scaleDownAfter` (a drain shorter than DNS caches is pointless). */
export const PIPELINE_MIN_DRAIN_SECONDS = 60;

export type LimitName = keyof typeof RELEASE_LIMITS;

/** Whether a value is a whole number within the limits of `name`. */
export function withinLimits(name: LimitName, value: number): boolean {
  const [min, max] = RELEASE_LIMITS[name];
  return Number.isInteger(value) && value >= min && value <= max;
}
