import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
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

/** One acknowledgement: a construct, the rule ids it covers (all packs), one reason. */
export interface GroupedAcknowledgement {
  readonly constructPath: string;
  /** The concern's name when recorded by `Acknowledgements` of @ebkit/core, else `-`. */
  readonly name: string;
  readonly ruleIds: string[];
  readonly reason: string;
}

/** Groups the rule ids acknowledged on one construct with one reason into one acknowledgement. */
export function groupAcknowledgements(scope: IConstruct, acks: Acknowledgement[] = collectAcknowledgements(scope)): GroupedAcknowledgement[] {
  const names = new Map<string, string>();
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === 'ebkit:acknowledgement') {
        names.set(`${construct.node.path}\u0000${entry.data.reason}`, entry.data.name);
      }
    }
  }
  const groups = new Map<string, GroupedAcknowledgement>();
  for (const a of acks) {
    const key = `${a.constructPath}\u0000${a.reason}`;
    const group = groups.get(key) ?? { constructPath: a.constructPath, name: names.get(key) ?? '-', ruleIds: [], reason: a.reason };
    if (!group.ruleIds.includes(a.ruleId)) {
      group.ruleIds.push(a.ruleId);
    }
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name) || a.constructPath.localeCompare(b.constructPath));
}

/** IAM Allow statements of the tree whose resource is exactly `*`, and all IAM statements. */
export function wildcardResourceStatements(scope: IConstruct): { wildcard: number; anyWildcard: number; total: number } {
  let wildcard = 0;
  let anyWildcard = 0;
  let total = 0;
  const count = (document: any) => {
    for (const statement of [document?.Statement ?? []].flat()) {
      total++;
      if (statement.Effect === 'Allow' && [statement.Resource ?? []].flat().includes('*')) {
        wildcard++;
      }
      if (statement.Effect === 'Allow' && JSON.stringify(statement.Resource ?? '').includes('*')) {
        anyWildcard++;
      }
    }
  };
  for (const node of scope.node.findAll()) {
    if (node instanceof iam.CfnPolicy || node instanceof iam.CfnManagedPolicy) {
      count(Stack.of(node).resolve(node.policyDocument));
    } else if (node instanceof iam.CfnRole) {
      for (const policy of Stack.of(node).resolve(node.policies) ?? []) {
        count(Stack.of(node).resolve(policy.policyDocument));
      }
    }
  }
  return { wildcard, anyWildcard, total };
}

/** Figures of the reference architecture at faf16a6, before issue 14 (measured on its synthesized templates and this report). */
export const BEFORE = { wildcardStatements: 14, anyWildcardStatements: 51, statements: 95, acknowledgements: 213, ruleIds: 70 };

/** The Markdown report: one table row per acknowledgement (one reason, every rule pack it covers). */
export function renderAcknowledgements(acks: Acknowledgement[], grouped?: GroupedAcknowledgement[],
  iamFigures?: { wildcard: number; anyWildcard: number; total: number }): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = grouped ?? acks.map((a) => ({ constructPath: a.constructPath, name: '-', ruleIds: [a.ruleId], reason: a.reason }));
  const rules = new Set(acks.map((a) => a.ruleId.replace(/\[.*$/, '')));
  return [
    '# Security acknowledgements',
    '',
    'Generated from the reference architecture by `npm run docs` (apps/reference/src/acknowledgements.ts);',
    'a test fails when this file is out of date. Every finding of the AwsSolutions, HIPAA Security and',
    'NIST 800-53 rev 5 rule packs that is not fixed is acknowledged on the CloudFormation resource that causes it,',
    'at construction time, with the reason below (`Acknowledgements` of @ebkit/core: one named concern, one reason,',
    'every pack). IAM wildcards are acknowledged by finding (appliesTo). Anything else fails the synth.',
    '',
    ...(iamFigures ? [
      '| figure | before (faf16a6) | now |',
      '|---|---|---|',
      `| IAM Allow statements with a \`*\` resource | ${BEFORE.wildcardStatements} of ${BEFORE.statements} | ${iamFigures.wildcard} of ${iamFigures.total} |`,
      `| IAM Allow statements with a resource containing \`*\` | ${BEFORE.anyWildcardStatements} | ${iamFigures.anyWildcard} |`,
      `| acknowledgements (one reason each) | ${BEFORE.acknowledgements} (one per rule id and construct) | ${rows.length} |`,
      `| distinct rule ids acknowledged | ${BEFORE.ruleIds} | ${new Set(acks.map((a) => a.ruleId)).size} |`,
      '',
    ] : []),
    `${rows.length} acknowledgements of ${acks.length} rule ids (${rules.size} rules).`,
    '',
    '| acknowledgement | construct | rule ids | reason |',
    '|---|---|---|---|',
    ...rows.map((a) => `| ${a.name} | \`${a.constructPath}\` | ${a.ruleIds.map(escape).join('<br>')} | ${escape(a.reason)} |`),
    '',
  ].join('\n');
}

/** The report of a whole tree. */
export function reportOf(scope: IConstruct): string {
  const acks = collectAcknowledgements(scope);
  return renderAcknowledgements(acks, groupAcknowledgements(scope, acks), wildcardResourceStatements(scope));
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
  fs.writeFileSync(REPORT_FILE, reportOf(app));
  console.log(`wrote ${path.relative(process.cwd(), REPORT_FILE)}`);
}
