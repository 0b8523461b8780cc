import * as fs from 'fs';
import * as os from 'os';
import autocannon from 'autocannon';
import { columns } from './private/format';

export interface LoadTestOptions {
  /** URL to drive (the sample app on loopback, or a deployed environment). */
  readonly url: string;
  /** Concurrent connections of each step, run in order. @default [1, 2, 4, 8, 16] */
  readonly connections?: number[];
  /** Seconds per step. @default 10 */
  readonly durationSeconds?: number;
  /** Latency the service must keep at `percentile`. @default 200 */
  readonly latencyTargetMs?: number;
  /** Latency percentile compared with the target: p50, p90, p97_5 or p99. @default 'p99' */
  readonly percentile?: string;
  /** Instances serving the URL (throughput is divided by it). @default 1 */
  readonly instances?: number;
  /** Largest share of errors and non-2xx responses a step may have to count. @default 0.01 */
  readonly maxErrorRate?: number;
  /** HTTP method. @default 'GET' */
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /**
   * CPU seconds the server has used so far (e.g. `processGroupCpuSeconds` of an app the load test
   * started): each step then reports the server's CPU milliseconds per request.
   */
  readonly serverCpuSeconds?: () => number | undefined;
}

/** The machine the figures were measured on. */
export interface MeasuredOn {
  /** The URL is on this machine (loopback): the figures are this machine's, not the planned instance type's. */
  readonly local: boolean;
  /** The URL's host for a remote target; this machine's hostname, CPU model and cores for a local one. */
  readonly host: string;
  readonly cpuModel?: string;
  readonly cores?: number;
}

/** The measured figures of one step. */
export interface LoadStep {
  readonly connections: number;
  readonly requests: number;
  readonly durationSeconds: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p97_5: number; readonly p99: number; readonly max: number };
  readonly errors: number;
  readonly non2xx: number;
  /** Whether the step kept the latency target with few enough errors. */
  readonly withinTarget: boolean;
  /** CPU milliseconds the server used per request (when `serverCpuSeconds` was given). */
  readonly serverCpuMsPerRequest?: number;
}

export interface LoadTestResult {
  readonly url: string;
  readonly latencyTargetMs: number;
  readonly percentile: string;
  readonly instances: number;
  readonly steps: LoadStep[];
  /** The fastest step within the target, if any. */
  readonly atTarget?: LoadStep;
  /** Requests/s one instance serves within the target. */
  readonly perInstanceRequestsPerSecond?: number;
  /** Where it ran. */
  readonly measuredOn: MeasuredOn;
  /** The server's CPU milliseconds per request at the target step, when measured. */
  readonly serverCpuMsPerRequest?: number;
}

/**
 * CPU seconds (user + system) used so far by the live processes of a process group, from
 * `/proc` (Linux); undefined elsewhere. The CPU of processes that already exited is not counted.
 */
export function processGroupCpuSeconds(pgid: number): number | undefined {
  if (!fs.existsSync('/proc/self/stat')) return undefined;
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf-8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // after the command: state(0) ppid(1) pgrp(2) ... utime(11) stime(12)
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process exited meanwhile
    }
  }
  return ticks / 100; // USER_HZ, 100 on Linux
}

