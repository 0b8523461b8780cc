#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { ParseArgsConfig, parseArgs } from 'util';
import * as YAML from 'yaml';
import { Assembly, readAssembly } from './assembly';
import { renderDiagram } from './diagram';
import { diffEstimates, renderDiffMarkdown, renderDiffTable } from './diff';
import { Estimate, estimate } from './estimate';
import { LoadTestResult, processGroupCpuSeconds, renderLoadTest, runLoadTest } from './loadtest';
import { AppProcess, LocalPostgres, POSTGRES_SERVER_CHOICES, startApp, startLocalPostgres } from './local-postgres';
import { applyPlan, planCapacity, renderPlan } from './plan';
import { availableRegions, loadPriceTable } from './prices';
import { UsageProfile, loadUsageProfile } from './profile';
import { renderEnvironments, renderItemized, renderJson, renderMarkdown, renderTable } from './render';

const USAGE = `usage: ebkit-cost <command> [options]

  estimate <cdk.out> --profile <file> [--format table|markdown|itemized|json] [--region <r>] [--allow-unpriced] [--out <file>]
      monthly estimate of every stack, fixed and usage-driven; exits 2 and lists what is not priced
      unless --allow-unpriced (the estimate is printed either way);
      itemized: one Markdown table, same items of a stack merged (the README's worked example)
  diff <cdk.out> [<cdk.out>] --profile <file> [--profile <file>] [--format table|markdown|json] [--region <r>] [--allow-unpriced]
      two assemblies under one profile, or one assembly under two profiles, side by side; exit 2 as estimate
  loadtest <url> [--connections 1,2,4,8,16] [--duration <s>] [--latency-target <ms>] [--percentile p99]
           [--instances <n>] [--json] [--out <file>] [--start-postgres] [--postgres auto|system|embedded]
           [--app "<command>"] [--app-timeout <ms>]
      drives the URL in steps of growing concurrency; requests/s and latency at the target;
      --start-postgres starts a throwaway PostgreSQL on 127.0.0.1 (the installed server, else the
      embedded one; --postgres or EBKIT_POSTGRES forces either and implies --start-postgres),
      --app starts the app (PORT and DATABASE_URL set) and waits for the URL; both are stopped afterwards
  plan --peak-rps <n> (--per-instance-rps <n> | --loadtest <result.json>) [--average-rps <n>] [--utilization 0.7]
       [--min-floor 2] [--peak-hours <h>] [--profile <file>] [--environment <name>...] [--out <profile.yaml>]
       [--cdk-out <dir>] [--format table|markdown|itemized|json] [--allow-unpriced]
       [--instance-type <t>] [--cpu-ms-per-request <ms>]
      min/max instances from measured throughput; for a burstable type (t3, t4g) the CPU credits at
      the planned load (CPU per request from the load test of --app, or given); writes the plan into
      a profile and estimates with it (instance type: --instance-type, else the environment's in --cdk-out)
  diagram <cdk.out> --out <dir>
      architecture.svg and architecture.png from the templates
  prices [--region <r>]
      regions with a price table, or the figures of one region
`;

/** Something the user got wrong: printed with the usage, exit code 1. */
class UsageError extends Error {}

/**
 * Runs the CLI with the given arguments (without `node` and the script).
 *
 * @returns the exit code: 0 ok, 1 bad input, 2 something is not priced (and `--allow-unpriced` was not given)
 */
