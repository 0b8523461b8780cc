import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeConfigurationSettingsCommand, DescribeEnvironmentsCommand, DescribeEventsCommand, ElasticBeanstalkClient, EnvironmentDescription,
  SwapEnvironmentCNAMEsCommand, UpdateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { mockClient } from 'aws-sdk-client-mock';
import { deps, env, FakeClock, pair, TARGET, throttled } from './fixtures';
import { advance, backoffSeconds, EngineDeps, firingAlarms, isThrottling, ReleaseState, startRelease } from '../../../src/private/runtime/engine';

const eb = mockClient(ElasticBeanstalkClient);
const cw = mockClient(CloudWatchClient);
let clock: FakeClock;

beforeEach(() => {
  eb.reset();
  cw.reset();
  clock = new FakeClock();
  eb.on(DescribeEventsCommand).resolves({ Events: [] });
  eb.on(UpdateEnvironmentCommand).resolves({});
  eb.on(SwapEnvironmentCNAMEsCommand).resolves({});
  cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
});

/** Runs a release to its end the way the state machine and the CLI do, moving the clock on each wait. */
async function run(state: ReleaseState, engineDeps: EngineDeps = deps(clock), maxSteps = 500):
Promise<{ final: ReleaseState; log: string[]; waits: number[] }> {
  const log: string[] = [];
  const waits: number[] = [];
  let current = state;
  for (let i = 0; i < maxSteps; i++) {
    current = await advance(current, engineDeps);
    log.push(...current.log);
    if (current.next === 'done' || current.next === 'fail') {
      return { final: current, log, waits };
    }
    if (current.next === 'wait' || current.next === 'drain') {
      waits.push(current.waitSeconds);
      clock.advance(current.waitSeconds);
    }
  }
  throw new Error(`no end after ${maxSteps} steps: ${JSON.stringify(current)}`);
}

/** DescribeEnvironments answers for the two environments, then for one environment by name. */
function environments(blue: object, green: object) {
  const all = pair(blue, green);
  eb.on(DescribeEnvironmentsCommand).callsFake((input) => ({
    Environments: input.EnvironmentNames ? all.filter((e) => input.EnvironmentNames.includes(e.EnvironmentName)) : all,
  }));
}

describe('startRelease', () => {
  test('applies the defaults', () => {
    const state = startRelease('deploy', TARGET, {}, 'v2');
    expect(state).toMatchObject({ timeoutSeconds: 1800, healthGraceSeconds: 300, pollSeconds: 30, bakeSeconds: 0, maxThrottleRetries: 5, phase: 'start' });
  });

  test('fails when a deploy has no version label', () => {
    expect(() => startRelease('deploy', TARGET)).toThrow(/deploy needs a version label/);
  });

  test('fails when the timeout is out of range', () => {
    expect(() => startRelease('swap', TARGET, { timeoutSeconds: 5 })).toThrow(/timeoutSeconds \(5\) must be a whole number between 60 and 10800/);
  });

  test('fails when the bake time is out of range', () => {
    expect(() => startRelease('swap', TARGET, { bakeSeconds: 99999 })).toThrow(/bakeSeconds \(99999\) must be a whole number between 0 and 10800/);
  });

  test('a rollback never bakes', () => {
    expect(startRelease('rollback', TARGET, { bakeSeconds: 600 }).bakeSeconds).toBe(0);
  });
});

