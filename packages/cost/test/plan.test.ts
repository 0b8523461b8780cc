import { HOURS, assemblyOf, options, price } from './util';
import { estimate } from '../src/estimate';
import { applyPlan, planCapacity, renderPlan } from '../src/plan';
import { loadPriceTable } from '../src/prices';

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

describe('CPU credits of burstable types', () => {
  const table = loadPriceTable('us-east-1');

  test('turns CPU per request at the planned load into credits, prices the surplus and recommends a non-burstable type', () => {
    // GIVEN 100 requests/s on average, 40 ms of CPU each, t3.small: min 2 at 70 requests/s an instance
    const plan = planCapacity({
      perInstanceRequestsPerSecond: 100, peakRequestsPerSecond: 100, averageRequestsPerSecond: 100, instanceType: 't3.small', cpuMsPerRequest: 40, priceTable: table,
    });
    // THEN 50 requests/s an instance x 0.04 s = 2 vCPU-seconds a second: 100% of both vCPUs
    expect(plan.minInstances).toBe(2);
    const c = plan.credits!;
    expect(c.credits.utilization).toBeCloseTo(1, 10);
    // spends 120 credits an hour, earns 24: 96 credits = 1.6 vCPU-hours an hour x 2 instances x 730 h
    expect(c.surplusVcpuHoursPerMonth).toBeCloseTo(1.6 * 2 * HOURS, 6);
    expect(c.surplusCost).toBeCloseTo(1.6 * 2 * HOURS * price('ec2.cpuCredits.t3'), 6);
    expect(c.recommendation).toMatch(/^sustained load 100\.0% of each vCPU is above the t3\.small baseline of 20%: a non-burstable type fits better/);
    expect(renderPlan(plan)).toMatch(/credits: spends 120\.0\/h, earns 24\/h: surplus 96\.0 credits\/h = 1\.600 vCPU-h\/h x 2\.00 instances x 730 h = 2336\.0 vCPU-hours a month/);
  });

  test('a load within the baseline costs no credits and needs no other type', () => {
    const plan = planCapacity({
      perInstanceRequestsPerSecond: 100, peakRequestsPerSecond: 20, averageRequestsPerSecond: 10, instanceType: 't4g.small', cpuMsPerRequest: 20, priceTable: table,
    });
    // 5 requests/s an instance x 0.02 s / 2 vCPUs = 5%, below the 20% baseline
    const c = plan.credits!;
    expect([c.credits.utilization, c.surplusVcpuHoursPerMonth, c.recommendation]).toEqual([expect.closeTo(0.05, 10), 0, undefined]);
  });

  test('a burstable type without a CPU figure says its credits are not planned; a non-burstable one has none', () => {
    expect(renderPlan(planCapacity({ perInstanceRequestsPerSecond: 100, peakRequestsPerSecond: 20, instanceType: 't3.small' })))
      .toMatch(/t3\.small is burstable: CPU not measured, so its credits are not planned/);
    expect(planCapacity({ perInstanceRequestsPerSecond: 100, peakRequestsPerSecond: 20, instanceType: 'm7g.large', cpuMsPerRequest: 5 }).credits).toBeUndefined();
  });

  test('the estimate bills the surplus credits of the live environment as usage, from the plan\'s CPU per request', () => {
    const assembly = assemblyOf({
      App: {
        Env: {
          Type: 'AWS::ElasticBeanstalk::Environment',
          Properties: { EnvironmentName: 'blue', OptionSettings: options({ 'aws:ec2:instances/InstanceTypes': 't3.small', 'aws:elasticbeanstalk:environment/LoadBalancerType': 'application' }) },
        },
      },
    });
    const plan = planCapacity({ perInstanceRequestsPerSecond: 100, peakRequestsPerSecond: 100, averageRequestsPerSecond: 100, instanceType: 't3.small', cpuMsPerRequest: 40 });
    const e = estimate(assembly, applyPlan({ name: 'p' }, plan));
    const credits = e.lines.find((l) => l.priceKey === 'ec2.cpuCredits.t3')!;
    expect([credits.kind, credits.quantity, credits.source]).toEqual(['usage', expect.closeTo(1.6 * 2 * HOURS, 3), 'plan: requests.perMonth x capacity.cpuMsPerRequest']);
    expect(e.assumptions).toContainEqual(expect.stringMatching(/sustained CPU 100\.0% is above the t3\.small baseline/));
  });

  test('without a measured CPU the estimate still shows the credit line, at zero, and says what it assumed', () => {
    const assembly = assemblyOf({
      App: { Env: { Type: 'AWS::ElasticBeanstalk::Environment', Properties: { EnvironmentName: 'blue', OptionSettings: options({ 'aws:ec2:instances/InstanceTypes': 't4g.small' }) } } },
    });
    const e = estimate(assembly, {});
    expect(e.lines.find((l) => l.priceKey === 'ec2.cpuCredits.t4g')).toEqual(expect.objectContaining({ kind: 'usage', quantity: 0, source: 'assumed' }));
    expect(e.assumptions).toContainEqual(expect.stringMatching(/t4g\.small is burstable and capacity\.cpuMsPerRequest is not given/));
  });
});
