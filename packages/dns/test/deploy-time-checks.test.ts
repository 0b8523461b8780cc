import { App, Duration, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AppDomain, MailExchangeRecords, ZoneFile, ZoneRecords } from '../src';

/**
 * aws-cdk-lib errors that reached users through our props without naming the
 * construct or the prop now come with both.
 */
function setUp() {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  return { stack, zone };
}

const servers = [{ hostName: 'mail.example.com', priority: 10 }];

describe('TTLs that are not whole seconds', () => {
  test('a record TTL of 1.5 seconds names the construct and the prop', () => {
    const { stack, zone } = setUp();
    expect(() => new MailExchangeRecords(stack, 'Mx', { zone, servers, ttl: Duration.millis(1500) }))
      .toThrow('Stack/Mx: ttl (1.5) must be a whole number between 0 and 2147483647');
  });

  test('a whole number of seconds passes', () => {
    const { stack, zone } = setUp();
    expect(() => new MailExchangeRecords(stack, 'Mx', { zone, servers, ttl: Duration.millis(2000) })).not.toThrow();
  });

  test('a maxTtl of 1.5 seconds names the construct and the prop', () => {
    const { stack, zone } = setUp();
    expect(() => new ZoneRecords(stack, 'Records', {
      zone, zoneFile: ZoneFile.fromString('@ 60 MX 10 mail', { origin: 'example.com' }), maxTtl: Duration.millis(1500),
    })).toThrow('Stack/Records: maxTtl (1.5) must be a whole number between 0 and 2147483647');
  });

  test('AppDomain checks zoneFileMaxTtl itself, and only with a zoneFile', () => {
    const { stack } = setUp();
    expect(() => new AppDomain(stack, 'Domain', {
      domainName: 'example.com',
      cnamePrefix: 'myapp-prod',
      zoneFileMaxTtl: Duration.millis(1500),
      zoneFile: ZoneFile.fromString('@ 60 MX 10 mail', { origin: 'example.com' }),
    })).toThrow('Stack/Domain: zoneFileMaxTtl (1.5) must be a whole number between 0 and 2147483647');
    expect(() => new AppDomain(setUp().stack, 'Domain', { domainName: 'example.com', cnamePrefix: 'myapp-prod', zoneFileMaxTtl: Duration.minutes(1) }))
      .toThrow("Stack/Domain: zoneFileMaxTtl ('1 minute') caps the TTLs of zoneFile records: give zoneFile too");
  });
});

describe('zone file values Route 53 refuses', () => {
  test('a TXT value over 4000 characters names its line', () => {
    const { stack, zone } = setUp();
    const long = Array.from({ length: 17 }, () => `"${'a'.repeat(250)}"`).join(' ');
    expect(() => new ZoneRecords(stack, 'Records', { zone, zoneFile: ZoneFile.fromString(`$ORIGIN example.com.\n@ 60 TXT ${long}`) }))
      .toThrow(/^Stack\/Records: line 2: TXT example.com: the value has 4300 characters: Route 53 takes at most 4000 per value$/);
  });

  test('a TXT value of 4000 characters or less is carried', () => {
    const { stack, zone } = setUp();
    const long = Array.from({ length: 15 }, () => `"${'a'.repeat(250)}"`).join(' ');
    expect(new ZoneRecords(stack, 'Records', { zone, zoneFile: ZoneFile.fromString(`$ORIGIN example.com.\n@ 60 TXT ${long}`) }).records).toHaveLength(1);
  });
});