describe('deploy', () => {
  test('deploys the version to the idle environment, not the live one', async () => {
    // GIVEN green is live after an earlier swap
    const all = [env('shop-blue', 'shop-staging'), env('shop-green', 'shop')];
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: all });
    // WHEN
    await advance(startRelease('deploy', TARGET, {}, 'v2'), deps(clock));
    // THEN
    expect(eb.commandCalls(UpdateEnvironmentCommand)[0].args[0].input).toEqual({ ApplicationName: 'shop', EnvironmentName: 'shop-blue', VersionLabel: 'v2' });
  });

  test('waits while the idle environment updates, then succeeds when it is Ready and Ok', async () => {
    // GIVEN green updates for two looks, then is Ready on v2
    environments({}, { Status: 'Ready' });
    const answers = [pair()[1], env('shop-green', 'shop-staging', { Status: 'Updating', HealthStatus: 'Info' }),
      env('shop-green', 'shop-staging', { Status: 'Updating', HealthStatus: 'Info' }), env('shop-green', 'shop-staging', { VersionLabel: 'v2' })];
    eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] })
      .resolvesOnce({ Environments: [answers[1]] }).resolvesOnce({ Environments: [answers[2]] }).resolves({ Environments: [answers[3]] });
    // WHEN
    const { final, waits } = await run(startRelease('deploy', TARGET, {}, 'v2'));
    // THEN
    expect(final.next).toBe('done');
    expect(final.message).toMatch(/version v2 is deployed and healthy on the idle environment shop-green: ready to swap/);
    expect(waits).toEqual([30, 30, 30]);
  });

  test('reports status changes and new environment events as progress', async () => {
    environments({}, {});
    eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] })
      .resolvesOnce({ Environments: [env('shop-green', 'shop-staging', { Status: 'Updating', HealthStatus: 'Info' })] })
      .resolves({ Environments: [env('shop-green', 'shop-staging', { VersionLabel: 'v2' })] });
    eb.on(DescribeEventsCommand).resolvesOnce({
      Events: [
        { EnvironmentName: 'shop-green', Severity: 'INFO', Message: 'Deploying new version to instance(s).', EventDate: new Date(clock.time + 2000) },
        { EnvironmentName: 'shop-green', Severity: 'INFO', Message: 'Environment update is starting.', EventDate: new Date(clock.time + 1000) },
        { EnvironmentName: 'other-env', Severity: 'WARN', Message: 'not ours', EventDate: new Date(clock.time + 1000) },
      ],
    }).resolves({ Events: [] });
    const { log } = await run(startRelease('deploy', TARGET, {}, 'v2'));
    expect(log).toEqual(expect.arrayContaining([
      'shop-green: Updating, health Green/Info, version v1, shop-staging.us-east-1.elasticbeanstalk.com',
      'shop-green: INFO Environment update is starting.',
      'shop-green: INFO Deploying new version to instance(s).',
      'shop-green: Ready, health Green/Ok, version v2, shop-staging.us-east-1.elasticbeanstalk.com',
    ]));
    expect(log.indexOf('shop-green: INFO Environment update is starting.')).toBeLessThan(log.indexOf('shop-green: INFO Deploying new version to instance(s).'));
    expect(log.join('\n')).not.toMatch(/not ours/);
  });

  test('fails with a timeout when the idle environment never becomes Ready', async () => {
    environments({}, {});
    eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] })
      .resolves({ Environments: [env('shop-green', 'shop-staging', { Status: 'Updating', HealthStatus: 'Info' })] });
    const { final } = await run(startRelease('deploy', TARGET, { timeoutSeconds: 600 }, 'v2'));
    expect(final.next).toBe('fail');
    expect(final.message).toMatch(/timed out after 600s waiting for shop-green to be Ready with health Ok \(now: shop-green: Updating.*\): not swapping/);
    expect(clock.time - new FakeClock().time).toBe(600_000);
  });

  test('fails when the idle environment stays Severe beyond the grace period', async () => {
    environments({}, {});
    eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] })
      .resolves({ Environments: [env('shop-green', 'shop-staging', { VersionLabel: 'v2', Health: 'Red', HealthStatus: 'Severe' })] });
    const { final } = await run(startRelease('deploy', TARGET, { healthGraceSeconds: 120 }, 'v2'));
    expect(final.message).toMatch(/the idle environment shop-green is Severe 120s after it was Ready \(version v2\): not swapping/);
    // First seen Ready at the first look (30 s), failed at the first look more than 120 s later.
    expect(clock.time - new FakeClock().time).toBe(180_000);
  });

  test('tolerates a Degraded environment that recovers within the grace period', async () => {
    environments({}, {});
    eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] })
      .resolvesOnce({ Environments: [env('shop-green', 'shop-staging', { VersionLabel: 'v2', HealthStatus: 'Degraded' })] })
      .resolves({ Environments: [env('shop-green', 'shop-staging', { VersionLabel: 'v2' })] });
    const { final } = await run(startRelease('deploy', TARGET, {}, 'v2'));
    expect(final.next).toBe('done');
  });

  test('fails when Elastic Beanstalk rolled the deployment back', async () => {
    environments({}, {});
    eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] })
      .resolves({ Environments: [env('shop-green', 'shop-staging', { VersionLabel: 'v1' })] });
    const { final } = await run(startRelease('deploy', TARGET, {}, 'v2'));
    expect(final.message).toMatch(/deploying version v2 to shop-green failed: it runs v1 \(Elastic Beanstalk rolled back\)/);
  });

  test('refuses to start while an environment is updating (concurrent execution)', async () => {
    environments({}, { Status: 'Updating' });
    const { final } = await run(startRelease('deploy', TARGET, {}, 'v2'));
    expect(final.message).toMatch(/'shop-green' is Updating: another deployment or swap is in progress/);
    expect(eb.commandCalls(UpdateEnvironmentCommand)).toHaveLength(0);
  });

  test('fails when the environment disappears while waiting', async () => {
    environments({}, {});
    eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] }).resolves({ Environments: [] });
    const { final } = await run(startRelease('deploy', TARGET, {}, 'v2'));
    expect(final.message).toMatch(/environment 'shop-green' disappeared during the release/);
  });

  test('a dry run decides and changes nothing', async () => {
    environments({}, {});
    const { final } = await run(startRelease('deploy', TARGET, { dryRun: true }, 'v2'));
    expect(final.message).toBe('dry run: would deploy version v2 to the idle environment shop-green (live: shop-blue)');
    expect(eb.commandCalls(UpdateEnvironmentCommand)).toHaveLength(0);
  });

  describe('HTTP verification', () => {
    beforeEach(() => {
      environments({}, {});
      eb.on(DescribeEnvironmentsCommand, { EnvironmentNames: ['shop-green'] }).resolves({ Environments: [env('shop-green', 'shop-staging', { VersionLabel: 'v2' })] });
    });

    test('requests the health path on the idle CNAME', async () => {
      const fetch = jest.fn(async () => ({ status: 200 }));
      const { final } = await run(startRelease('deploy', TARGET, { verifyPath: '/health' }, 'v2'), deps(clock, fetch));
      expect(fetch).toHaveBeenCalledWith('http://shop-staging.us-east-1.elasticbeanstalk.com/health', expect.objectContaining({ redirect: 'manual' }));
      expect(final.message).toMatch(/answers 200 at http:\/\/shop-staging.*\/health: ready to swap/);
    });

    test('fails when the health path keeps answering another status', async () => {
      const fetch = jest.fn(async () => ({ status: 503 }));
      const { final } = await run(startRelease('deploy', TARGET, { verifyPath: 'health' }, 'v2'), deps(clock, fetch));
      expect(final.message).toMatch(/GET http:\/\/shop-staging.us-east-1.elasticbeanstalk.com\/health answered 503, expected 200 \(3 attempts\): not swapping/);
      expect(fetch).toHaveBeenCalledTimes(3);
    });

    test('follows an HTTP-to-HTTPS redirect on the same host over HTTPS', async () => {
      const redirect = { status: 301, headers: { get: (name: string) => (name === 'location' ? 'https://shop-staging.us-east-1.elasticbeanstalk.com/health' : null) } };
      const httpsStatus = jest.fn(async () => 200);
      const { final } = await run(startRelease('deploy', TARGET, { verifyPath: '/health' }, 'v2'),
        { ...deps(clock, async () => redirect), httpsStatus });
      expect(httpsStatus).toHaveBeenCalledWith('https://shop-staging.us-east-1.elasticbeanstalk.com/health');
      expect(final.next).toBe('done');
    });

    test('does not follow a redirect to another host', async () => {
      const redirect = { status: 302, headers: { get: () => 'https://login.example.com/' } };
      const httpsStatus = jest.fn(async () => 200);
      const { final } = await run(startRelease('deploy', TARGET, { verifyPath: '/health' }, 'v2'),
        { ...deps(clock, async () => redirect), httpsStatus });
      expect(httpsStatus).not.toHaveBeenCalled();
      expect(final.message).toMatch(/answered 302, expected 200 \(3 attempts\): not swapping/);
    });

    test('retries a connection error, then succeeds', async () => {
      const fetch = jest.fn().mockRejectedValueOnce(Object.assign(new Error('fetch failed'), { cause: new Error('ECONNREFUSED') }))
        .mockResolvedValue({ status: 200 });
      const { final, log } = await run(startRelease('deploy', TARGET, { verifyPath: '/health' }, 'v2'), deps(clock, fetch));
      expect(final.next).toBe('done');
      expect(log.join('\n')).toMatch(/GET http:.*\/health failed: ECONNREFUSED: trying again/);
    });
  });
});

