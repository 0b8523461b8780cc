import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { formatNagFindings, nagFindings, normalizedTemplate } from '../src';

describe('nagFindings', () => {
  test('reports the rules an unprotected bucket breaks', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');
    new s3.CfnBucket(stack, 'Bucket');
    // WHEN
    const findings = nagFindings(stack);
    // THEN
    expect(findings.map((f) => f.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
    expect(new Set(findings.map((f) => f.pack))).toEqual(new Set(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5']));
    expect(formatNagFindings(findings)).toMatch(/AwsSolutions AwsSolutions-S1 Stack\/Bucket: /);
  });

  test('leaves out acknowledged rules', () => {
    const stack = new Stack(new App(), 'Stack');
    const bucket = new s3.CfnBucket(stack, 'Bucket');
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'test: access logs are not the subject here' });
    expect(nagFindings(stack).map((f) => f.ruleName)).not.toContain('AwsSolutions-S1');
  });
});

describe('normalizedTemplate', () => {
  test('replaces asset hashes', () => {
    const stack = new Stack(new App(), 'Stack');
    new s3.CfnBucket(stack, 'Bucket', { bucketName: 'a'.repeat(64) });
    expect(JSON.stringify(normalizedTemplate(stack))).toContain('<asset-hash>');
  });
});
