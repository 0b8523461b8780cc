import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { MailExchangeRecords } from '../src';

function setUp() {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  return { stack, zone };
}

describe('MailExchangeRecords', () => {
  test('creates the MX set at the apex with the priorities', () => {
    const { stack, zone } = setUp();
    new MailExchangeRecords(stack, 'Mx', { zone, servers: [{ hostName: 'aspmx.l.google.com', priority: 1 }, { hostName: 'Alt1.aspmx.l.google.com.', priority: 5 }] });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'example.com.', Type: 'MX', TTL: '3600', ResourceRecords: ['1 aspmx.l.google.com.', '5 alt1.aspmx.l.google.com.'],
    });
  });

  test('puts the set at a relative name', () => {
    const { stack, zone } = setUp();
    new MailExchangeRecords(stack, 'Mx', { zone, recordName: 'mail', servers: [{ hostName: 'inbound-smtp.us-east-1.amazonaws.com', priority: 10 }], ttl: Duration.minutes(5) });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', { Name: 'mail.example.com.', TTL: '300' });
  });

  test('fails when there is no server', () => {
    const { stack, zone } = setUp();
    expect(() => new MailExchangeRecords(stack, 'Mx', { zone, servers: [] })).toThrow(/servers \(\[\]\) must name at least one mail server/);
  });

  test('fails when a priority is out of range', () => {
    const { stack, zone } = setUp();
    expect(() => new MailExchangeRecords(stack, 'Mx', { zone, servers: [{ hostName: 'mx.example.net', priority: 70000 }] }))
      .toThrow(/servers.priority \(70000\) must be a whole number between 0 and 65535/);
  });

  test('fails when a host is invalid or listed twice', () => {
    const { stack, zone } = setUp();
    expect(() => new MailExchangeRecords(stack, 'Mx', {
      zone, servers: [{ hostName: 'mx_1.example.net', priority: 1 }, { hostName: 'mx.example.net', priority: 1 }, { hostName: 'MX.example.net', priority: 2 }],
    })).toThrow(/servers.hostName \('mx_1.example.net'\) must only contain.*\n.*servers.hostName \('MX.example.net'\) must not be listed twice/);
  });

  test('fails when the record name is outside the zone', () => {
    const { stack, zone } = setUp();
    expect(() => new MailExchangeRecords(stack, 'Mx', { zone, recordName: 'example.org.', servers: [{ hostName: 'mx.example.net', priority: 1 }] }))
      .toThrow(/recordName \('example.org.'\) must be inside the zone example.com/);
  });

  test('fails when the TTL is out of range', () => {
    const { stack, zone } = setUp();
    expect(() => new MailExchangeRecords(stack, 'Mx', { zone, ttl: Duration.days(30000), servers: [{ hostName: 'mx.example.net', priority: 1 }] }))
      .toThrow(/ttl \(2592000000\) must be a whole number between 0 and 2147483647/);
  });
});

