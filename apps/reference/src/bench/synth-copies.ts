/**
 * Synthesizes one app holding N copies of the whole platform and prints one
 * JSON line: wall time, peak memory and resource count. Run in a fresh
 * process per measurement:
 *
 *   node lib/bench/synth-copies.js ours|raw <copies>
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { productionConfig, ReferenceConfig } from '../config';
import { ReferenceArchitecture } from '../reference-architecture';
import { RawArchitecture } from './raw-architecture';

export type Kind = 'ours' | 'raw';

/** The config of copy `i`: its own names, so copies do not collide. */
export function copyConfig(i: number): ReferenceConfig {
  const base = productionConfig({});
  return {
    ...base,
    name: `ebkit${i}`,
    domainName: `copy${i}.example.com`,
    productionCnamePrefix: `ebkit-copy${i}-prod`,
  };
}

/** Builds an app with `copies` copies of the platform; returns its resource count after synth. */
export function synthCopies(kind: Kind, copies: number, outdir: string): number {
  const app = new App({ outdir });
  for (let i = 1; i <= copies; i++) {
    const scope = new Construct(app, `Copy${i}`);
    if (kind === 'ours') {
      new ReferenceArchitecture(scope, copyConfig(i));
    } else {
      new RawArchitecture(scope, copyConfig(i));
    }
  }
  const assembly = app.synth();
  return assembly.stacks.reduce((n, s) => n + Object.keys((s.template as any).Resources ?? {}).length, 0);
}

/* istanbul ignore next: the benchmark's command-line entry point */
if (require.main === module) {
  const kind = process.argv[2] as Kind;
  const copies = Number(process.argv[3] ?? '1');
  if ((kind !== 'ours' && kind !== 'raw') || !(copies >= 1)) {
    console.error('usage: synth-copies.js ours|raw <copies>');
    process.exit(2);
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${kind}-${copies}-`));
  const start = process.hrtime.bigint();
  const resources = synthCopies(kind, copies, outdir);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  console.log(JSON.stringify({ kind, copies, ms: Math.round(ms), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), resources }));
}
