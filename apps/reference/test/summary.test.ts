import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DEFAULT_PROFILE, renderSummary, report, summarizeAssembly } from '../src/summary';

describe('summary', () => {
  test('counts the resources of every stack by type', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const one = new Stack(app, 'One', { stackName: 'one' });
    new s3.CfnBucket(one, 'A');
    new s3.CfnBucket(one, 'B');
    new sns.CfnTopic(new Stack(app, 'Two'), 'T');
    app.synth();
    // WHEN
    const stacks = summarizeAssembly(outdir);
    // THEN
    expect(stacks).toEqual([
      expect.objectContaining({ stackName: 'one', resourceCount: 2, resourcesByType: { 'AWS::S3::Bucket': 2 } }),
      expect.objectContaining({ stackName: 'Two', resourceCount: 1, resourcesByType: { 'AWS::SNS::Topic': 1 } }),
    ]);
    expect(renderSummary(stacks)).toMatch(/^2 stacks, 3 resources\n\none \(One.template.json\): 2 resources\n {4}2 {2}AWS::S3::Bucket/);
  });

  test('fails when the directory is not a cloud assembly', () => {
    expect(() => summarizeAssembly(os.tmpdir())).toThrow(/no manifest.json: not a cloud assembly/);
  });
});

describe('report', () => {
  test('prints the summary and the monthly cost split, and writes the cost report and diagram next to the templates', () => {
    // GIVEN a synthesized app holding a NAT gateway (a fixed cost)
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Net', { env: { account: '123456789012', region: 'us-east-1' } });
    new ec2.CfnNatGateway(stack, 'Nat', { subnetId: 'subnet-1' });
    app.synth();
    // WHEN
    const text = report(outdir, DEFAULT_PROFILE);
    // THEN
    expect(text).toMatch(/^1 stacks, 1 resources/);
    expect(text).toMatch(/Estimated monthly cost \(us-east-1, prices as of [0-9-]+.*\): fixed USD [0-9.,]+ \+ usage USD [0-9.,]+ = USD [0-9.,]+/);
    for (const file of ['cost-estimate.md', 'cost-estimate.json', 'architecture.svg', 'architecture.png']) {
      expect(fs.existsSync(path.join(outdir, file))).toBe(true);
    }
  });
});
