import { UsageProfile } from './profile';

export interface PlanOptions {
  /** Requests/s one instance serves within the latency target (from `loadtest`). */
  readonly perInstanceRequestsPerSecond: number;
  /** Expected peak requests/s. */
  readonly peakRequestsPerSecond: number;
  /** Average requests/s over the month. @default - the peak (the minimum then covers the peak) */
  readonly averageRequestsPerSecond?: number;
  /** Share of the measured throughput an instance is planned to run at. @default 0.7 */
  readonly targetUtilization?: number;
  /** Fewest instances whatever the load (2 keeps one per availability zone). @default 2 */
  readonly minInstancesFloor?: number;
  /** Hours a month at the peak (above the minimum: usage-driven instance hours). @default 0 */
  readonly peakHoursPerMonth?: number;
  /** Hours in a month. @default 730 */
  readonly hoursPerMonth?: number;
}

/** Instance counts for the auto scaling group, and how they were reached. */
export interface CapacityPlan {
  readonly perInstanceRequestsPerSecond: number;
  readonly plannedPerInstanceRequestsPerSecond: number;
  readonly peakRequestsPerSecond: number;
  readonly averageRequestsPerSecond: number;
  readonly minInstances: number;
  readonly maxInstances: number;
  /** Average running instances a month (min outside the peak hours, max during them). */
  readonly averageInstances: number;
  readonly reasoning: string[];
}

/**
 * Turns measured per-instance throughput and an expected peak into min/max instance counts:
 * capacity per instance = measured x utilization; min covers the average load (never below the
 * floor), max covers the peak.
 */
export function planCapacity(o: PlanOptions): CapacityPlan {
  const utilization = o.targetUtilization ?? 0.7;
  const floor = o.minInstancesFloor ?? 2;
  const average = o.averageRequestsPerSecond ?? o.peakRequestsPerSecond;
  const peakHours = o.peakHoursPerMonth ?? 0;
  const hours = o.hoursPerMonth ?? 730;
  const problems: string[] = [];
  if (!(o.perInstanceRequestsPerSecond > 0)) problems.push(`perInstanceRequestsPerSecond (${o.perInstanceRequestsPerSecond}) must be > 0`);
  if (!(o.peakRequestsPerSecond >= 0)) problems.push(`peakRequestsPerSecond (${o.peakRequestsPerSecond}) must be >= 0`);
  if (!(average >= 0) || average > o.peakRequestsPerSecond) problems.push(`averageRequestsPerSecond (${average}) must be between 0 and the peak`);
  if (!(utilization > 0 && utilization <= 1)) problems.push(`targetUtilization (${utilization}) must be in (0, 1]`);
  if (!Number.isInteger(floor) || floor < 1) problems.push(`minInstancesFloor (${floor}) must be a whole number >= 1`);
  if (!(peakHours >= 0 && peakHours <= hours)) problems.push(`peakHoursPerMonth (${peakHours}) must be between 0 and ${hours}`);
  if (problems.length > 0) throw new Error(`plan: ${problems.join('; ')}`);

  const capacity = o.perInstanceRequestsPerSecond * utilization;
  const min = Math.max(floor, Math.ceil(average / capacity));
  const max = Math.max(min, Math.ceil(o.peakRequestsPerSecond / capacity));
  const averageInstances = (min * (hours - peakHours) + max * peakHours) / hours;
  return {
    perInstanceRequestsPerSecond: o.perInstanceRequestsPerSecond,
    plannedPerInstanceRequestsPerSecond: capacity,
    peakRequestsPerSecond: o.peakRequestsPerSecond,
    averageRequestsPerSecond: average,
    minInstances: min,
    maxInstances: max,
    averageInstances,
    reasoning: [
      `one instance: ${o.perInstanceRequestsPerSecond.toFixed(1)} requests/s measured x ${utilization} utilization = ${capacity.toFixed(1)} requests/s`,
      `min = max(${floor}, ceil(${average} / ${capacity.toFixed(1)})) = ${min}`,
      `max = max(min, ceil(${o.peakRequestsPerSecond} / ${capacity.toFixed(1)})) = ${max}`,
      `average = (${min} x ${hours - peakHours} h + ${max} x ${peakHours} h) / ${hours} h = ${averageInstances.toFixed(2)}`,
    ],
  };
}

/** A copy of the profile whose capacity section holds the plan (what `estimate` then prices). */
export function applyPlan(profile: UsageProfile, plan: CapacityPlan, environments?: string[]): UsageProfile {
  return {
    ...profile,
    capacity: {
      minInstances: plan.minInstances,
      maxInstances: plan.maxInstances,
      averageInstances: Math.round(plan.averageInstances * 1000) / 1000,
      environments: environments ?? profile.capacity?.environments,
    },
  };
}

/** The plan as text. */
export function renderPlan(plan: CapacityPlan): string {
  return [`Capacity plan: MinSize ${plan.minInstances}, MaxSize ${plan.maxInstances}, average ${plan.averageInstances.toFixed(2)} instances`,
    ...plan.reasoning.map((r) => `  ${r}`)].join('\n') + '\n';
}