describe('swap', () => {
  test('swaps the production CNAME to the healthy idle environment', async () => {
    // GIVEN blue live, green idle and healthy; after the swap green holds the production prefix
    eb.on(DescribeEnvironmentsCommand).resolvesOnce({ Environments: pair({}, { VersionLabel: 'v2' }) })
      .resolves({ Environments: [env('shop-blue', 'shop-staging'), env('shop-green', 'shop', { VersionLabel: 'v2' })] });
    // WHEN
    const { final } = await run(startRelease('swap', TARGET, {}, 'v2'));
    // THEN
    expect(eb.commandCalls(SwapEnvironmentCNAMEsCommand)[0].args[0].input).toEqual({ SourceEnvironmentName: 'shop-blue', DestinationEnvironmentName: 'shop-green' });
    expect(final.message).toBe('shop-green (version v2) is live at shop; shop-blue stays ready to take traffic back');
  });

  test('fails when the idle environment is unhealthy: no swap', async () => {
    environments({}, { HealthStatus: 'Degraded' });
    const { final } = await run(startRelease('swap', TARGET));
    expect(final.next).toBe('fail');
    expect(final.message).toMatch(/refusing to swap: the idle environment is not healthy \(shop-green: Ready, health Green\/Degraded/);
    expect(eb.commandCalls(SwapEnvironmentCNAMEsCommand)).toHaveLength(0);
  });

  test('a forced swap skips the health gate', async () => {
    eb.on(DescribeEnvironmentsCommand).resolvesOnce({ Environments: pair({}, { HealthStatus: 'Warning' }) })
      .resolves({ Environments: [env('shop-blue', 'shop-staging'), env('shop-green', 'shop')] });
    const { final, log } = await run(startRelease('swap', TARGET, { force: true }));
    expect(final.next).toBe('done');
    expect(log).toContain('forced: ignoring the health of shop-green');
  });

  test('refuses when the idle environment runs another version than the pipeline deployed (concurrent execution)', async () => {
    environments({}, { VersionLabel: 'v3' });
    const { final } = await run(startRelease('swap', TARGET, {}, 'v2'));
    expect(final.message).toMatch(/refusing to swap: the idle environment shop-green runs v3, expected v2 \(did another deployment run in between\?\)/);
  });

  test('fails when both environments claim the production CNAME', async () => {
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [env('shop-blue', 'shop'), env('shop-green', 'shop')] });
    const { final } = await run(startRelease('swap', TARGET));
    expect(final.message).toMatch(/both environments claim the production CNAME prefix 'shop'/);
    expect(eb.commandCalls(SwapEnvironmentCNAMEsCommand)).toHaveLength(0);
  });

  test('fails when neither environment holds the production CNAME', async () => {
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [env('shop-blue', 'x'), env('shop-green', 'y')] });
    const { final } = await run(startRelease('swap', TARGET));
    expect(final.message).toMatch(/neither environment holds the production CNAME prefix 'shop'/);
  });

  test('retries a throttled swap with exponential backoff', async () => {
    // GIVEN the swap API is throttled twice
    eb.on(DescribeEnvironmentsCommand)
      .resolvesOnce({ Environments: pair() }).resolvesOnce({ Environments: pair() }).resolvesOnce({ Environments: pair() })
      .resolves({ Environments: [env('shop-blue', 'shop-staging'), env('shop-green', 'shop')] });
    eb.on(SwapEnvironmentCNAMEsCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({});
    // WHEN
    const { final, waits, log } = await run(startRelease('swap', TARGET));
    // THEN
    expect(final.next).toBe('done');
    expect(eb.commandCalls(SwapEnvironmentCNAMEsCommand)).toHaveLength(3);
    expect(waits.slice(0, 2)).toEqual([2, 4]);
    expect(log).toContain('throttled (Rate exceeded): retry 2 in 4s');
  });

  test('gives up after too many throttled calls in a row', async () => {
    environments({}, {});
    eb.on(SwapEnvironmentCNAMEsCommand).rejects(throttled());
    const { final, waits } = await run(startRelease('swap', TARGET, { maxThrottleRetries: 3 }));
    expect(final.message).toMatch(/kept throttling our calls \(4 times in a row, last: Rate exceeded\): giving up/);
    expect(waits).toEqual([2, 4, 8]);
  });

  test('fails with a clear message on an unexpected AWS error', async () => {
    eb.on(DescribeEnvironmentsCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' }));
    const { final } = await run(startRelease('swap', TARGET));
    expect(final.message).toBe("unexpected error in phase 'start': AccessDenied: User is not authorized");
  });

  test('fails with a timeout when the swap never completes', async () => {
    environments({}, {});
    const { final } = await run(startRelease('swap', TARGET, { timeoutSeconds: 120 }));
    expect(final.message).toMatch(/timed out after 120s waiting for the swap to shop-green to complete/);
  });

  test('a dry run names the environments and does not swap', async () => {
    environments({}, { VersionLabel: 'v2' });
    const { final } = await run(startRelease('swap', TARGET, { dryRun: true }));
    expect(final.message).toBe('dry run: would swap the production CNAME from shop-blue to shop-green (version v2)');
    expect(eb.commandCalls(SwapEnvironmentCNAMEsCommand)).toHaveLength(0);
  });

  describe('bake', () => {
    const alarmNames = { 'shop-green': ['green-5xx', 'green-health'], 'shop-blue': ['blue-5xx'] };
    const swapped = [env('shop-blue', 'shop-staging'), env('shop-green', 'shop', { VersionLabel: 'v2' })];

    beforeEach(() => {
      eb.on(DescribeEnvironmentsCommand).resolvesOnce({ Environments: pair({}, { VersionLabel: 'v2' }) }).resolves({ Environments: swapped });
    });

    test('watches the new live environment\'s alarms for the bake time, then succeeds', async () => {
      const { final } = await run(startRelease('swap', TARGET, { bakeSeconds: 300, pollSeconds: 60, alarmNames }, 'v2'));
      expect(final.message).toMatch(/no alarm fired during the 300s bake: shop-green \(version v2\) is live, shop-blue stays ready/);
      const calls = cw.commandCalls(DescribeAlarmsCommand);
      expect(calls.length).toBe(6);
      expect(calls[0].args[0].input).toEqual({ AlarmNames: ['green-5xx', 'green-health'], StateValue: 'ALARM' });
    });

    test('swaps back when an alarm fires during the bake and fails saying what happened', async () => {
      // GIVEN the 5xx alarm fires at the second look
      cw.on(DescribeAlarmsCommand).resolvesOnce({ MetricAlarms: [] }).resolves({ MetricAlarms: [{ AlarmName: 'green-5xx' }] });
      eb.on(SwapEnvironmentCNAMEsCommand).resolvesOnce({}).callsFake(() => {
        eb.on(DescribeEnvironmentsCommand).resolves({ Environments: pair() });
        return {};
      });
      // WHEN
      const { final } = await run(startRelease('swap', TARGET, { bakeSeconds: 600, alarmNames }, 'v2'));
      // THEN
      const swaps = eb.commandCalls(SwapEnvironmentCNAMEsCommand).map((c) => c.args[0].input);
      expect(swaps).toEqual([
        { SourceEnvironmentName: 'shop-blue', DestinationEnvironmentName: 'shop-green' },
        { SourceEnvironmentName: 'shop-green', DestinationEnvironmentName: 'shop-blue' },
      ]);
      expect(final.next).toBe('fail');
      expect(final.message).toBe('alarm green-5xx fired while watching shop-green after the swap: swapped back, shop-blue (version v1) is live again');
    });

    test('fails with a timeout when the swap back does not complete', async () => {
      cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'green-health' }] });
      const { final } = await run(startRelease('swap', TARGET, { bakeSeconds: 600, timeoutSeconds: 60, alarmNames }, 'v2'));
      expect(final.message).toMatch(/timed out after 60s waiting for swapping back to shop-blue \(alarm green-health fired while watching shop-green after the swap\) to complete/);
    });
  });
});

