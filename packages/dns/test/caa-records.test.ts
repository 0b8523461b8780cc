import { formatNagFindings, nagFindings } from '@ebkit/testing';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CaaRecords, DmarcPolicy, DmarcRecord, MailExchangeRecords, SpfRecord } from '../src';

function setUp() {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  return { stack, zone };
}

describe('CaaRecords', () => {
  test('lets only Amazon issue certificates by default', () => {
    const { stack, zone } = setUp();
    new CaaRecords(stack, 'Caa', { zone });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'example.com.', Type: 'CAA', ResourceRecords: ['0 issue "amazon.com"', '0 issuewild "amazon.com"'],
    });
  });

  test('takes other issuers, forbids wildcards and reports', () => {
    const { stack, zone } = setUp();
    const caa = new CaaRecords(stack, 'Caa', { zone, issuers: ['amazon.com', 'letsencrypt.org'], wildcardIssuers: [], reportAddress: 'security@example.com' });
    expect(caa.values).toEqual(['0 issue "amazon.com"', '0 issue "letsencrypt.org"', '0 issuewild ";"', '0 iodef "mailto:security@example.com"']);
  });

  test('fails when no issuer is allowed', () => {
    const { stack, zone } = setUp();
    expect(() => new CaaRecords(stack, 'Caa', { zone, issuers: [] })).toThrow(/issuers \(\[\]\) must name at least one certificate authority/);
  });

  test('fails when an issuer or the report address is invalid', () => {
    const { stack, zone } = setUp();
    expect(() => new CaaRecords(stack, 'Caa', { zone, issuers: ['amazon com'], wildcardIssuers: ['-x.org'], reportAddress: 'nobody' }))
      .toThrow(/issuers \('amazon com'\).*\n.*wildcardIssuers \('-x.org'\).*\n.*reportAddress \('nobody'\) must be an e-mail address/);
  });
});

test('the helpers have no cdk-nag findings', () => {
  const { stack, zone } = setUp();
  new MailExchangeRecords(stack, 'Mx', { zone, servers: [{ hostName: 'mx.example.net', priority: 1 }] });
  new SpfRecord(stack, 'Spf', { zone });
  new DmarcRecord(stack, 'Dmarc', { zone, policy: DmarcPolicy.REJECT });
  new CaaRecords(stack, 'Caa', { zone });
  expect(formatNagFindings(nagFindings(stack))).toBe('');
});