/** Which machine a URL's figures come from. */
export function measuredOn(url: string): MeasuredOn {
  const host = new URL(url).hostname;
  if (['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    const cpus = os.cpus();
    return { local: true, host: os.hostname(), cpuModel: cpus[0]?.model.trim(), cores: cpus.length };
  }
  return { local: false, host };
}

const PERCENTILES = ['p50', 'p90', 'p97_5', 'p99'];

/**
 * Drives a URL with autocannon in steps of growing concurrency and reports requests/s and
 * latency percentiles; stops at the first step that misses the latency target.
 */
export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestResult> {
  const connections = options.connections ?? [1, 2, 4, 8, 16];
  const duration = options.durationSeconds ?? 10;
  const target = options.latencyTargetMs ?? 200;
  const percentile = options.percentile ?? 'p99';
  const instances = options.instances ?? 1;
  const maxErrorRate = options.maxErrorRate ?? 0.01;
  const problems: string[] = [];
  if (!/^https?:\/\/[^\s]+$/.test(options.url)) problems.push(`url (${options.url}) must be an http(s) URL`);
  if (connections.length === 0 || connections.some((c) => !Number.isInteger(c) || c < 1)) problems.push(`connections (${connections.join(',')}) must be whole numbers >= 1`);
  if (!(duration > 0)) problems.push(`durationSeconds (${duration}) must be > 0`);
  if (!(target > 0)) problems.push(`latencyTargetMs (${target}) must be > 0`);
  if (!PERCENTILES.includes(percentile)) problems.push(`percentile (${percentile}) must be one of ${PERCENTILES.join(', ')}`);
  if (!Number.isInteger(instances) || instances < 1) problems.push(`instances (${instances}) must be a whole number >= 1`);
  if (problems.length > 0) throw new Error(`load test: ${problems.join('; ')}`);

  const steps: LoadStep[] = [];
  for (const c of connections) {
    const cpuBefore = options.serverCpuSeconds?.();
    const r = await autocannon({
      url: options.url,
      connections: c,
      duration,
      method: (options.method ?? 'GET') as autocannon.Request['method'],
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    const requests = r.requests.total;
    const latency = r.latency as unknown as Record<string, number>;
    const failed = r.errors + r.non2xx;
    const cpuAfter = options.serverCpuSeconds?.();
    const cpuMs = cpuBefore !== undefined && cpuAfter !== undefined && requests > 0 ? ((cpuAfter - cpuBefore) * 1000) / requests : undefined;
    const step: LoadStep = {
      connections: c,
      requests,
      durationSeconds: r.duration,
      requestsPerSecond: requests / Math.max(r.duration, 0.001),
      latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max },
      errors: r.errors,
      non2xx: r.non2xx,
      withinTarget: requests > 0 && latency[percentile] <= target && failed <= maxErrorRate * Math.max(requests, 1),
      ...(cpuMs !== undefined ? { serverCpuMsPerRequest: cpuMs } : {}),
    };
    steps.push(step);
    if (!step.withinTarget) break;
  }
  const within = steps.filter((s) => s.withinTarget);
  const atTarget = within.length > 0 ? within.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a)) : undefined;
  return {
    url: options.url,
    latencyTargetMs: target,
    percentile,
    instances,
    steps,
    atTarget,
    perInstanceRequestsPerSecond: atTarget ? atTarget.requestsPerSecond / instances : undefined,
    measuredOn: measuredOn(options.url),
    ...(atTarget?.serverCpuMsPerRequest !== undefined ? { serverCpuMsPerRequest: atTarget.serverCpuMsPerRequest } : {}),
  };
}

/** The load test as a terminal table. */
export function renderLoadTest(r: LoadTestResult): string {
  const cpu = r.steps.some((s) => s.serverCpuMsPerRequest !== undefined);
  const rows = [['connections', 'requests/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', ...(cpu ? ['CPU ms/request'] : []),
    `${r.percentile} <= ${r.latencyTargetMs} ms`]];
  for (const s of r.steps) {
    rows.push([String(s.connections), s.requestsPerSecond.toFixed(1), String(s.latencyMs.p50), String(s.latencyMs.p90),
      String(s.latencyMs.p99), String(s.latencyMs.max), String(s.errors), String(s.non2xx),
      ...(cpu ? [s.serverCpuMsPerRequest !== undefined ? s.serverCpuMsPerRequest.toFixed(3) : '-'] : []), s.withinTarget ? 'yes' : 'no']);
  }
  const m = r.measuredOn;
  const where = m.local
    ? `Measured on this machine (${m.host}, ${m.cores} x ${m.cpuModel}): NOT an instance of the planned type. These figures only`
      + ' compare versions of the app; for the plan, load test the deployed idle environment (ebkit-cost loadtest <idle environment URL>'
      + ' --instances <its instance count>)'
    : `Measured on the deployed target ${m.host} (${r.instances} instance(s) behind it): the instance type that will serve`;
  const out = [`Load test of ${r.url} (${r.instances} instance(s))`, where, '', ...columns(rows, [0, 1, 2, 3, 4, 5, 6, 7, ...(cpu ? [8] : [])]), ''];
  out.push(r.perInstanceRequestsPerSecond !== undefined
    ? `Throughput within the target: ${r.atTarget!.requestsPerSecond.toFixed(1)} requests/s at ${r.atTarget!.connections} connection(s); per instance ${r.perInstanceRequestsPerSecond.toFixed(1)} requests/s`
      + (r.serverCpuMsPerRequest !== undefined ? `; server CPU ${r.serverCpuMsPerRequest.toFixed(3)} ms a request` : '')
    : 'No step kept the latency target: the instance type is too small for the target, or the URL fails');
  return out.join('\n') + '\n';
}
