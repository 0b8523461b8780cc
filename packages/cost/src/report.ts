import * as fs from 'fs';
import * as path from 'path';
import { readAssembly } from './assembly';
import { renderDiagram } from './diagram';
import { Estimate, estimate } from './estimate';
import { money } from './private/format';
import { UsageProfile } from './profile';
import { renderJson, renderMarkdown } from './render';

export interface ReportOptions {
  /** Region of the price table. @default - as `estimate` decides */
  readonly region?: string;
  /** Directory the report is written to. @default - the cloud assembly directory */
  readonly outDir?: string;
  /** Also write architecture.svg and architecture.png. @default true */
  readonly diagram?: boolean;
}

export interface Report {
  readonly estimate: Estimate;
  /** One line: the monthly total split into fixed and usage. */
  readonly summary: string;
  /** Files written. */
  readonly files: string[];
}

/** One line with the monthly total, its fixed/usage split, and what is not priced. */
export function summarize(e: Estimate): string {
  const notPriced = e.notPriced.length > 0 ? ` (${e.notPriced.length} item(s) not priced, not included)` : '';
  return `Estimated monthly cost (${e.region}, prices as of ${e.asOf}${e.profile ? `, profile ${e.profile}` : ''}): `
    + `fixed ${e.currency} ${money(e.totals.fixed)} + usage ${e.currency} ${money(e.totals.usage)} = ${e.currency} ${money(e.totals.total)}${notPriced}`;
}

/**
 * Estimates a synthesized app and writes the full report next to its templates:
 * cost-estimate.md, cost-estimate.json and (by default) architecture.svg / architecture.png.
 */
export function writeReport(assemblyDir: string, profile: UsageProfile, options: ReportOptions = {}): Report {
  const assembly = readAssembly(assemblyDir);
  const e = estimate(assembly, profile, { region: options.region });
  const outDir = options.outDir ?? assembly.directory;
  fs.mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, data: string | Buffer) => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, data);
    files.push(file);
  };
  write('cost-estimate.md', renderMarkdown(e));
  write('cost-estimate.json', renderJson(e));
  if (options.diagram ?? true) {
    const { svg, png } = renderDiagram(assembly);
    write('architecture.svg', svg);
    write('architecture.png', png);
  }
  return { estimate: e, summary: summarize(e), files };
}
