import * as fs from 'fs';
import * as path from 'path';
import { Stage } from 'aws-cdk-lib';
import { Preflight, PreflightOptions } from 'cdk-preflight';
import { IConstruct } from 'constructs';

/**
 * cdk-preflight: CloudFormation constraints that resource schemas miss (Rego
 * rules evaluated by the validation engine aws-cdk-lib bundles), run in
 * enforce mode: a violation fails the synth. The same options in the package
 * tests and in the reference app's synth.
 */
export const PREFLIGHT_OPTIONS: PreflightOptions = { enforce: true };

/** Registers cdk-preflight in enforce mode on an app or stage (before its first synth). */
export function applyPreflight(stage: Stage, options: PreflightOptions = {}): void {
  Preflight.apply(stage, { ...PREFLIGHT_OPTIONS, ...options, enforce: true });
}

/** One cdk-preflight violation. */
export interface PreflightFinding {
  readonly ruleName: string;
  readonly constructPath: string;
  readonly description: string;
}

/**
 * Synthesizes the app of `scope` with cdk-preflight in enforce mode and
 * returns its violations (empty when the templates pass). Call it on an app
 * that has not been synthesized yet. Errors other than a failed validation
 * are thrown. The first run in a process loads the rule engine (seconds);
 * later ones are fast.
 */
export function preflightFindings(scope: IConstruct, options: PreflightOptions = {}): PreflightFinding[] {
  const stage = scope.node.root;
  if (!Stage.isStage(stage)) {
    throw new Error(`preflightFindings: the root of ${scope.node.path} is not an App or Stage`);
  }
  applyPreflight(stage, options);
  const report = path.join(stage.outdir, 'validation-report.json');
  fs.rmSync(report, { force: true });
  const consoleError = console.error;
  // aws-cdk-lib prints the report before it throws; the findings are returned instead
  console.error = () => undefined;
  try {
    stage.synth({ force: true });
  } catch (e) {
    // a failed policy validation points to its report; anything else (construct validations too) is not a finding
    if (!/A copy of this report can be found in/.test((e as Error).message) || !fs.existsSync(report)) {
      throw e;
    }
  } finally {
    console.error = consoleError;
  }
  if (!fs.existsSync(report)) {
    return [];
  }
  const findings: PreflightFinding[] = [];
  for (const plugin of JSON.parse(fs.readFileSync(report, 'utf8')).pluginReports ?? []) {
    if (plugin.pluginName !== 'cdk-preflight') {
      continue;
    }
    for (const violation of plugin.violations ?? []) {
      for (const construct of violation.violatingConstructs ?? []) {
        findings.push({ ruleName: violation.ruleName, constructPath: construct.constructPath, description: violation.description });
      }
    }
  }
  return findings;
}

/** Renders findings one a line, for a readable test failure. */
export function formatPreflightFindings(findings: PreflightFinding[]): string {
  return findings.map((f) => `${f.ruleName} ${f.constructPath}: ${f.description}`).join('\n');
}