describe('watch', () => {
  const alarmNames = { 'shop-green': ['green-5xx'], 'shop-blue': ['blue-5xx'] };
  const greenLive = [env('shop-blue', 'shop-staging'), env('shop-green', 'shop', { VersionLabel: 'v2' })];

  test('watches the live environment\'s alarms for the bake time', async () => {
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: greenLive });
    const { final } = await run(startRelease('watch', TARGET, { bakeSeconds: 120, pollSeconds: 60, alarmNames }, 'v2'));
    expect(final.message).toMatch(/no alarm fired during the 120s bake: shop-green \(version v2\) is live, shop-blue stays ready/);
    expect(cw.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input.AlarmNames)).toEqual([['green-5xx'], ['green-5xx'], ['green-5xx']]);
  });

  test('swaps back to the other environment when an alarm fires', async () => {
    // green is live at the start, in the bake's look and when swapping back; then blue again.
    eb.on(DescribeEnvironmentsCommand).resolvesOnce({ Environments: greenLive }).resolvesOnce({ Environments: greenLive })
      .resolvesOnce({ Environments: greenLive }).resolves({ Environments: pair() });
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'green-5xx' }] });
    const { final } = await run(startRelease('watch', TARGET, { bakeSeconds: 600, alarmNames }, 'v2'));
    expect(eb.commandCalls(SwapEnvironmentCNAMEsCommand)[0].args[0].input).toEqual({ SourceEnvironmentName: 'shop-green', DestinationEnvironmentName: 'shop-blue' });
    expect(final.message).toBe('alarm green-5xx fired while watching shop-green after the swap: swapped back, shop-blue (version v1) is live again');
  });

  test('refuses when the live environment does not run the released version', async () => {
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: pair() });
    const { final } = await run(startRelease('watch', TARGET, { bakeSeconds: 600, alarmNames }, 'v2'));
    expect(final.message).toMatch(/refusing to watch: the live environment shop-blue runs v1, expected v2 \(was it swapped back or swapped again\?\)/);
  });

  test('has nothing to watch with a zero bake time', async () => {
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: greenLive });
    const { final } = await run(startRelease('watch', TARGET, { bakeSeconds: 0 }));
    expect(final.message).toBe('nothing to watch (bake time 0) on shop-green for 0s');
  });
});

