#!/usr/bin/env node
// `npm run bench`, last phase: "fresh clone to synthesized architecture".
// Clones the committed HEAD of this checkout into a temporary directory and times the main command
// a new user runs there (`npm ci && npm run synth`): wall time, peak RSS of the largest process (what
// /usr/bin/time -v reports as "Maximum resident set size") and peak RSS of the whole process tree
// (every descendant's RSS summed, sampled from /proc every 100 ms). Figures only, no assertion.
// The clone has its own nx cache (.nx/cache inside it), so nothing is replayed from this checkout.
//   node tools/bench-fresh-clone.js [--write] [--keep]
// --write replaces the "Fresh clone" section of docs/benchmarks.md; --keep leaves the clone on disk.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SECTION = '## Fresh clone to synthesized architecture';
// The same measurement (/usr/bin/time -v around `npm ci && npm run synth` in a fresh clone, nx cache
// inside the clone) of faf16a6, the last commit whose main command compiled seven packages with jsii
// before the synth: kept for comparison, it cannot be re-measured from later commits.
const BEFORE = [
  'Before (faf16a6, 2026-12-04, node v20.20.2, 2 cores, load average ~16): the synth waited for the jsii',
  'compile of every package: 506.5 s wall, 220.8 s CPU (178.9 user + 41.9 sys), 1264 MB peak RSS of the',
  'largest process (jsii), 315 lines of output with the Node end-of-life banner 6 times. The same',
  'machine and load gave the after figures of the first measurement: 239.7 s wall, 685 MB largest process.',
];

function descendants(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch { /* the process ended meanwhile */ }
  }
  const all = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.pop();
    all.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return all;
}

function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function run(dir, command) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' };
    delete env.NX_CACHE_DIRECTORY;
    // /usr/bin/time reports the largest single process; the sampler sums the tree.
    const time = fs.existsSync('/usr/bin/time') ? ['/usr/bin/time', ['-f', 'maxrss_kb=%M cpu_s=%U %S', 'bash', '-c', command]] : ['bash', ['-c', command]];
    const start = process.hrtime.bigint();
    const child = spawn(time[0], time[1], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    let treePeakKb = 0;
    let largestKb = 0;
    const timer = setInterval(() => {
      const pids = descendants(child.pid);
      const sizes = pids.map(rssKb);
      treePeakKb = Math.max(treePeakKb, sizes.reduce((a, b) => a + b, 0));
      largestKb = Math.max(largestKb, ...sizes);
    }, 100);
    child.on('close', (code) => {
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) {
        reject(new Error(`'${command}' failed in ${dir} (exit ${code}):\n${out.slice(-4000)}\n${err.slice(-4000)}`));
        return;
      }
      const m = /maxrss_kb=(\d+) cpu_s=([\d.]+) ([\d.]+)/.exec(err);
      resolve({ ms, largestKb: m ? Number(m[1]) : largestKb, cpuS: m ? Number(m[2]) + Number(m[3]) : undefined, treePeakKb, out });
    });
  });
}

async function main() {
  const write = process.argv.includes('--write');
  const keep = process.argv.includes('--keep');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-fresh-'));
  try {
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, dir], { stdio: 'inherit' });
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    const install = await run(dir, 'npm ci --no-audit --no-fund');
    const synth = await run(dir, 'npm run synth');
    const stacks = /(\d+) stacks, (\d+) resources/.exec(synth.out);
    const mb = (kb) => `${Math.round(kb / 1024)} MB`;
    const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
    const cpu = (m) => (m.cpuS === undefined ? '-' : `${m.cpuS.toFixed(1)} s`);
    const lines = [
      SECTION,
      '',
      `Clone of ${head}, \`npm ci && npm run synth\` (node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end).`,
      '',
      '| phase | wall time | CPU time (user + sys) | peak RSS, largest process | peak RSS, process tree |',
      '|---|---|---|---|---|',
      `| npm ci | ${s(install.ms)} | ${cpu(install)} | ${mb(install.largestKb)} | ${mb(install.treePeakKb)} |`,
      `| npm run synth (assets, synth from TypeScript sources, cost report) | ${s(synth.ms)} | ${cpu(synth)} | ${mb(synth.largestKb)} | ${mb(synth.treePeakKb)} |`,
      `| **fresh clone to synthesized architecture** | **${s(install.ms + synth.ms)}** | **${install.cpuS === undefined ? '-' : `${(install.cpuS + synth.cpuS).toFixed(1)} s`}** | **${mb(Math.max(install.largestKb, synth.largestKb))}** | **${mb(Math.max(install.treePeakKb, synth.treePeakKb))}** |`,
      '',
      'Wall time depends on what else the machine runs (load average above); CPU time much less.',
      '',
      stacks ? `Synthesized: ${stacks[1]} stacks, ${stacks[2]} resources.` : 'Synthesized: (no summary line found)',
      '',
      ...BEFORE,
    ];
    console.log(lines.join('\n'));
    if (write) {
      const file = path.join(ROOT, 'docs', 'benchmarks.md');
      const doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
      const at = doc.indexOf(SECTION);
      const next = at < 0 ? -1 : doc.indexOf('\n## ', at + SECTION.length);
      const before = at < 0 ? doc.trimEnd() : doc.slice(0, at).trimEnd();
      const after = next < 0 ? '' : doc.slice(next).trimEnd();
      fs.writeFileSync(file, `${[before, lines.join('\n'), after].filter(Boolean).join('\n\n')}\n`);
    }
  } finally {
    if (keep) {
      console.log(`clone kept in ${dir}`);
    } else {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
