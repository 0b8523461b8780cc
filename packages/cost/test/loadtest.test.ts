import { spawn } from 'child_process';
import * as http from 'http';
import { AddressInfo } from 'net';
import { measuredOn, processGroupCpuSeconds, renderLoadTest, runLoadTest } from '../src/loadtest';

let server: http.Server;
let url: string;

beforeAll(async () => {
  // a tiny HTTP server on loopback only: /ok answers, /fail answers 500
  server = http.createServer((req, res) => {
    res.statusCode = req.url === '/fail' ? 500 : 200;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('runLoadTest', () => {
  test('runs each step against the URL and reports requests/s and latency percentiles', async () => {
    // WHEN a short, bounded run: two steps of one second
    const result = await runLoadTest({ url: `${url}/ok`, connections: [1, 2], durationSeconds: 1, latencyTargetMs: 5000, instances: 2 });
    // THEN the figures are printed, not asserted as timings
    process.stdout.write(renderLoadTest(result));
    expect(result.steps.map((s) => s.connections)).toEqual([1, 2]);
    expect(result.steps.every((s) => s.requests > 0 && s.errors === 0 && s.non2xx === 0 && s.withinTarget)).toBe(true);
    expect(result.atTarget).toBeDefined();
    expect(result.perInstanceRequestsPerSecond).toBeCloseTo(result.atTarget!.requestsPerSecond / 2, 6);
  }, 20000);

  test('a step with failing responses does not count and stops the run', async () => {
    const result = await runLoadTest({ url: `${url}/fail`, connections: [1, 2], durationSeconds: 1 });
    expect(result.steps.map((s) => [s.connections, s.withinTarget])).toEqual([[1, false]]);
    expect(result.atTarget).toBeUndefined();
    expect(renderLoadTest(result)).toMatch(/No step kept the latency target/);
  }, 20000);

  test('fails on bad options before any request', async () => {
    await expect(runLoadTest({ url: 'ftp://x', connections: [0], durationSeconds: 0, latencyTargetMs: -1, percentile: 'p42', instances: 0 }))
      .rejects.toThrow(/load test: url \(ftp:\/\/x\) must be an http\(s\) URL; connections \(0\) must be whole numbers >= 1; durationSeconds \(0\) must be > 0; latencyTargetMs \(-1\) must be > 0; percentile \(p42\) must be one of p50, p90, p97_5, p99; instances \(0\) must be a whole number >= 1/);
  });
});

describe('where the figures come from', () => {
  test('a loopback URL is this machine, named with its CPU, and not the planned instance type', async () => {
    const result = await runLoadTest({ url: `${url}/ok`, connections: [1], durationSeconds: 1, latencyTargetMs: 5000 });
    expect(result.measuredOn).toEqual(expect.objectContaining({ local: true, cores: expect.any(Number) }));
    expect(renderLoadTest(result)).toMatch(/^Load test of .*\nMeasured on this machine \(.+, \d+ x .+\): NOT an instance of the planned type\. .*load test the deployed idle environment/);
  }, 20000);

  test('a deployed idle environment URL is the target itself', () => {
    expect(measuredOn('http://shop-green.us-east-1.elasticbeanstalk.com/health')).toEqual({ local: false, host: 'shop-green.us-east-1.elasticbeanstalk.com' });
  });

  test('the server CPU per request comes from the process group the test reads', async () => {
    let cpu = 0;
    const result = await runLoadTest({ url: `${url}/ok`, connections: [1], durationSeconds: 1, latencyTargetMs: 5000, serverCpuSeconds: () => (cpu += 1) });
    // one CPU second between the readings around the step
    expect(result.serverCpuMsPerRequest).toBeCloseTo(1000 / result.steps[0].requests, 9);
    expect(renderLoadTest(result)).toMatch(/CPU ms\/request/);
  }, 20000);

  test('reads the CPU of a real process group that burns CPU', async () => {
    const child = spawn(process.execPath, ['-e', 'const t = Date.now(); while (Date.now() - t < 1500) {}'], { detached: true, stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 1200));
    const seconds = processGroupCpuSeconds(child.pid!);
    await new Promise((r) => child.on('exit', r));
    expect(seconds).toBeGreaterThan(0.1);
    expect(processGroupCpuSeconds(2 ** 30)).toBe(0);
  }, 20000);
});
