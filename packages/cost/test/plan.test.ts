import { HOURS, assemblyOf, options, price } from './util';
import { estimate } from '../src/estimate';
import { applyPlan, planCapacity, renderPlan } from '../src/plan';

describe('planCapacity', () => {
  test('min covers the average load, max the peak, at the target utilization', () => {
    // GIVEN one instance serves 100 requests/s; planned at 70% = 70 requests/s
    // WHEN
    const plan = planCapacity({ perInstanceRequestsPerSecond: 100, peakRequestsPerSecond: 400, averageRequestsPerSecond: 150 });
    // THEN ceil(150 / 70) = 3, ceil(400 / 70) = 6
    expect([plan.minInstances, plan.maxInstances, plan.averageInstances]).toEqual([3, 6, 3]);
  });

  test('never plans fewer instances than the floor', () => {
    expect(planCapacity({ perInstanceRequestsPerSecond: 1000, peakRequestsPerSecond: 10 }).minInstances).toBe(2);
  });

  test('peak hours move the average towards the maximum', () => {
    const plan = planCapacity({
      perInstanceRequestsPerSecond: 100,
      peakRequestsPerSecond: 400,
      averageRequestsPerSecond: 100,
      targetUtilization: 1,
      minInstancesFloor: 1,
      peakHoursPerMonth: 73,
    });
    // min 1, max 4, average (1 x 657 + 4 x 73) / 730 = 1.3
    expect([plan.minInstances, plan.maxInstances]).toEqual([1, 4]);
    expect(plan.averageInstances).toBeCloseTo(1.3, 10);
    expect(renderPlan(plan)).toMatch(/^Capacity plan: MinSize 1, MaxSize 4, average 1\.30 instances\n {2}one instance: 100\.0 requests\/s measured x 1 utilization/);
  });

  test('fails when the inputs make no sense, naming each', () => {
    expect(() => planCapacity({
      perInstanceRequestsPerSecond: 0,
      peakRequestsPerSecond: 10,
      averageRequestsPerSecond: 20,
      targetUtilization: 1.5,
      minInstancesFloor: 0,
      peakHoursPerMonth: 800,
    }))
      .toThrow(/plan: perInstanceRequestsPerSecond \(0\) must be > 0; averageRequestsPerSecond \(20\) must be between 0 and the peak; targetUtilization \(1\.5\) must be in \(0, 1\]; minInstancesFloor \(0\) must be a whole number >= 1; peakHoursPerMonth \(800\) must be between 0 and 730/);
  });

  test('fails on a negative peak', () => {
    expect(() => planCapacity({ perInstanceRequestsPerSecond: 10, peakRequestsPerSecond: -1, averageRequestsPerSecond: 0 })).toThrow(/peakRequestsPerSecond \(-1\) must be >= 0/);
  });
});

describe('applyPlan', () => {
  test('feeds the plan to the estimate: MinSize instances fixed, hours above it usage', () => {
    // GIVEN
    const assembly = assemblyOf({
      App: {
        Env: {
          Type: 'AWS::ElasticBeanstalk::Environment',
          Properties: {
            EnvironmentName: 'blue',
            OptionSettings: options({
              'aws:ec2:instances/InstanceTypes': 't3.medium',
              'aws:elasticbeanstalk:environment/LoadBalancerType': 'application',
              'aws:autoscaling:asg/MinSize': '1',
              'aws:autoscaling:asg/MaxSize': '2',
              'aws:autoscaling:launchconfiguration/RootVolumeType': 'gp3',
              'aws:autoscaling:launchconfiguration/RootVolumeSize': '10',
            }),
          },
        },
      },
    });
    const plan = planCapacity({
      perInstanceRequestsPerSecond: 100, peakRequestsPerSecond: 400, averageRequestsPerSecond: 100, targetUtilization: 1, peakHoursPerMonth: 73,
    });
    // WHEN
    const profile = applyPlan({ name: 'p' }, plan, ['blue']);
    const e = estimate(assembly, profile);
    // THEN min 2, max 4, average (2 x 657 + 4 x 73) / 730 = 2.2
    expect(profile.capacity).toEqual({ minInstances: 2, maxInstances: 4, averageInstances: 2.2, environments: ['blue'] });
    const ec2 = e.lines.filter((l) => l.priceKey === 'ec2.instance.t3.medium');
    expect(ec2.map((l) => [l.kind, l.quantity])).toEqual([['fixed', 2 * HOURS], ['usage', expect.closeTo(0.2 * HOURS, 6)]]);
    expect(ec2[1].amount).toBeCloseTo(0.2 * HOURS * price('ec2.instance.t3.medium'), 6);
  });
});
