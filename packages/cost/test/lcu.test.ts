import { loadBalancerCapacityUnits } from '../src/lcu';

const zero = { newConnectionsPerSecond: 0, activeConnectionsPerMinute: 0, processedGbPerHour: 0, ruleEvaluationsPerSecond: 0 };

describe('loadBalancerCapacityUnits', () => {
  test.each([
    ['new connections', { ...zero, newConnectionsPerSecond: 50 }, 2],
    ['active connections', { ...zero, activeConnectionsPerMinute: 9000 }, 3],
    ['processed bytes', { ...zero, processedGbPerHour: 2.5 }, 2.5],
    ['rule evaluations', { ...zero, ruleEvaluationsPerSecond: 4000 }, 4],
  ])('one dimension: %s', (dimension, traffic, lcu) => {
    expect(loadBalancerCapacityUnits(traffic)).toEqual({ lcu, dimension });
  });

  test('the largest dimension sets the units, never the sum', () => {
    // 25 new/s = 1, 6,000 active/min = 2, 0.5 GB/h = 0.5, 500 rules/s = 0.5
    const traffic = { newConnectionsPerSecond: 25, activeConnectionsPerMinute: 6000, processedGbPerHour: 0.5, ruleEvaluationsPerSecond: 500 };
    expect(loadBalancerCapacityUnits(traffic))
      .toEqual({ lcu: 2, dimension: 'active connections' });
  });
});
