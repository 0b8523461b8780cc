import * as path from 'path';
import { formatPreflightFindings, preflightFindings } from '@ebkit/testing';
import { App, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AppDomain, CaaRecords, ZoneFile, ZoneRecords } from '../src';

/**
 * cdk-preflight (enforce mode) over the package's constructs: the deploy-time
 * CloudFormation rules find nothing in what they build, and find a defect
 * planted through an escape hatch.
 */
function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

describe('cdk-preflight', () => {
  test('finds nothing in an AppDomain with every feature and records from a zone file', () => {
    const stack = newStack();
    const domain = new AppDomain(stack, 'Domain', {
      domainName: 'example.com', cnamePrefix: 'myapp-prod', maintenancePage: true, dnssec: true, healthCheck: true,
    });
    expect(domain.hostedZone.zoneName).toBe('example.com');
    new ZoneRecords(stack, 'Imported', {
      zone: new route53.PublicHostedZone(stack, 'Org', { zoneName: 'example.org' }),
      zoneFile: ZoneFile.fromFile(path.join(__dirname, 'fixtures', 'example.org.zone')),
    });
    expect(formatPreflightFindings(preflightFindings(stack))).toBe('');
  });

  test('fails on a CAA tag planted through the escape hatch', () => {
    const stack = newStack();
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const caa = new CaaRecords(stack, 'Caa', { zone });
    const record = caa.node.findAll().find((c) => c instanceof route53.CfnRecordSet) as route53.CfnRecordSet;
    record.addPropertyOverride('ResourceRecords', ['0 issuer "amazon.com"']);
    expect(preflightFindings(stack).map((f) => f.ruleName)).toEqual(['pf-route53-caa-tag-enum']);
  });
});
