import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeEnvironmentsCommand, DescribeEventsCommand, ElasticBeanstalkClient, SwapEnvironmentCNAMEsCommand, UpdateEnvironmentCommand,
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
    if (current.next === 'wait') {
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
    expect(final.message).toMatch(/the idle environment shop-green is Severe after the 120s grace period \(version v2\): not swapping/);
    expect(clock.time - new FakeClock().time).toBe(150_000);
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
      expect(final.message).toMatch(/timed out after 60s waiting for swapping back to shop-blue after alarm green-health to complete/);
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
    eb.on(DescribeEnvironmentsCommand).resolvesOnce({ Environments: greenLive }).resolves({ Environments: pair() });
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
