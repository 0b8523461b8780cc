import { DescribeEnvironmentsCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { mockClient } from 'aws-sdk-client-mock';
import { env, pair, TARGET } from './fixtures';
import {
  assertNotBusy, classify, describePair, discoverEnvironmentNames, healthVerdict, HealthVerdict, validateTarget,
} from '../../../src/private/runtime/environments';

const eb = mockClient(ElasticBeanstalkClient);
beforeEach(() => eb.reset());

describe('classify', () => {
  test('the environment holding the production CNAME is live, the other idle', () => {
    // GIVEN green holds the production prefix (after a swap)
    const envs = [env('shop-blue', 'shop-staging'), env('shop-green', 'shop')];
    // WHEN
    const result = classify(TARGET, envs);
    // THEN
    expect(result.live.EnvironmentName).toBe('shop-green');
    expect(result.idle.EnvironmentName).toBe('shop-blue');
  });

  test('a prefix that only starts like the production one does not count', () => {
    const result = classify(TARGET, [env('shop-blue', 'shop'), env('shop-green', 'shopstaging')]);
    expect(result.live.EnvironmentName).toBe('shop-blue');
  });

  test('fails when both environments claim the production CNAME', () => {
    expect(() => classify(TARGET, [env('shop-blue', 'shop'), env('shop-green', 'shop')]))
      .toThrow(/both environments claim the production CNAME prefix 'shop'.*refusing to guess/);
  });

  test('fails when neither environment holds the production CNAME', () => {
    expect(() => classify(TARGET, [env('shop-blue', 'a'), env('shop-green', 'b')]))
      .toThrow(/neither environment holds the production CNAME prefix 'shop' \(shop-blue: a\.us-east-1/);
  });

  test('fails when an environment is missing', () => {
    expect(() => classify(TARGET, [env('shop-blue', 'shop')])).toThrow(/environment 'shop-green' of application 'shop' was not found/);
  });

  test('fails when an environment is terminated', () => {
    expect(() => classify(TARGET, [env('shop-blue', 'shop'), env('shop-green', 'x', { Status: 'Terminated' })]))
      .toThrow(/'shop-green'.*not found \(or is terminated\)/);
  });
});

describe('validateTarget', () => {
  test('fails when there are fewer than two environments', () => {
    expect(() => validateTarget({ ...TARGET, environmentNames: ['shop-blue'] })).toThrow(/exactly two environments, got 1 \(shop-blue\)/);
  });

  test('fails when there are more than two environments', () => {
    expect(() => validateTarget({ ...TARGET, environmentNames: ['a', 'b', 'c'] })).toThrow(/exactly two environments, got 3/);
  });

  test('fails when both environments have the same name', () => {
    expect(() => validateTarget({ ...TARGET, environmentNames: ['a', 'a'] })).toThrow(/different names, both are 'a'/);
  });

  test('fails when the production prefix is empty', () => {
    expect(() => validateTarget({ ...TARGET, productionCnamePrefix: '' })).toThrow(/production CNAME prefix is required/);
  });
});

describe('describePair', () => {
  test('asks Elastic Beanstalk for exactly the two environments', async () => {
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: pair() });
    const result = await describePair(new ElasticBeanstalkClient({}), TARGET);
    expect(result.live.EnvironmentName).toBe('shop-blue');
    expect(eb.commandCalls(DescribeEnvironmentsCommand)[0].args[0].input).toEqual({
      ApplicationName: 'shop', EnvironmentNames: ['shop-blue', 'shop-green'], IncludeDeleted: false,
    });
  });
});

describe('discoverEnvironmentNames', () => {
  test('returns the two environments of the application', async () => {
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [...pair(), env('old', 'old', { Status: 'Terminated' })] });
    expect(await discoverEnvironmentNames(new ElasticBeanstalkClient({}), 'shop')).toEqual(['shop-blue', 'shop-green']);
  });

  test('fails when the application has three environments', async () => {
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [...pair(), env('shop-test', 'test')] });
    await expect(discoverEnvironmentNames(new ElasticBeanstalkClient({}), 'shop'))
      .rejects.toThrow(/has 3 environments \(shop-blue, shop-green, shop-test\): blue\/green needs exactly two/);
  });

  test('fails when the application has no environment', async () => {
    eb.on(DescribeEnvironmentsCommand).resolves({});
    await expect(discoverEnvironmentNames(new ElasticBeanstalkClient({}), 'shop')).rejects.toThrow(/has 0 environments \(none\)/);
  });
});

describe('healthVerdict', () => {
  test.each([
    [{ Status: 'Ready', HealthStatus: 'Ok' }, HealthVerdict.HEALTHY],
    [{ Status: 'Ready', HealthStatus: undefined, Health: 'Green' }, HealthVerdict.HEALTHY],
    [{ Status: 'Updating', HealthStatus: 'Ok' }, HealthVerdict.WAITING],
    [{ Status: 'Ready', HealthStatus: 'Warning' }, HealthVerdict.WAITING],
    [{ Status: 'Ready', HealthStatus: 'Pending' }, HealthVerdict.WAITING],
    [{ Status: 'Ready', HealthStatus: 'Degraded' }, HealthVerdict.UNHEALTHY],
    [{ Status: 'Updating', HealthStatus: 'Severe' }, HealthVerdict.UNHEALTHY],
    [{ Status: 'Ready', HealthStatus: undefined, Health: 'Red' }, HealthVerdict.UNHEALTHY],
  ] as const)('%j reads %s', (fields, verdict) => {
    expect(healthVerdict(env('e', 'p', fields as any))).toBe(verdict);
  });
});

describe('assertNotBusy', () => {
  test('fails when an environment is being updated (a concurrent execution)', () => {
    const envs = classify(TARGET, pair({}, { Status: 'Updating' }));
    expect(() => assertNotBusy(envs)).toThrow(/'shop-green' is Updating: another deployment or swap is in progress/);
  });

  test('passes when both environments are Ready', () => {
    expect(() => assertNotBusy(classify(TARGET, pair()))).not.toThrow();
  });
});
