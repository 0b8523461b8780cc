/**
 * `npm run bench`: prints what the main command and synth cost on this
 * machine. Figures only: nothing here asserts a timing.
 *
 * 1. the main command's phases on a warm checkout (build, synth, validation)
 * 2. synth wall time and peak memory of one app holding 1, 4 and 16 copies of
 *    the whole platform, ours and the same architecture written with raw
 *    aws-cdk-lib resources (src/bench/raw-architecture.ts), and their ratio
 * 3. a no-op nx re-run (everything cached)
 *
 * With `--write`, the table is also written to docs/benchmarks.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const APP_DIR = path.resolve(__dirname, '..', '..');
const ROOT = path.resolve(APP_DIR, '..', '..');
const NX = path.join(ROOT, 'node_modules', '.bin', 'nx');

interface Measure { readonly ms: number; readonly maxRssMb?: number; readonly resources?: number }

function timeCommand(cmd: string, args: string[], cwd: string): Measure {
  const start = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  }
  return { ms: Math.round(ms) };
}

function synthCopies(kind: 'ours' | 'raw', copies: number): Measure {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'synth-copies.js'), kind, String(copies)], { cwd: APP_DIR, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function median(values: Measure[]): Measure {
  const sorted = [...values].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor(sorted.length / 2)];
}

function main() {
  const runs = Number(process.env.BENCH_RUNS ?? '3');
  const lines: string[] = [];
  const say = (line = '') => {
    lines.push(line);
    console.log(line);
  };

  say(`Machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`);
  say(`Date: ${new Date().toISOString().slice(0, 10)}; median of ${runs} runs where marked`);
  say();
  say('## Main command phases (warm checkout)');
  say();
  say('| phase | wall time |');
  say('|---|---|');
  const build = timeCommand(NX, ['run-many', '-t', 'compile', '--skip-nx-cache'], ROOT);
  say(`| build: compile every package and the app (uncached) | ${(build.ms / 1000).toFixed(1)} s |`);
  const synth = timeCommand(path.join(ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '--no-notices'], APP_DIR);
  say(`| synth: cdk synth of the reference app, rule packs included | ${(synth.ms / 1000).toFixed(1)} s |`);
  const python = path.join(ROOT, '.venv', 'bin', 'python');
  if (fs.existsSync(python)) {
    const gates = timeCommand(python, [path.join(ROOT, 'tools', 'gates', 'check_templates.py'), path.join(APP_DIR, 'cdk.out')], ROOT);
    say(`| validation: cfn-lint + checkov over every template | ${(gates.ms / 1000).toFixed(1)} s |`);
  } else {
    say('| validation: cfn-lint + checkov | not measured (run `bash tools/setup-python.sh`) |');
  }
  say();
  say('## Synth of one app holding N copies of the platform (no rule packs)');
  say();
  say('| copies | ours: time | ours: peak RSS | ours: resources | raw: time | raw: peak RSS | raw: resources | ours / raw time |');
  say('|---|---|---|---|---|---|---|---|');
  const ours: Record<number, Measure> = {};
  for (const copies of [1, 4, 16]) {
    const n = copies === 16 ? Math.min(runs, 1) : runs;
    const o = median(Array.from({ length: n }, () => synthCopies('ours', copies)));
    const r = median(Array.from({ length: n }, () => synthCopies('raw', copies)));
    ours[copies] = o;
    say(`| ${copies} | ${(o.ms / 1000).toFixed(2)} s | ${o.maxRssMb} MB | ${o.resources} | ${(r.ms / 1000).toFixed(2)} s | ${r.maxRssMb} MB | ${r.resources} | ${(o.ms / r.ms).toFixed(2)} |`);
  }
  say();
  say(`16 copies / 1 copy (ours): ${(ours[16].ms / ours[1].ms).toFixed(1)}x time, ${(ours[16].maxRssMb! / ours[1].maxRssMb!).toFixed(1)}x memory`);
  say();
  say('## No-op re-run');
  say();
  const noop = median(Array.from({ length: runs }, () => timeCommand(NX, ['run-many', '-t', 'compile'], ROOT)));
  say(`\`nx run-many -t compile\` with everything cached: ${(noop.ms / 1000).toFixed(2)} s`);

  if (process.argv.includes('--write')) {
    const doc = [
      '# Benchmarks',
      '',
      'Measured by `npm run bench` (apps/reference/src/bench/run.ts). Figures, not assertions:',
      'goals are ours within 1.5x of raw aws-cdk-lib for the same resources, 16 copies under 10x',
      'one copy, and a no-op re-run under 2 s.',
      '',
      ...lines,
      '',
    ].join('\n');
    fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), doc);
  }
}

main();
