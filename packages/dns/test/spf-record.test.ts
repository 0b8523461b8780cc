import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { SpfPolicy, SpfRecord } from '../src';

function setUp() {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  return { stack, zone };
}

describe('SpfRecord', () => {
  test('lists the senders and rejects the others by default', () => {
    const { stack, zone } = setUp();
    const spf = new SpfRecord(stack, 'Spf', { zone, allowMx: true, ip4: ['198.51.100.0/24'], ip6: ['2001:db8::/32'], includes: ['_spf.google.com', 'amazonses.com'] });
    expect(spf.value).toBe('v=spf1 mx ip4:198.51.100.0/24 ip6:2001:db8::/32 include:_spf.google.com include:amazonses.com -all');
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'example.com.', Type: 'TXT', ResourceRecords: [`"${spf.value}"`],
    });
  });

  test('says the domain sends no mail by default', () => {
    const { stack, zone } = setUp();
    expect(new SpfRecord(stack, 'Spf', { zone }).value).toBe('v=spf1 -all');
  });

  test('takes a soft fail policy', () => {
    const { stack, zone } = setUp();
    expect(new SpfRecord(stack, 'Spf', { zone, includes: ['_spf.google.com'], policy: SpfPolicy.SOFT_FAIL }).value).toBe('v=spf1 include:_spf.google.com ~all');
  });

  test('fails when it needs more than 10 DNS lookups', () => {
    const { stack, zone } = setUp();
    const includes = Array.from({ length: 10 }, (_, i) => `spf${i}.example.net`);
    expect(() => new SpfRecord(stack, 'Spf', { zone, includes, allowMx: true })).toThrow(/needs 11 DNS lookups: SPF allows at most 10/);
  });

  test('fails when an address is invalid', () => {
    const { stack, zone } = setUp();
    expect(() => new SpfRecord(stack, 'Spf', { zone, ip4: ['198.51.100.0/33', '300.1.1.1'], ip6: ['198.51.100.1'] }))
      .toThrow(/ip4 \('198.51.100.0\/33'\) must be an IPv4 address or CIDR range\n.*ip4 \('300.1.1.1'\).*\n.*ip6 \('198.51.100.1'\) must be an IPv6/);
  });

  test('fails when an include is not a domain', () => {
    const { stack, zone } = setUp();
    expect(() => new SpfRecord(stack, 'Spf', { zone, includes: ['include:_spf.google.com'] })).toThrow(/includes \('include:_spf.google.com'\) must only contain/);
  });

  test('fails when no sender is listed with a lenient policy', () => {
    const { stack, zone } = setUp();
    expect(() => new SpfRecord(stack, 'Spf', { zone, policy: SpfPolicy.NEUTRAL })).toThrow(/policy \('\?all'\) must be FAIL when no sender is listed/);
  });
});

