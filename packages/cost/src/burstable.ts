import * as fs from 'fs';
import * as path from 'path';

/** What the estimate and the plan know of an instance type (`data/instances.json`). */
export interface InstanceFacts {
  readonly type: string;
  readonly vcpus: number;
  /** For a burstable (T-family) type: its baseline and credit earn rate. */
  readonly burstable?: {
    /** `t3`, `t4g`: the price table key of its surplus credits is `ec2.cpuCredits.<family>`. */
    readonly family: string;
    /** Share of each vCPU the instance sustains without spending credits (0.2 = 20%). */
    readonly baselinePerVcpu: number;
    /** CPU credits earned an hour (one credit = one vCPU at 100% for a minute). */
    readonly creditsPerHour: number;
  };
  readonly source: string;
  /** When the figures were read from the source. */
  readonly asOf: string;
}

/** The packaged instance facts. */
export const INSTANCES_FILE = path.join(__dirname, '..', 'data', 'instances.json');

let cache: Record<string, InstanceFacts> | undefined;

/** The facts of an instance type, or undefined when the package does not know it. */
export function instanceFacts(type: string): InstanceFacts | undefined {
  if (!cache) {
    const data = JSON.parse(fs.readFileSync(INSTANCES_FILE, 'utf-8')) as { asOf: string; types: Record<string, Omit<InstanceFacts, 'type' | 'asOf'>> };
    cache = Object.fromEntries(Object.entries(data.types).map(([t, f]) => [t, { type: t, asOf: data.asOf, ...f }]));
  }
  return cache[type];
}

/** Credits an instance of a burstable type spends and earns at a sustained CPU utilization. */
export interface CreditUse {
  readonly type: string;
  readonly vcpus: number;
  /** Average utilization of all its vCPUs (0.35 = 35%). */
  readonly utilization: number;
  readonly baselinePerVcpu: number;
  readonly creditsEarnedPerHour: number;
  readonly creditsSpentPerHour: number;
  /** Surplus credits an hour beyond what it earns, as vCPU-hours (credits / 60): billed in unlimited mode. */
  readonly surplusVcpuHoursPerHour: number;
  /** Whether the sustained load is above the baseline (a non-burstable type is then the better fit). */
  readonly aboveBaseline: boolean;
  /** Price table key of the surplus credits. */
  readonly priceKey: string;
}

/**
 * Credits of one instance of a burstable type running at `utilization` (of all its vCPUs) on
 * average: it spends utilization x vCPUs x 60 credits an hour and earns its credit rate. In
 * unlimited mode (the default for T3 and T4g) what it spends beyond what it earns over 24 hours is
 * billed as surplus credits; spikes within a day are paid from the credits earned at lower load,
 * so the average over the day decides.
 *
 * @returns undefined when the type is not burstable (or not known)
 */
export function creditUse(type: string, utilization: number): CreditUse | undefined {
  const facts = instanceFacts(type);
  if (!facts?.burstable) return undefined;
  if (!(utilization >= 0 && utilization <= 1)) throw new Error(`CPU utilization (${utilization}) must be between 0 and 1`);
  const spent = utilization * facts.vcpus * 60;
  const earned = facts.burstable.creditsPerHour;
  return {
    type,
    vcpus: facts.vcpus,
    utilization,
    baselinePerVcpu: facts.burstable.baselinePerVcpu,
    creditsEarnedPerHour: earned,
    creditsSpentPerHour: spent,
    surplusVcpuHoursPerHour: Math.max(0, spent - earned) / 60,
    aboveBaseline: utilization > facts.burstable.baselinePerVcpu,
    priceKey: `ec2.cpuCredits.${facts.burstable.family}`,
  };
}
