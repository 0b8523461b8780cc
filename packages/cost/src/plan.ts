import { CreditUse, creditUse, instanceFacts } from './burstable';
import { PriceTable } from './prices';
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
  /** The instance type that will serve (for its vCPUs and, when burstable, its CPU credits). */
  readonly instanceType?: string;
  /**
   * CPU milliseconds the server spends on a request (`loadtest --app` measures it; or CPU
   * utilization x vCPUs / requests/s read from CloudWatch on the idle environment).
   */
  readonly cpuMsPerRequest?: number;
  /** Prices for the credits and the alternatives (non-burstable types) the plan compares. */
  readonly priceTable?: PriceTable;
}

/** What a burstable instance type costs in CPU credits at the planned load, and whether it fits. */
export interface CreditPlan {
  readonly instanceType: string;
  /** Requests/s one instance serves on average (average requests/s / average instances). */
  readonly requestsPerSecondPerInstance: number;
  readonly credits: CreditUse;
  /** Surplus credits billed a month in unlimited mode, as vCPU-hours (all instances). */
  readonly surplusVcpuHoursPerMonth: number;
  /** Their price, when the price table has one. */
  readonly surplusCost?: number;
  /** When the sustained load is above the baseline: the non-burstable type advised, and why. */
  readonly recommendation?: string;
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
  readonly instanceType?: string;
  readonly cpuMsPerRequest?: number;
  /** CPU credits, for a burstable instance type with measured CPU. */
  readonly credits?: CreditPlan;
}

/** Non-burstable types the plan compares a burstable one with, when it runs above its baseline. */
const ALTERNATIVES = ['m7g.medium', 'm7g.large', 'm6i.large', 'm5.large'];

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
  const reasoning = [
    `one instance: ${o.perInstanceRequestsPerSecond.toFixed(1)} requests/s measured x ${utilization} utilization = ${capacity.toFixed(1)} requests/s`,
    `min = max(${floor}, ceil(${average} / ${capacity.toFixed(1)})) = ${min}`,
    `max = max(min, ceil(${o.peakRequestsPerSecond} / ${capacity.toFixed(1)})) = ${max}`,
    `average = (${min} x ${hours - peakHours} h + ${max} x ${peakHours} h) / ${hours} h = ${averageInstances.toFixed(2)}`,
  ];
  const credits = o.instanceType !== undefined && o.cpuMsPerRequest !== undefined
    ? planCredits(o.instanceType, o.cpuMsPerRequest, average / averageInstances, averageInstances, hours, o.priceTable) : undefined;
  if (o.instanceType !== undefined && o.cpuMsPerRequest === undefined && instanceFacts(o.instanceType)?.burstable) {
    reasoning.push(`${o.instanceType} is burstable: CPU not measured, so its credits are not planned (loadtest --app measures it; or give --cpu-ms-per-request)`);
  }
  if (credits) reasoning.push(...creditReasoning(credits, averageInstances, hours));
  return {
    perInstanceRequestsPerSecond: o.perInstanceRequestsPerSecond,
    plannedPerInstanceRequestsPerSecond: capacity,
    peakRequestsPerSecond: o.peakRequestsPerSecond,
    averageRequestsPerSecond: average,
    minInstances: min,
    maxInstances: max,
    averageInstances,
    reasoning,
    ...(o.instanceType !== undefined ? { instanceType: o.instanceType } : {}),
    ...(o.cpuMsPerRequest !== undefined ? { cpuMsPerRequest: o.cpuMsPerRequest } : {}),
    ...(credits ? { credits } : {}),
  };
}

/**
 * CPU utilization of one instance = requests/s per instance x CPU seconds a request / vCPUs; a
 * burstable type spends that x vCPUs x 60 credits an hour against its earn rate, and in unlimited
 * mode the surplus is billed per vCPU-hour (see `creditUse`).
 */