describe('rollback', () => {
  test('swaps the production CNAME back to the other environment', async () => {
    eb.on(DescribeEnvironmentsCommand).resolvesOnce({ Environments: [env('shop-blue', 'shop-staging'), env('shop-green', 'shop', { VersionLabel: 'v2' })] })
      .resolves({ Environments: pair() });
    const { final } = await run(startRelease('rollback', TARGET));
    expect(eb.commandCalls(SwapEnvironmentCNAMEsCommand)[0].args[0].input).toEqual({ SourceEnvironmentName: 'shop-green', DestinationEnvironmentName: 'shop-blue' });
    expect(final.message).toMatch(/shop-blue \(version v1\) is live at shop/);
  });

  test('fails when the previous environment is unhealthy', async () => {
    eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [env('shop-blue', 'shop-staging', { HealthStatus: 'Severe' }), env('shop-green', 'shop')] });
    const { final } = await run(startRelease('rollback', TARGET));
    expect(final.message).toMatch(/refusing to roll back: the idle environment is not healthy \(shop-blue/);
  });
});

describe('helpers', () => {
  test('backoff doubles up to a minute', () => {
    expect([1, 2, 3, 5, 6, 10].map(backoffSeconds)).toEqual([2, 4, 8, 32, 60, 60]);
  });

  test.each([
    [{ name: 'Throttling' }, true],
    [{ name: 'TooManyRequestsException' }, true],
    [{ name: 'X', $metadata: { httpStatusCode: 429 } }, true],
    [{ name: 'InvalidParameterValue' }, false],
  ])('isThrottling(%j) is %s', (error, expected) => {
    expect(isThrottling(error)).toBe(expected);
  });

  test('firingAlarms asks nothing when there are no alarms', async () => {
    expect(await firingAlarms(new CloudWatchClient({}), [])).toEqual([]);
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(0);
  });

  test('fails on an unknown phase', async () => {
    const state = { ...startRelease('swap', TARGET), phase: 'nope' };
    expect((await advance(state, deps(clock))).message).toBe("unknown phase 'nope'");
  });
});

