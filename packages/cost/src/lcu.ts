/** Average load balancer traffic in one hour. */
export interface LoadBalancerTraffic {
  readonly newConnectionsPerSecond: number;
  readonly activeConnectionsPerMinute: number;
  readonly processedGbPerHour: number;
  /** Billable rule evaluations a second (request rate x (rules processed - 10 free rules)). */
  readonly ruleEvaluationsPerSecond: number;
}

/** Load balancer capacity units of one hour, with the dimension that sets them. */
export interface CapacityUnits {
  readonly lcu: number;
  readonly dimension: string;
}

/**
 * Application Load Balancer capacity units for an hour, as AWS defines them: the largest of
 * 25 new connections/s, 3,000 active connections/min, 1 GB processed/h and
 * 1,000 rule evaluations/s (https://aws.amazon.com/elasticloadbalancing/pricing/).
 */
export function loadBalancerCapacityUnits(traffic: LoadBalancerTraffic): CapacityUnits {
  const dimensions: Array<[string, number]> = [
    ['new connections', traffic.newConnectionsPerSecond / 25],
    ['active connections', traffic.activeConnectionsPerMinute / 3000],
    ['processed bytes', traffic.processedGbPerHour / 1],
    ['rule evaluations', traffic.ruleEvaluationsPerSecond / 1000],
  ];
  let best = dimensions[0];
  for (const d of dimensions) {
    if (d[1] > best[1]) best = d;
  }
  return { lcu: best[1], dimension: best[0] };
}
