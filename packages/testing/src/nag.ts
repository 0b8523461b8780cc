import { PolicyViolation } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** The rule packs every ebkit construct is held to. */
export function nagPacks(): NagPack[] {
  return [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks()];
}

/** One finding: `<pack> <rule> <construct path>: <description>`. */
export interface NagFinding {
  readonly pack: string;
  readonly ruleName: string;
  readonly constructPath: string;
  readonly description: string;
}

/**
 * Runs the AwsSolutions, HIPAA Security and NIST 800-53 rev 5 packs over a
 * construct tree and returns every finding that is not acknowledged with
 * `Validations.of(construct).acknowledge({ id, reason })`.
 */
export function nagFindings(scope: IConstruct, packs: NagPack[] = nagPacks()): NagFinding[] {
  const findings: NagFinding[] = [];
  for (const pack of packs) {
    const report = pack.validateScope(scope);
    for (const violation of report.violations as PolicyViolation[]) {
      for (const resource of violation.violatingResources) {
        findings.push({
          pack: pack.name,
          ruleName: violation.ruleName,
          constructPath: resource.constructPath ?? resource.resourceLogicalId ?? '(unknown)',
          description: violation.description,
        });
      }
    }
  }
  return findings;
}

/** Renders findings one a line, for a readable test failure. */
export function formatNagFindings(findings: NagFinding[]): string {
  return findings.map((f) => `${f.pack} ${f.ruleName} ${f.constructPath}: ${f.description}`).join('\n');
}
