import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { createReferenceApp } from '../src/app';

function outdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ref-app-'));
}

describe('createReferenceApp', () => {
  let exitCode: typeof process.exitCode;
  beforeEach(() => {
    exitCode = process.exitCode;
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    process.exitCode = exitCode;
    jest.restoreAllMocks();
  });

  test('fails the synth when a rule pack finds something unacknowledged', () => {
    // GIVEN an unencrypted topic (AwsSolutions-SNS2, SNS3 and HIPAA/NIST encryption rules)
    const dir = outdir();
    const app = createReferenceApp({ outdir: dir });
    new sns.Topic(new Stack(app, 'Stack'), 'Topic');
    // WHEN
    let failed = false;
    try {
      app.synth();
    } catch {
      failed = true;
    }
    // THEN: the synth is interrupted (thrown in memory, or the exit code set for the CLI) and the report names the rule
    expect(failed || process.exitCode === 1).toBe(true);
    const report = fs.readFileSync(path.join(dir, 'validation-report.json'), 'utf8');
    expect(report).toMatch(/AwsSolutions-SNS3/);
  });

  test('passes when the finding is acknowledged with a reason', () => {
    const dir = outdir();
    const app = createReferenceApp({ outdir: dir });
    const topic = new sns.Topic(new Stack(app, 'Stack'), 'Topic', { enforceSSL: true });
    for (const id of ['AwsSolutions-SNS2', 'HIPAA.Security-SNSEncryptedKMS', 'NIST.800.53.R5-SNSEncryptedKMS']) {
      Validations.of(topic).acknowledge({ id, reason: 'test: encryption is not the subject of this test' });
    }
    expect(() => app.synth()).not.toThrow();
    expect(process.exitCode ?? 0).toBe(exitCode ?? 0);
  });

  test('fails the synth when cdk-preflight finds a deploy-time defect', () => {
    // GIVEN a CAA record with a tag Route 53 refuses at deploy time ('issuer')
    const dir = outdir();
    const app = createReferenceApp({ outdir: dir });
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    new route53.CfnRecordSet(stack, 'Caa', {
      hostedZoneId: 'Z1', name: 'example.com.', type: 'CAA', ttl: '300', resourceRecords: ['0 issuer "amazon.com"'],
    });
    // WHEN
    let failed = false;
    try {
      app.synth();
    } catch {
      failed = true;
    }
    // THEN
    expect(failed || process.exitCode === 1).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'validation-report.json'), 'utf8')).toMatch(/pf-route53-caa-tag-enum/);
  });
});
