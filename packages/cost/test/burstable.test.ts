import { creditUse, instanceFacts } from '../src/burstable';

describe('instance facts', () => {
  test('T-family types carry their baseline and credit rate, with a source and date', () => {
    expect(instanceFacts('t3.small')).toEqual(expect.objectContaining({ vcpus: 2, burstable: { family: 't3', baselinePerVcpu: 0.2, creditsPerHour: 24 }, asOf: '2026-12' }));
    expect(instanceFacts('t4g.small')?.source).toMatch(/^https:\/\/aws\.amazon\.com\/ec2\/instance-types\/t4\//);
    expect([instanceFacts('m7g.medium')?.vcpus, instanceFacts('m7g.medium')?.burstable]).toEqual([1, undefined]);
    expect(instanceFacts('x9.huge')).toBeUndefined();
  });

  test('every burstable type earns baseline x vCPUs x 60 credits an hour (one credit = a vCPU-minute)', () => {
    for (const t of ['t3.micro', 't3.small', 't3.medium', 't3.large', 't4g.micro', 't4g.small', 't4g.medium', 't4g.large']) {
      const f = instanceFacts(t)!;
      expect([t, f.burstable!.creditsPerHour]).toEqual([t, f.burstable!.baselinePerVcpu * f.vcpus * 60]);
    }
  });
});

describe('creditUse', () => {
  test('below the baseline nothing is surplus', () => {
    const u = creditUse('t3.small', 0.1)!;
    expect([u.creditsSpentPerHour, u.creditsEarnedPerHour, u.surplusVcpuHoursPerHour, u.aboveBaseline]).toEqual([12, 24, 0, false]);
  });

  test('above the baseline the surplus is what it spends beyond what it earns, in vCPU-hours', () => {
    // 50% of 2 vCPUs = 60 credits an hour, earns 24: 36 credits = 0.6 vCPU-hours an hour
    const u = creditUse('t4g.small', 0.5)!;
    expect([u.creditsSpentPerHour, u.surplusVcpuHoursPerHour, u.aboveBaseline, u.priceKey]).toEqual([60, 0.6, true, 'ec2.cpuCredits.t4g']);
  });

  test('non-burstable types have no credits; utilization must be a share', () => {
    expect(creditUse('m7g.large', 0.9)).toBeUndefined();
    expect(() => creditUse('t3.small', 1.5)).toThrow(/CPU utilization \(1\.5\) must be between 0 and 1/);
  });
});