export async function main(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'estimate': return estimateCommand(rest, write);
      case 'diff': return diffCommand(rest, write);
      case 'loadtest': return await loadtestCommand(rest, write);
      case 'plan': return planCommand(rest, write);
      case 'diagram': return diagramCommand(rest, write);
      case 'prices': return pricesCommand(rest, write);
      case undefined: case 'help': case '--help': case '-h':
        write(USAGE);
        return command === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    const message = (e as Error).message;
    write(`ebkit-cost: ${message}\n${e instanceof UsageError ? `\n${USAGE}` : ''}`);
    return 1;
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

function parse<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} (${value}) must be a number`);
  return n;
}

const ESTIMATE_FORMATS = ['table', 'markdown', 'itemized', 'json'];

function format(value: string | undefined, allowed: string[] = ['table', 'markdown', 'json']): string {
  const f = value ?? 'table';
  if (!allowed.includes(f)) throw new UsageError(`--format (${f}) must be ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`);
  return f;
}

function render(e: Estimate, f: string): string {
  return f === 'json' ? renderJson(e) : f === 'markdown' ? renderMarkdown(e) : f === 'itemized' ? renderItemized(e) : renderTable(e);
}

function output(text: string, out: string | undefined, write: (s: string) => void): void {
  if (out) {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, text);
    write(`wrote ${out}\n`);
  } else {
    write(text);
  }
}

function estimateCommand(args: string[], write: (s: string) => void): number {
  const { values, positionals } = parse(args, {
    'profile': { type: 'string' },
    'format': { type: 'string' },
    'region': { type: 'string' },
    'allow-unpriced': { type: 'boolean' },
    'strict': { type: 'boolean' }, // the default since unpriced items fail; kept so existing scripts run
    'out': { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError('estimate takes one cloud assembly directory');
  if (!values.profile) throw new UsageError('estimate needs --profile <file>');
  const f = format(values.format, ESTIMATE_FORMATS);
  const e = estimate(readAssembly(positionals[0]), loadUsageProfile(values.profile), { region: values.region });
  output(render(e, f), values.out, write);
  return gaps([e], values['allow-unpriced'], write);
}

/**
 * Exit code 2, listing every item no price covers, unless the user accepts the gaps: an estimate
 * with unpriced items is smaller than the bill, and must not pass for a complete one.
 */
function gaps(estimates: Estimate[], allowed: boolean | undefined, write: (s: string) => void): number {
  const items = estimates.flatMap((e) => e.notPriced.map((n) => ({ ...n, region: e.region })));
  if (items.length === 0) return 0;
  const seen = new Set<string>();
  const lines = items.map((n) => `  ${n.stack}/${n.resource}: ${n.reason}`).filter((l) => !seen.has(l) && seen.add(l));
  if (allowed) {
    write(`ebkit-cost: warning: ${lines.length} item(s) not priced and not included (--allow-unpriced)\n`);
    return 0;
  }
  write(`ebkit-cost: ${lines.length} item(s) not priced, so the total is short of the bill:\n${lines.join('\n')}\n`
    + 'ebkit-cost: price them (a price table with a source and date for each rate), or pass --allow-unpriced to accept the gap\n');
  return 2;
}

function diffCommand(args: string[], write: (s: string) => void): number {
  const { values, positionals } = parse(args, {
    'profile': { type: 'string', multiple: true },
    'format': { type: 'string' },
    'region': { type: 'string' },
    'out': { type: 'string' },
    'allow-unpriced': { type: 'boolean' },
  });
  const profiles = values.profile ?? [];
  const f = format(values.format);
  let labels: string[];
  let pairs: Array<[string, string]>;
  if (positionals.length === 2 && profiles.length === 1) {
    labels = positionals.map((p) => path.basename(path.resolve(p)));
    pairs = [[positionals[0], profiles[0]], [positionals[1], profiles[0]]];
  } else if (positionals.length === 1 && profiles.length === 2) {
    labels = profiles.map((p) => path.basename(p).replace(/\.(ya?ml|json)$/i, ''));
    pairs = [[positionals[0], profiles[0]], [positionals[0], profiles[1]]];
  } else {
    throw new UsageError('diff compares two assemblies under one --profile, or one assembly under two --profile files');
  }
  if (labels[0] === labels[1]) labels = ['before', 'after'];
  const [a, b] = pairs.map(([dir, profile]) => estimate(readAssembly(dir), loadUsageProfile(profile), { region: values.region }));
  const d = diffEstimates(a, b, labels);
  output(f === 'json' ? JSON.stringify(d, null, 2) + '\n' : f === 'markdown' ? renderDiffMarkdown(d) : renderDiffTable(d), values.out, write);
  return gaps([a, b], values['allow-unpriced'], write);
}

async function loadtestCommand(args: string[], write: (s: string) => void): Promise<number> {
  const { values, positionals } = parse(args, {
    'connections': { type: 'string' },
    'duration': { type: 'string' },
    'latency-target': { type: 'string' },
    'percentile': { type: 'string' },
    'instances': { type: 'string' },
    'json': { type: 'boolean' },
    'out': { type: 'string' },
    'start-postgres': { type: 'boolean' },
    'postgres': { type: 'string' },
    'app': { type: 'string' },
    'app-timeout': { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError('loadtest takes one URL');
  const url = positionals[0];
  const startPostgres = values['start-postgres'] || values.postgres !== undefined;
  if (values.postgres !== undefined && !POSTGRES_SERVER_CHOICES.includes(values.postgres)) {
    throw new UsageError(`--postgres (${values.postgres}) must be one of ${POSTGRES_SERVER_CHOICES.join(', ')}`);
  }
  if ((values.app || startPostgres) && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url)) {
    throw new UsageError(`--app and --start-postgres run locally: the URL (${url}) must be http://127.0.0.1:<port>/...`);
  }
  const options = {
    url,
    connections: values.connections?.split(',').map((c) => number('connections', c)!),
    durationSeconds: number('duration', values.duration),
    latencyTargetMs: number('latency-target', values['latency-target']),
    percentile: values.percentile,
    instances: number('instances', values.instances),
  };
  let postgres: LocalPostgres | undefined;
  let app: AppProcess | undefined;
  let result: LoadTestResult;
  try {
    if (startPostgres) {
      postgres = await startLocalPostgres({ server: values.postgres });
      write(`PostgreSQL ${postgres.version} started on ${postgres.host}:${postgres.port} (DATABASE_URL=${postgres.url}); server: ${postgres.server.description}\n`);
    }
    if (values.app) {
      app = await startApp(values.app, url, postgres?.env ?? {}, number('app-timeout', values['app-timeout']) ?? 60000);
      write(`app started: ${values.app}\n`);
    }
    const pgid = app?.process.pid;
    result = await runLoadTest({ ...options, ...(pgid !== undefined ? { serverCpuSeconds: () => processGroupCpuSeconds(pgid) } : {}) });
  } finally {
    await app?.stop();
    postgres?.stop();
  }
  write(renderLoadTest(result));
  if (values.json || values.out) {
    output(JSON.stringify(result, null, 2) + '\n', values.out, write);
  }
  return 0;
}

