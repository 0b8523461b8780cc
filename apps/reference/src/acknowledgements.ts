import * as fs from 'node:fs';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** One acknowledged security finding: where, which rule, and why. */
export interface Acknowledgement {
  readonly constructPath: string;
  readonly ruleId: string;
  readonly reason: string;
}

/** The file the report lives in, kept in step by a test. */
export const REPORT_FILE = path.join(__dirname, '..', '..', '..', 'docs', 'security-acknowledgements.md');

/** Every `Validations.of(x).acknowledge(...)` in a construct tree. */
export function collectAcknowledgements(scope: IConstruct): Acknowledgement[] {
  const found: Acknowledgement[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
        continue;
      }
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ constructPath: construct.node.path, ruleId: id.replace(/^[^:]+::/, ''), reason });
      }
    }
  }
  return found.sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.constructPath.localeCompare(b.constructPath));
}

/** The Markdown report: one table row per acknowledgement, grouped by rule. */
export function renderAcknowledgements(acks: Acknowledgement[]): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rules = new Set(acks.map((a) => a.ruleId));
  return [
    '# Security acknowledgements',
    '',
    'Generated from the reference architecture by `npm run docs` (apps/reference/src/acknowledgements.ts);',
    'a test fails when this file is out of date. Every finding of the AwsSolutions, HIPAA Security and',
    'NIST 800-53 rev 5 rule packs that is not fixed is acknowledged on the construct that causes it,',
    'with the reason below. Anything else fails the synth.',
    '',
    `${acks.length} acknowledgements of ${rules.size} rules.`,
    '',
    '| rule | construct | reason |',
    '|---|---|---|',
    ...acks.map((a) => `| ${a.ruleId} | \`${a.constructPath}\` | ${escape(a.reason)} |`),
    '',
  ].join('\n');
}

/* istanbul ignore next: the command-line entry point */
if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { App } = require('aws-cdk-lib');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ReferenceArchitecture } = require('./reference-architecture');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { productionConfig } = require('./config');
  const app = new App();
  new ReferenceArchitecture(app, productionConfig({}));
  fs.mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
  fs.writeFileSync(REPORT_FILE, renderAcknowledgements(collectAcknowledgements(app)));
  console.log(`wrote ${path.relative(process.cwd(), REPORT_FILE)}`);
}
