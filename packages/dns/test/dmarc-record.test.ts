import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { DmarcPolicy, DmarcRecord } from '../src';

function setUp() {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  return { stack, zone };
}

describe('DmarcRecord', () => {
  test('creates the _dmarc record with reports', () => {
    const { stack, zone } = setUp();
    const dmarc = new DmarcRecord(stack, 'Dmarc', {
      zone,
      policy: DmarcPolicy.QUARANTINE,
      subdomainPolicy: DmarcPolicy.REJECT,
      percentage: 50,
      aggregateReportAddresses: ['dmarc@example.com', 'reports@dmarc.example.net'],
      failureReportAddresses: ['forensic@example.com'],
      strictAlignment: true,
    });
    expect(dmarc.value).toBe('v=DMARC1; p=quarantine; sp=reject; pct=50; rua=mailto:dmarc@example.com,mailto:reports@dmarc.example.net; '
      + 'ruf=mailto:forensic@example.com; adkim=s; aspf=s');
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', { Name: '_dmarc.example.com.', Type: 'TXT', ResourceRecords: [`"${dmarc.value}"`] });
  });

  test('writes only the policy by default', () => {
    const { stack, zone } = setUp();
    expect(new DmarcRecord(stack, 'Dmarc', { zone, policy: DmarcPolicy.NONE }).value).toBe('v=DMARC1; p=none');
  });

  test('protects a subdomain', () => {
    const { stack, zone } = setUp();
    new DmarcRecord(stack, 'Dmarc', { zone, policy: DmarcPolicy.REJECT, domainName: 'mail' });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', { Name: '_dmarc.mail.example.com.' });
  });

  test('fails when the percentage is out of range', () => {
    const { stack, zone } = setUp();
    expect(() => new DmarcRecord(stack, 'Dmarc', { zone, policy: DmarcPolicy.REJECT, percentage: 101 })).toThrow(/percentage \(101\) must be a whole number between 0 and 100/);
  });

  test('fails when a report address is not an e-mail address', () => {
    const { stack, zone } = setUp();
    expect(() => new DmarcRecord(stack, 'Dmarc', { zone, policy: DmarcPolicy.REJECT, aggregateReportAddresses: ['mailto:dmarc@example.com'], failureReportAddresses: ['x'] }))
      .toThrow(/aggregateReportAddresses \('mailto:dmarc@example.com'\) must be an e-mail address\n.*failureReportAddresses \('x'\)/);
  });
});