function planCommand(args: string[], write: (s: string) => void): number {
  const { values, positionals } = parse(args, {
    'peak-rps': { type: 'string' },
    'per-instance-rps': { type: 'string' },
    'loadtest': { type: 'string' },
    'average-rps': { type: 'string' },
    'utilization': { type: 'string' },
    'min-floor': { type: 'string' },
    'peak-hours': { type: 'string' },
    'profile': { type: 'string' },
    'environment': { type: 'string', multiple: true },
    'out': { type: 'string' },
    'cdk-out': { type: 'string' },
    'format': { type: 'string' },
    'region': { type: 'string' },
    'allow-unpriced': { type: 'boolean' },
    'instance-type': { type: 'string' },
    'cpu-ms-per-request': { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`plan takes no positional argument (got ${positionals.join(' ')})`);
  const peak = number('peak-rps', values['peak-rps']);
  if (peak === undefined) throw new UsageError('plan needs --peak-rps <requests per second>');
  let perInstance = number('per-instance-rps', values['per-instance-rps']);
  let cpuMs = number('cpu-ms-per-request', values['cpu-ms-per-request']);
  let measured: LoadTestResult | undefined;
  if (values.loadtest) {
    measured = JSON.parse(fs.readFileSync(values.loadtest, 'utf-8')) as LoadTestResult;
    if (perInstance === undefined) {
      perInstance = measured.perInstanceRequestsPerSecond;
      if (perInstance === undefined) throw new Error(`${values.loadtest}: no load test step kept the latency target, nothing to plan from`);
    }
    cpuMs ??= measured.serverCpuMsPerRequest;
  }
  const assembly = values['cdk-out'] ? readAssembly(values['cdk-out']) : undefined;
  const instanceType = values['instance-type'] ?? (assembly ? environmentInstanceType(assembly, values.environment) : undefined);
  if (perInstance === undefined) throw new UsageError('plan needs --per-instance-rps <n> or --loadtest <result.json>');
  const profile: UsageProfile = values.profile ? loadUsageProfile(values.profile) : { name: 'plan' };
  const fromProfile = profile.requests?.perMonth !== undefined ? profile.requests.perMonth / (730 * 3600) : undefined;
  const plan = planCapacity({
    perInstanceRequestsPerSecond: perInstance,
    peakRequestsPerSecond: peak,
    averageRequestsPerSecond: number('average-rps', values['average-rps']) ?? (fromProfile !== undefined ? Math.min(fromProfile, peak) : undefined),
    targetUtilization: number('utilization', values.utilization),
    minInstancesFloor: number('min-floor', values['min-floor']),
    peakHoursPerMonth: number('peak-hours', values['peak-hours']),
    instanceType,
    cpuMsPerRequest: cpuMs,
    priceTable: loadPriceTable(values.region ?? profile.region ?? 'us-east-1'),
  });
  if (measured?.measuredOn?.local) {
    write(`Note: the load test ran on ${measured.measuredOn.host} (${measured.measuredOn.cores} x ${measured.measuredOn.cpuModel}), not on ${instanceType ?? 'the planned instance type'}: `
      + 'its requests/s and CPU per request stand in for one instance until the idle environment is load tested\n');
  }
  write(renderPlan(plan));
  const planned = applyPlan(profile, plan, values.environment);
  if (values.out) {
    output(YAML.stringify(JSON.parse(JSON.stringify(planned))), values.out, write);
  }
  if (values['cdk-out']) {
    write('\n');
    const e = estimate(assembly!, planned, { region: values.region });
    write(renderEnvironments(e));
    write('\n');
    write(render(e, format(values.format, ESTIMATE_FORMATS)));
    return gaps([e], values['allow-unpriced'], write);
  }
  return 0;
}

/** The instance type of the (named, else first) Elastic Beanstalk environment of an assembly. */
function environmentInstanceType(assembly: Assembly, names?: string[]): string | undefined {
  for (const stack of assembly.stacks) {
    for (const [id, r] of Object.entries(stack.template.Resources ?? {})) {
      if (r.Type !== 'AWS::ElasticBeanstalk::Environment') continue;
      const envName = r.Properties?.EnvironmentName;
      if (names && !names.includes(id) && !(typeof envName === 'string' && names.includes(envName))) continue;
      const settings = (r.Properties?.OptionSettings ?? []) as Array<{ Namespace?: string; OptionName?: string; Value?: unknown }>;
      const value = settings.find((o) => o.Namespace === 'aws:ec2:instances' && o.OptionName === 'InstanceTypes')?.Value
        ?? settings.find((o) => o.Namespace === 'aws:autoscaling:launchconfiguration' && o.OptionName === 'InstanceType')?.Value;
      if (typeof value === 'string') return value.split(',')[0].trim();
    }
  }
  return undefined;
}

function diagramCommand(args: string[], write: (s: string) => void): number {
  const { values, positionals } = parse(args, { out: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('diagram takes one cloud assembly directory');
  if (!values.out) throw new UsageError('diagram needs --out <dir>');
  const { svg, png } = renderDiagram(readAssembly(positionals[0]));
  fs.mkdirSync(values.out, { recursive: true });
  fs.writeFileSync(path.join(values.out, 'architecture.svg'), svg);
  fs.writeFileSync(path.join(values.out, 'architecture.png'), png);
  write(`wrote ${path.join(values.out, 'architecture.svg')} and architecture.png\n`);
  return 0;
}

function pricesCommand(args: string[], write: (s: string) => void): number {
  const { values } = parse(args, { region: { type: 'string' } });
  if (!values.region) {
    write(`${availableRegions().join('\n')}\n`);
    return 0;
  }
  const t = loadPriceTable(values.region);
  write(`${t.region} · ${t.currency} · as of ${t.asOf}\n`);
  for (const [key, p] of Object.entries(t.prices)) {
    write(`${key}\t${p.price} / ${p.per && p.per !== 1 ? `${p.per} ` : ''}${p.unit}\t${p.confidence}\t${p.asOf ?? t.asOf}\t${p.source}\n`);
  }
  return 0;
}

/* istanbul ignore next */
if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
