import * as path from 'path';
import { ZoneFile } from '../src';

const fixture = (name: string) => path.join(__dirname, 'fixtures', name);

describe('ZoneFile', () => {
  test('reads every record of a registrar export', () => {
    // WHEN
    const zoneFile = ZoneFile.fromFile(fixture('registrar-export.zone'));
    // THEN
    expect(zoneFile.origin).toBe('example.com');
    expect(zoneFile.records).toHaveLength(28);
    expect(new Set(zoneFile.records.map((r) => r.type))).toEqual(new Set(['SOA', 'NS', 'A', 'CNAME', 'MX', 'TXT', 'SRV', 'CAA']));
  });

  test('splits the long DKIM key into 255-byte strings', () => {
    const zoneFile = ZoneFile.fromFile(fixture('registrar-export.zone'));
    const dkim = zoneFile.records.find((r) => r.name === 'google._domainkey.example.com')!;
    const strings = dkim.value.match(/"[^"]*"/g)!;
    expect(strings.map((s) => s.length - 2)).toEqual([255, 155]);
    expect(strings.map((s) => s.slice(1, -1)).join('')).toMatch(/^v=DKIM1; k=rsa; p=MIIBIjAN.*IDAQAB$/);
  });

  test('reads every supported type from a BIND server\'s zone file', () => {
    const zoneFile = ZoneFile.fromFile(fixture('example.org.zone'));
    expect(new Set(zoneFile.records.map((r) => r.type))).toEqual(new Set([
      'SOA', 'NS', 'MX', 'TXT', 'CAA', 'A', 'AAAA', 'CNAME', 'SPF', 'PTR', 'SRV', 'NAPTR', 'SSHFP', 'TLSA', 'DS',
    ]));
    expect(zoneFile.records.find((r) => r.type === 'DS')).toEqual(expect.objectContaining({ name: 'sub.example.org', line: 38 }));
  });

  test('reads text with an origin option', () => {
    const zoneFile = ZoneFile.fromString('www 60 IN A 192.0.2.1', { origin: 'example.net' });
    expect(zoneFile.records).toEqual([{ name: 'www.example.net', type: 'A', ttl: 60, value: '192.0.2.1', line: 1 }]);
  });

  test('fails when a line cannot be carried, naming it', () => {
    expect(() => ZoneFile.fromString('www 60 IN A 192.0.2', { origin: 'example.net' }))
      .toThrow(/^zone file: line 1: A record of www.example.net: '192.0.2' is not an IPv4 address$/);
  });

  test('fails when a file has lines it cannot carry, listing every one', () => {
    expect(() => ZoneFile.fromFile(fixture('unsupported.zone'))).toThrow(new RegExp([
      'unsupported.zone: 9 lines cannot be carried:',
      '  line 4: ALIAS record of example.com: is a registrar feature',
      '  line 5: URL record of www.example.com: is a registrar feature',
      '  line 6: A record of www.example.com: \'not-an-ip\' is not an IPv4 address',
      '  line 7: class CH is not supported',
      '  line 8: \\$INCLUDE is not supported',
      '  line 9: DNSKEY record of example.com: cannot be carried',
      '  line 10: HINFO record of example.com: cannot be carried',
      '  line 11: MX record of x.example.com: expects a preference',
      '  line 13: TTL 99999999999 must not exceed 2147483647 seconds',
    ].join('.*\\n')));
  });

  test('reports a TTL of -1 as a bad TTL, naming the line', () => {
    expect(() => ZoneFile.fromString('$ORIGIN example.com.\nwww -1 IN A 192.0.2.1\n'))
      .toThrow(/^zone file: line 2: TTL '-1' must be a whole number of seconds from 0 to 2147483647, or use units like 1h30m$/);
  });
});
