import { App, Stack, Validations } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { formatPreflightFindings, preflightFindings } from '../src';

/** A zone with a CAA record whose tag Route 53 refuses at deploy time ('issuer' is not a CAA tag). */
function plantedCaa(tag: string) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const record = new route53.CfnRecordSet(stack, 'Caa', {
    hostedZoneId: zone.hostedZoneId, name: 'example.com.', type: 'CAA', ttl: '300', resourceRecords: [`0 ${tag} "amazon.com"`],
  });
  return { stack, record };
}

describe('preflightFindings (cdk-preflight, enforce mode)', () => {
  test('fails on a planted deploy-time defect, naming the rule and the construct', () => {
    const findings = preflightFindings(plantedCaa('issuer').stack);
    expect(findings).toEqual([expect.objectContaining({ ruleName: 'pf-route53-caa-tag-enum', constructPath: 'Stack/Caa' })]);
    expect(formatPreflightFindings(findings)).toMatch(/^pf-route53-caa-tag-enum Stack\/Caa: The CAA tag 'issuer' is not one of/);
  });

  test('passes the same template without the defect', () => {
    expect(preflightFindings(plantedCaa('issue').stack)).toEqual([]);
  });

  test('leaves out a finding acknowledged on its construct', () => {
    const { stack, record } = plantedCaa('issuer');
    Validations.of(record).acknowledge({ id: 'cdk-preflight::pf-route53-caa-tag-enum', reason: 'test: acknowledgement is the subject' });
    expect(preflightFindings(stack)).toEqual([]);
  });

  test('throws errors that are not findings', () => {
    const stack = new Stack(new App(), 'Stack');
    const bucket = new s3.Bucket(stack, 'Bucket');
    bucket.node.addValidation({ validate: () => ['not a preflight finding'] });
    expect(() => preflightFindings(stack)).toThrow(/not a preflight finding/);
  });
});
