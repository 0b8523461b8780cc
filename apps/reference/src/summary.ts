import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadUsageProfile, writeReport } from '@ebkit/cost';

/** What one synthesized stack holds. */
export interface StackSummary {
  readonly stackName: string;
  readonly templateFile: string;
  readonly resourceCount: number;
  readonly resourcesByType: Record<string, number>;
}

interface Manifest {
  artifacts?: Record<string, { type: string; properties?: { templateFile?: string; stackName?: string } }>;
}

/** Reads every stack of a cloud assembly directory (`cdk.out`). */
export function summarizeAssembly(dir: string): StackSummary[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`${dir}: no manifest.json: not a cloud assembly (run the synth first)`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const stacks: StackSummary[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) {
      continue;
    }
    const templateFile = artifact.properties.templateFile;
    const template = JSON.parse(fs.readFileSync(path.join(dir, templateFile), 'utf8'));
    const resourcesByType: Record<string, number> = {};
    for (const resource of Object.values<{ Type: string }>(template.Resources ?? {})) {
      resourcesByType[resource.Type] = (resourcesByType[resource.Type] ?? 0) + 1;
    }
    stacks.push({
      stackName: artifact.properties.stackName ?? id,
      templateFile,
      resourceCount: Object.values(resourcesByType).reduce((a, b) => a + b, 0),
      resourcesByType,
    });
  }
  return stacks;
}

/** Renders the summary as a short text report. */
export function renderSummary(stacks: StackSummary[]): string {
  const lines: string[] = [];
  const total = stacks.reduce((n, s) => n + s.resourceCount, 0);
  lines.push(`${stacks.length} stacks, ${total} resources`);
  for (const stack of stacks) {
    lines.push('');
    lines.push(`${stack.stackName} (${stack.templateFile}): ${stack.resourceCount} resources`);
    const types = Object.entries(stack.resourcesByType).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    for (const [type, count] of types) {
      lines.push(`  ${String(count).padStart(3)}  ${type}`);
    }
  }
  return lines.join('\n');
}

/** The usage profile the main command prices the architecture with. */
export const DEFAULT_PROFILE = path.join(__dirname, '..', 'usage-profile.yaml');

/**
 * The main command's report: stacks and resource counts, then the monthly
 * cost estimate (fixed and usage) written next to the templates with the
 * architecture diagram.
 */
export function report(dir: string, profileFile: string = DEFAULT_PROFILE): string {
  const costs = writeReport(dir, loadUsageProfile(profileFile));
  const written = costs.files.map((f) => path.relative(process.cwd(), f)).join(', ');
  return `${renderSummary(summarizeAssembly(dir))}\n\n${costs.summary}\nwritten: ${written}`;
}

/* istanbul ignore next: the command-line entry point */
if (require.main === module) {
  console.log(report(process.argv[2] ?? 'cdk.out', process.argv[3]));
}
