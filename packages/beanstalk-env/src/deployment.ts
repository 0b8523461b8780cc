/** How application versions are deployed to the instances (`DeploymentPolicy`). */
export enum DeploymentPolicy {
  /** All instances at once: downtime while they restart. */
  ALL_AT_ONCE = 'AllAtOnce',
  /** Batches of instances; capacity drops by one batch during the deployment. */
  ROLLING = 'Rolling',
  /** Batches of instances after adding one batch: full capacity throughout. */
  ROLLING_WITH_ADDITIONAL_BATCH = 'RollingWithAdditionalBatch',
  /** A new auto scaling group, swapped in once healthy. */
  IMMUTABLE = 'Immutable',
  /** A share of traffic to new instances for an evaluation time, then all (needs a load balancer). */
  TRAFFIC_SPLITTING = 'TrafficSplitting',
}

/** How configuration changes that replace instances are rolled out (`RollingUpdateType`). */
export enum RollingUpdateType {
  /** Batches, each waiting for the new instances to be healthy. */
  HEALTH = 'Health',
  /** Batches, each waiting a pause time. */
  TIME = 'Time',
  /** A new temporary auto scaling group, swapped in once healthy. */
  IMMUTABLE = 'Immutable',
}

/** The size of a deployment batch. */
export class BatchSize {
  /** A percentage of the instances, 1 to 100. */
  public static percent(percent: number): BatchSize {
    return new BatchSize('Percentage', percent);
  }

  /** A fixed number of instances. */
  public static fixed(count: number): BatchSize {
    return new BatchSize('Fixed', count);
  }

  /** `Percentage` or `Fixed`. */
  public readonly type: string;
  /** The percentage or count. */
  public readonly value: number;

  private constructor(type: string, value: number) {
    this.type = type;
    this.value = value;
  }
}