/**
 * A small Elastic Beanstalk: two environments whose version and Auto Scaling
 * size UpdateEnvironment changes; the next look finds the update over, in the
 * state `settle` gives (Ready and Ok unless a test says otherwise).
 */
function world(blue: Partial<EnvironmentDescription> & { size?: [number, number] } = {},
  green: Partial<EnvironmentDescription> & { size?: [number, number] } = {}) {
  const { size: blueSize = [2, 4], ...blueRest } = blue;
  const { size: greenSize = [2, 4], ...greenRest } = green;
  const envs: Record<string, EnvironmentDescription> = Object.fromEntries(pair(blueRest, greenRest).map((e) => [e.EnvironmentName!, e]));
  const sizes: Record<string, [number, number]> = { 'shop-blue': blueSize, 'shop-green': greenSize };
  const updating = new Set<string>();
  const state = { settle: (): Partial<EnvironmentDescription> => ({ Status: 'Ready', HealthStatus: 'Ok' }) };
  eb.on(DescribeEnvironmentsCommand).callsFake((input) => {
    for (const name of updating) {
      envs[name] = { ...envs[name], ...state.settle() };
    }
    updating.clear();
    return { Environments: Object.values(envs).filter((e) => !input.EnvironmentNames || input.EnvironmentNames.includes(e.EnvironmentName)) };
  });
  eb.on(DescribeConfigurationSettingsCommand).callsFake((input) => ({
    ConfigurationSettings: [{
      OptionSettings: [
        { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: String(sizes[input.EnvironmentName][0]) },
        { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: String(sizes[input.EnvironmentName][1]) },
        { Namespace: 'aws:autoscaling:launchconfiguration', OptionName: 'InstanceType', Value: 't3.small' },
      ],
    }],
  }));
  eb.on(UpdateEnvironmentCommand).callsFake((input) => {
    for (const option of input.OptionSettings ?? []) {
      sizes[input.EnvironmentName][option.OptionName === 'MinSize' ? 0 : 1] = Number(option.Value);
    }
    envs[input.EnvironmentName] = { ...envs[input.EnvironmentName], ...(input.VersionLabel ? { VersionLabel: input.VersionLabel } : {}), Status: 'Updating' };
    updating.add(input.EnvironmentName);
    return {};
  });
  return { envs, sizes, state };
}

