import { App, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AppDomain, CaaRecords, MailExchangeRecords, SpfRecord, ZoneFile, ZoneRecords } from '../../src';

function setUp() {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  return { stack, zone };
}

describe('record sets made twice', () => {
  test('fails when two helpers make the same record set', () => {
    const { stack, zone } = setUp();
    new SpfRecord(stack, 'Spf', { zone });
    expect(() => new SpfRecord(stack, 'Spf2', { zone }))
      .toThrow(/^Stack\/Spf2: the TXT record set of example.com is already made by Stack\/Spf: a name has one record set per type/);
  });

  test('fails when a helper repeats a record set of the zone file', () => {
    const { stack, zone } = setUp();
    new ZoneRecords(stack, 'Imported', { zone, zoneFile: ZoneFile.fromString('@ 60 MX 10 mail', { origin: 'example.com' }) });
    expect(() => new MailExchangeRecords(stack, 'Mx', { zone, servers: [{ hostName: 'mx.example.net', priority: 1 }] }))
      .toThrow(/the MX record set of example.com is already made by Stack\/Imported/);
  });

  test('fails when a helper repeats an alias of the app', () => {
    const { stack, zone } = setUp();
    new ZoneRecords(stack, 'Imported', { zone, zoneFile: ZoneFile.fromString('www 60 A 192.0.2.1', { origin: 'example.com' }) });
    expect(() => new AppDomain(stack, 'Domain', { domainName: 'example.com', hostedZone: zone, cnamePrefix: 'myapp-prod' }))
      .toThrow(/the A record set of www.example.com is already made by Stack\/Imported/);
  });

  test('fails when a zone file record repeats a failover alias of the app', () => {
    const { stack, zone } = setUp();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', hostedZone: zone, cnamePrefix: 'myapp-prod', maintenancePage: true });
    expect(() => new ZoneRecords(stack, 'Imported', { zone, zoneFile: ZoneFile.fromString('@ 60 AAAA 2001:db8::1', { origin: 'example.com' }) }))
      .toThrow(/the AAAA record set of example.com is already made by Stack\/Domain/);
  });

  test('fails when a zone file record repeats the redirect alias of the app', () => {
    const { stack, zone } = setUp();
    new AppDomain(stack, 'Domain', { domainName: 'example.com', hostedZone: zone, cnamePrefix: 'myapp-prod' });
    expect(() => new ZoneRecords(stack, 'Imported', { zone, zoneFile: ZoneFile.fromString('www 60 AAAA 2001:db8::1', { origin: 'example.com' }) }))
      .toThrow(/the AAAA record set of www.example.com is already made by Stack\/Domain/);
  });

  test('allows the same name and type in two zones', () => {
    const { stack, zone } = setUp();
    const other = route53.HostedZone.fromHostedZoneAttributes(stack, 'Other', { hostedZoneId: 'ZOTHER', zoneName: 'example.com' });
    new CaaRecords(stack, 'Caa', { zone });
    expect(() => new CaaRecords(stack, 'Caa2', { zone: other })).not.toThrow();
  });
});

