import { Duration } from 'aws-cdk-lib';

/** How many availability zones the auto scaling group spreads over (`Availability Zones`). */
export enum AvailabilityZoneCount {
  /** Any of the availability zones of the instance subnets. */
  ANY = 'Any',
  /** One availability zone. */
  ANY_1 = 'Any 1',
  /** Two availability zones. */
  ANY_2 = 'Any 2',
  /** Three availability zones. */
  ANY_3 = 'Any 3',
}

/** The statistic a scaling trigger evaluates. */
export enum ScalingStatistic {
  /** The average over the period. */
  AVERAGE = 'Average',
  /** The sum over the period. */
  SUM = 'Sum',
  /** The minimum over the period. */
  MINIMUM = 'Minimum',
  /** The maximum over the period. */
  MAXIMUM = 'Maximum',
}

/** Thresholds of a scaling trigger (`aws:autoscaling:trigger`). */
export interface ScalingThresholds {
  /** Add instances when the metric is above this value for the breach duration. */
  readonly upperThreshold: number;
  /** Remove instances when the metric is below this value for the breach duration. */
  readonly lowerThreshold: number;
  /**
   * How long the metric must stay beyond a threshold before scaling, 1 to 600 minutes.
   *
   * @default Duration.minutes(5)
   */
  readonly breachDuration?: Duration;
  /**
   * How often the metric is measured, 1 to 600 minutes.
   *
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
  /**
   * How many instances to add when the upper threshold is breached.
   *
   * @default 1
   */
  readonly upperBreachScaleIncrement?: number;
  /**
   * How many instances to remove (a negative number) when the lower threshold is breached.
   *
   * @default -1
   */
  readonly lowerBreachScaleIncrement?: number;
  /**
   * The statistic of the metric.
   *
   * @default - Average, except Sum for request count
   */
  readonly statistic?: ScalingStatistic;
}

/**
 * When the environment's auto scaling group adds and removes instances.
 */
export class ScalingTrigger {
  /** Average CPU utilization, in percent. */
  public static cpu(thresholds: ScalingThresholds): ScalingTrigger {
    return new ScalingTrigger('CPUUtilization', 'Percent', ScalingStatistic.AVERAGE, thresholds);
  }

  /** Requests to the load balancer per period (Sum). */
  public static requestCount(thresholds: ScalingThresholds): ScalingTrigger {
    return new ScalingTrigger('RequestCount', 'Count', ScalingStatistic.SUM, thresholds);
  }

  /** Target response time of the load balancer, in seconds. */
  public static latency(thresholds: ScalingThresholds): ScalingTrigger {
    return new ScalingTrigger('TargetResponseTime', 'Seconds', ScalingStatistic.AVERAGE, thresholds);
  }

  /** Bytes sent by each instance per period. */
  public static networkOut(thresholds: ScalingThresholds): ScalingTrigger {
    return new ScalingTrigger('NetworkOut', 'Bytes', ScalingStatistic.AVERAGE, thresholds);
  }

  /** Bytes received by each instance per period. */
  public static networkIn(thresholds: ScalingThresholds): ScalingTrigger {
    return new ScalingTrigger('NetworkIn', 'Bytes', ScalingStatistic.AVERAGE, thresholds);
  }

  /** The CloudWatch metric (`MeasureName`). */
  public readonly measureName: string;
  /** The metric's unit. */
  public readonly unit: string;
  /** The statistic evaluated. */
  public readonly statistic: ScalingStatistic;
  /** The thresholds. */
  public readonly thresholds: ScalingThresholds;

  private constructor(measureName: string, unit: string, defaultStatistic: ScalingStatistic, thresholds: ScalingThresholds) {
    this.measureName = measureName;
    this.unit = unit;
    this.statistic = thresholds.statistic ?? defaultStatistic;
    this.thresholds = thresholds;
  }
}

/**
 * A scheduled change of the auto scaling group's capacity
 * (`aws:autoscaling:scheduledaction`).
 */
export interface ScheduledAction {
  /** The action's name (letters, digits, hyphens, underscores). */
  readonly name: string;
  /**
   * The minimum number of instances while the action applies.
   *
   * @default - unchanged
   */
  readonly minInstances?: number;
  /**
   * The maximum number of instances while the action applies.
   *
   * @default - unchanged
   */
  readonly maxInstances?: number;
  /**
   * The desired number of instances.
   *
   * @default - unchanged
   */
  readonly desiredCapacity?: number;
  /**
   * A cron expression (UTC) for a recurring action, e.g. `0 8 * * 1-5`.
   *
   * @default - a one-time action at startTime
   */
  readonly recurrence?: string;
  /**
   * When the action starts (ISO 8601, UTC), e.g. `2027-01-01T08:00:00Z`.
   *
   * @default - now, for a recurring action
   */
  readonly startTime?: string;
  /**
   * When a recurring action stops (ISO 8601, UTC).
   *
   * @default - never
   */
  readonly endTime?: string;
}

/** Spot instances with an on-demand base (`aws:ec2:instances`). */
export interface SpotOptions {
  /**
   * The number of on-demand instances before any Spot instance.
   *
   * @default 0
   */
  readonly onDemandBase?: number;
  /**
   * The percentage of on-demand instances above the base, 0 to 100.
   *
   * @default 0
   */
  readonly onDemandAboveBasePercentage?: number;
  /**
   * The maximum price per hour, in US dollars (0.001 to 20).
   *
   * @default - the on-demand price
   */
  readonly maxPrice?: number;
}