function optionUpdates() {
  return eb.commandCalls(UpdateEnvironmentCommand).map((c) => c.args[0].input);
}

describe('restoring the idle environment\'s size', () => {
  test('a deployment first gives the scaled-down idle environment the live one\'s size, then deploys', async () => {
    // GIVEN green (idle) was scaled down to one instance after the previous release
    const { sizes } = world({}, { size: [1, 1] });
    // WHEN
    const { final, log } = await run(startRelease('deploy', TARGET, {}, 'v2'));
    // THEN
    expect(optionUpdates()).toEqual([
      {
        ApplicationName: 'shop',
        EnvironmentName: 'shop-green',
        OptionSettings: [
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '2' },
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: '4' },
        ],
      },
      { ApplicationName: 'shop', EnvironmentName: 'shop-green', VersionLabel: 'v2' },
    ]);
    expect(sizes['shop-green']).toEqual([2, 4]);
    expect(log).toContain('restoring the size of shop-green from 1 instance to 2-4 instances (the live environment\'s) before deploying to it');
    expect(final.next).toBe('done');
  });

  test('a deployment leaves the size alone when the idle environment has the live one\'s', async () => {
    world();
    await run(startRelease('deploy', TARGET, {}, 'v2'));
    expect(optionUpdates()).toEqual([{ ApplicationName: 'shop', EnvironmentName: 'shop-green', VersionLabel: 'v2' }]);
  });

  test('fails when the restored environment stays Severe beyond the grace period: nothing deployed', async () => {
    const { state } = world({}, { size: [1, 1] });
    state.settle = () => ({ Status: 'Ready', Health: 'Red', HealthStatus: 'Severe' });
    const { final } = await run(startRelease('deploy', TARGET, { healthGraceSeconds: 60 }, 'v2'));
    expect(final.message).toMatch(/restoring the size of the idle environment shop-green left it Severe after the 60s grace period: nothing deployed or swapped/);
    expect(optionUpdates().filter((u) => u.VersionLabel)).toHaveLength(0);
  });

  test('fails with a timeout when the restored environment never becomes Ready', async () => {
    const { state } = world({}, { size: [1, 1] });
    state.settle = () => ({ Status: 'Updating', HealthStatus: 'Info' });
    const { final } = await run(startRelease('deploy', TARGET, { timeoutSeconds: 300 }, 'v2'));
    expect(final.message).toMatch(/timed out after 300s waiting for shop-green to be Ready with health Ok at its restored size/);
  });

  test('a swap restores the idle environment\'s size before the health gate and the swap', async () => {
    world({}, { size: [1, 1], VersionLabel: 'v2' });
    eb.on(SwapEnvironmentCNAMEsCommand).callsFake(() => {
      eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [env('shop-blue', 'shop-staging'), env('shop-green', 'shop', { VersionLabel: 'v2' })] });
      return {};
    });
    const { final, log } = await run(startRelease('swap', TARGET, {}, 'v2'));
    expect(log.findIndex((l) => l.startsWith('restoring the size of shop-green'))).toBeLessThan(log.findIndex((l) => l.startsWith('swapping CNAMEs')));
    expect(optionUpdates()).toHaveLength(1);
    expect(final.message).toMatch(/shop-green \(version v2\) is live at shop/);
  });

  test('a dry run says it would restore the size and changes nothing', async () => {
    world({}, { size: [1, 1] });
    const { final, log } = await run(startRelease('deploy', TARGET, { dryRun: true }, 'v2'));
    expect(log).toContain('dry run: would restore the size of shop-green from 1 instance to 2-4 instances (the live environment\'s) before deploying to it');
    expect(final.message).toMatch(/^dry run: would deploy version v2/);
    expect(optionUpdates()).toHaveLength(0);
  });
});