export function planCredits(type: string, cpuMsPerRequest: number, rpsPerInstance: number, averageInstances: number, hours: number,
  table?: PriceTable): CreditPlan | undefined {
  const facts = instanceFacts(type);
  if (!facts?.burstable) return undefined;
  const utilization = Math.min(1, (rpsPerInstance * cpuMsPerRequest) / 1000 / facts.vcpus);
  const credits = creditUse(type, utilization)!;
  const surplus = credits.surplusVcpuHoursPerHour * averageInstances * hours;
  const price = table?.prices[credits.priceKey];
  const surplusCost = price ? surplus * price.price : undefined;
  let recommendation: string | undefined;
  if (credits.aboveBaseline) {
    const instanceHours = averageInstances * hours;
    const own = table?.prices[`ec2.instance.${type}`];
    const options = ALTERNATIVES.map((alt) => {
      const vcpus = instanceFacts(alt)?.vcpus ?? 0;
      const p = table?.prices[`ec2.instance.${alt}`];
      const fits = vcpus > 0 && (rpsPerInstance * cpuMsPerRequest) / 1000 / vcpus <= 0.7;
      return { alt, fits, cost: p ? p.price * instanceHours : undefined };
    }).filter((x) => x.fits);
    const priced = options.filter((x) => x.cost !== undefined).sort((a, b) => a.cost! - b.cost!);
    const burstCost = own && surplusCost !== undefined ? own.price * instanceHours + surplusCost : undefined;
    const best = priced[0] ?? options[0];
    recommendation = `sustained load ${(utilization * 100).toFixed(1)}% of each vCPU is above the ${type} baseline of ${(credits.baselinePerVcpu * 100).toFixed(0)}%: `
      + (best
        ? `a non-burstable type fits better, e.g. ${best.alt}${best.cost !== undefined ? ` (${best.cost.toFixed(2)} a month for the same instance hours` : ''}`
          + `${best.cost !== undefined && burstCost !== undefined ? ` vs ${burstCost.toFixed(2)} for ${type} with its surplus credits)` : best.cost !== undefined ? ')' : ''}`
        : 'a non-burstable type fits better (none of the known ones keeps this load under 70% of its vCPUs: add instances)');
  }
  return {
    instanceType: type, requestsPerSecondPerInstance: rpsPerInstance, credits, surplusVcpuHoursPerMonth: surplus, surplusCost, recommendation,
  };
}

function creditReasoning(c: CreditPlan, averageInstances: number, hours: number): string[] {
  const u = c.credits;
  const out = [
    `${c.instanceType} (${u.vcpus} vCPUs, baseline ${(u.baselinePerVcpu * 100).toFixed(0)}% each, earns ${u.creditsEarnedPerHour} credits/h): `
      + `${c.requestsPerSecondPerInstance.toFixed(2)} requests/s an instance on average x CPU per request = ${(u.utilization * 100).toFixed(1)}% of its vCPUs`,
    `credits: spends ${u.creditsSpentPerHour.toFixed(1)}/h, earns ${u.creditsEarnedPerHour}/h: surplus ${(u.surplusVcpuHoursPerHour * 60).toFixed(1)} credits/h`
      + ` = ${u.surplusVcpuHoursPerHour.toFixed(3)} vCPU-h/h x ${averageInstances.toFixed(2)} instances x ${hours} h = ${c.surplusVcpuHoursPerMonth.toFixed(1)} vCPU-hours a month`
      + (c.surplusCost !== undefined ? ` (${c.surplusCost.toFixed(2)} a month in unlimited mode, ${u.priceKey})` : ` (${u.priceKey} not in the price table)`),
  ];
  if (c.recommendation) out.push(`recommendation: ${c.recommendation}`);
  return out;
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
      ...(plan.cpuMsPerRequest !== undefined ? { cpuMsPerRequest: plan.cpuMsPerRequest } : {}),
    },
    // the estimate prices traffic (load balancer, data transfer, credits) from the requests: the plan's average
    requests: { ...profile.requests, perMonth: Math.round(plan.averageRequestsPerSecond * 730 * 3600) },
  };
}

/** The plan as text. */
export function renderPlan(plan: CapacityPlan): string {
  return [`Capacity plan: MinSize ${plan.minInstances}, MaxSize ${plan.maxInstances}, average ${plan.averageInstances.toFixed(2)} instances`,
    ...plan.reasoning.map((r) => `  ${r}`)].join('\n') + '\n';
}