describe('scale-down', () => {
  // After a release of v2: blue live on v2, green (old) idle
  const released = { VersionLabel: 'v2' };

  test('applies the defaults: no drain, one instance', () => {
    expect(startRelease('scale-down', TARGET)).toMatchObject({ drainSeconds: 0, scaleDownInstances: 1 });
  });

  test('fails when the scaled-down size is out of range', () => {
    expect(() => startRelease('scale-down', TARGET, { scaleDownInstances: 0 })).toThrow(/scaleDownInstances \(0\) must be a whole number between 1 and 1000/);
  });

  test('fails when the drain period is out of range', () => {
    expect(() => startRelease('scale-down', TARGET, { drainSeconds: 5 * 3600 })).toThrow(/drainSeconds \(18000\) must be a whole number between 0 and 14400/);
  });

  test('asks for the drain period first, then scales the old environment down', async () => {
    // GIVEN
    const { sizes } = world(released);
    // WHEN
    const first = await advance(startRelease('scale-down', TARGET, { drainSeconds: 1800, scaleDownInstances: 1 }, 'v2'), deps(clock));
    // THEN the caller waits the drain period (a Step Functions Wait state) before anything changes
    expect(first).toMatchObject({ next: 'drain', waitSeconds: 1800, drainSeconds: 1800, phase: 'draining', fromEnvironment: 'shop-green' });
    expect(optionUpdates()).toHaveLength(0);
    // WHEN the drain period is over
    clock.advance(1800);
    const { final } = await run(first);
    // THEN
    expect(optionUpdates()).toEqual([{
      ApplicationName: 'shop',
      EnvironmentName: 'shop-green',
      OptionSettings: [
        { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '1' },
        { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: '1' },
      ],
    }]);
    expect(sizes['shop-green']).toEqual([1, 1]);
    expect(sizes['shop-blue']).toEqual([2, 4]);
    expect(final.next).toBe('done');
    expect(final.message).toMatch(/^shop-green is scaled down to 1 instance and stays ready to take traffic back/);
  });

  test('without a drain period scales down at once', async () => {
    world(released);
    const first = await advance(startRelease('scale-down', TARGET, { scaleDownInstances: 2 }, 'v2'), deps(clock));
    expect(first).toMatchObject({ next: 'continue', phase: 'draining' });
    const { final, waits } = await run(first);
    expect(final.message).toMatch(/^shop-green is scaled down to 2 instances/);
    expect(waits).toEqual([30]);
  });

  test('does not scale down an environment that is live again after the drain period (swapped back)', async () => {
    const { envs } = world(released);
    const first = await advance(startRelease('scale-down', TARGET, { drainSeconds: 600 }, 'v2'), deps(clock));
    envs['shop-blue'] = env('shop-blue', 'shop-staging', released);
    envs['shop-green'] = env('shop-green', 'shop');
    const { final } = await run(first);
    expect(final.next).toBe('done');
    expect(final.message).toBe('not scaling down shop-green: it holds the production CNAME again (swapped back since the release?)');
    expect(optionUpdates()).toHaveLength(0);
  });

  test('does not scale down while another deployment is in progress', async () => {
    const { envs } = world(released);
    const first = await advance(startRelease('scale-down', TARGET, { drainSeconds: 600 }, 'v2'), deps(clock));
    envs['shop-green'] = { ...envs['shop-green'], Status: 'Updating' };
    const { final } = await run(first);
    expect(final.message).toBe('not scaling down shop-green: shop-green is Updating (another deployment or swap is in progress)');
    expect(optionUpdates()).toHaveLength(0);
  });

  test('does not scale down when the live environment no longer runs the released version', async () => {
    world({ VersionLabel: 'v3' });
    const { final } = await run(startRelease('scale-down', TARGET, { drainSeconds: 600 }, 'v2'));
    expect(final.message).toMatch(/not scaling down shop-green: the live environment shop-blue runs v3, not the released v2/);
  });

  test('has nothing to do when the old environment is already that small', async () => {
    world(released, { size: [1, 1] });
    const { final } = await run(startRelease('scale-down', TARGET, { scaleDownInstances: 1 }, 'v2'));
    expect(final.message).toBe('shop-green is already at most 1 (1 instance): nothing to scale down');
    expect(optionUpdates()).toHaveLength(0);
  });

  test('fails with a timeout when the old environment never settles after the scale-down', async () => {
    const { state } = world(released);
    state.settle = () => ({ Status: 'Updating' });
    const { final } = await run(startRelease('scale-down', TARGET, { timeoutSeconds: 120 }, 'v2'));
    expect(final.next).toBe('fail');
    expect(final.message).toMatch(/timed out after 120s waiting for shop-green to be Ready after scaling it down/);
  });

  test('a dry run names the environment and the size and changes nothing', async () => {
    world(released);
    const { final } = await run(startRelease('scale-down', TARGET, { drainSeconds: 900, scaleDownInstances: 1, dryRun: true }, 'v2'));
    expect(final.message).toBe('dry run: would scale shop-green down to 1 instance after a drain period of 900s');
    expect(optionUpdates()).toHaveLength(0);
  });
});
