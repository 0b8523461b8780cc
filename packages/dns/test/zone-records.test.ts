import * as path from 'path';
import { formatNagFindings, nagFindings } from '@ebkit/testing';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ZoneFile, ZoneRecords } from '../src';

const fixture = (name: string) => path.join(__dirname, 'fixtures', name);

function setUp(zoneName: string = 'example.com') {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName });
  return { stack, zone };
}

function records(text: string, zoneName: string = 'example.com') {
  const { stack, zone } = setUp(zoneName);
  new ZoneRecords(stack, 'Records', { zone, zoneFile: ZoneFile.fromString(text, { origin: zoneName }) });
  return Template.fromStack(stack);
}

describe('ZoneRecords', () => {
  describe('from a registrar export', () => {
    let template: Template;
    let imported: ZoneRecords;
    beforeAll(() => {
      const { stack, zone } = setUp();
      imported = new ZoneRecords(stack, 'Records', {
        zone,
        zoneFile: ZoneFile.fromFile(fixture('registrar-export.zone')),
        replaceAddressRecordsAt: ['example.com', 'www.example.com'],
      });
      template = Template.fromStack(stack);
    });

    test('creates one record set per name and type', () => {
      // 28 records - SOA - 2 apex NS - apex A - www CNAME = 23 records in 14 record sets
      expect(imported.records).toHaveLength(23);
      template.resourceCountIs('AWS::Route53::RecordSet', 14);
    });

    test('carries the MX set with its priorities', () => {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        HostedZoneId: 'Z0123456789ABCDEFGHIJ',
        Name: 'example.com.',
        Type: 'MX',
        TTL: '3600',
        ResourceRecords: ['1 aspmx.l.google.com.', '5 alt1.aspmx.l.google.com.', '5 alt2.aspmx.l.google.com.',
          '10 alt3.aspmx.l.google.com.', '10 alt4.aspmx.l.google.com.'],
      });
    });

    test('carries SPF and the verification TXT records as one record set', () => {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'example.com.',
        Type: 'TXT',
        ResourceRecords: [
          '"v=spf1 include:_spf.google.com include:sendgrid.net include:amazonses.com ~all"',
          Match.stringLikeRegexp('^"google-site-verification='),
          '"MS=ms12345678"',
          Match.stringLikeRegexp('^"facebook-domain-verification='),
        ],
      });
    });

    test('carries the DKIM key split into 255-byte strings', () => {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'google._domainkey.example.com.',
        Type: 'TXT',
        ResourceRecords: [Match.stringLikeRegexp('^"v=DKIM1; k=rsa; p=MIIB[^"]{233}" "[^"]{155}"$')],
      });
    });

    test('carries DMARC', () => {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: '_dmarc.example.com.',
        Type: 'TXT',
        ResourceRecords: [Match.stringLikeRegexp('^"v=DMARC1; p=quarantine; rua=mailto:')],
      });
    });

    test('carries the mail provider CNAMEs with their TTL', () => {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'abcdefghijklmnopqrstuvwxyz012345._domainkey.example.com.',
        Type: 'CNAME',
        TTL: '1800',
        ResourceRecords: ['abcdefghijklmnopqrstuvwxyz012345.dkim.amazonses.com.'],
      });
    });

    test('carries SRV and CAA records', () => {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: '_sip._tls.example.com.', Type: 'SRV', ResourceRecords: ['100 1 443 sipdir.online.lync.com.'],
      });
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'example.com.', Type: 'CAA', ResourceRecords: ['0 issue "letsencrypt.org"', '0 issue "amazon.com"', '0 iodef "mailto:security@example.com"'],
      });
    });

    test('skips the SOA and apex NS records and says so', () => {
      expect(imported.skipped.map((r) => r.line)).toEqual([15, 18, 19]);
      template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Type: Match.stringLikeRegexp('^(SOA|NS)$') }, 0);
      Annotations.fromStack(imported.node.scope as Stack)
        .hasInfo('/Stack/Records', 'skipped the records Route 53 owns (SOA, apex NS) on zone file lines 15, 18, 19');
    });

    test('leaves out the address records the app replaces and says so', () => {
      expect(imported.replaced.map((r) => `${r.type} ${r.name}`)).toEqual(['A example.com', 'CNAME www.example.com']);
      template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Name: 'www.example.com.' }, 0);
      Annotations.fromStack(imported.node.scope as Stack).hasInfo('/Stack/Records', Match.stringLikeRegexp('address records replaced by other records on zone file lines 22, 26'));
    });

    test('has no cdk-nag findings', () => {
      expect(formatNagFindings(nagFindings(imported.node.scope as Stack))).toBe('');
    });
  });

  describe('from a BIND server\'s zone file', () => {
    let template: Template;
    beforeAll(() => {
      const { stack, zone } = setUp('example.org');
      new ZoneRecords(stack, 'Records', { zone, zoneFile: ZoneFile.fromFile(fixture('example.org.zone')) });
      template = Template.fromStack(stack);
    });

    test.each([
      ['mail.example.org.', 'AAAA', '300', ['2001:db8::25']],
      ['ftp.example.org.', 'CNAME', '3600', ['mail.example.org.']],
      ['*.dev.example.org.', 'A', '3600', ['198.51.100.80']],
      ['quote.example.org.', 'TXT', '3600', ['"say \\042hello\\042 \\\\ and a tab\\011here"']],
      ['utf8.example.org.', 'TXT', '3600', ['"caf\\303\\251 \\342\\230\\225"']],
      ['legacy.example.org.', 'SPF', '3600', ['"v=spf1 -all"']],
      ['4.3.2.1.example.org.', 'PTR', '3600', ['host.example.org.']],
      ['_xmpp-server._tcp.example.org.', 'SRV', '86400', ['5 0 5269 xmpp.example.org.']],
      ['_sip._udp.example.org.', 'NAPTR', '3600', ['100 10 "S" "SIP+D2U" "" _sip._udp.example.org.']],
      ['_443._tcp.www.example.org.', 'TLSA', '3600', ['3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6']],
      ['sub.example.org.', 'NS', '3600', ['ns1.sub.example.org.', 'ns2.example.net.']],
      ['sub.example.org.', 'DS', '3600', ['60485 13 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A']],
      ['example.org.', 'TXT', '3600', ['"v=spf1 mx ip4:198.51.100.0/24 ip6:2001:db8::/32 -all"', '"first string of a record " "split over two lines"']],
      ['eu.example.org.', 'A', '3600', ['198.51.100.90']],
    ])('creates %s %s', (name, type, ttl, values) => {
      template.hasResourceProperties('AWS::Route53::RecordSet', { Name: name, Type: type, TTL: ttl, ResourceRecords: values });
    });
  });

  test('caps TTLs at maxTtl', () => {
    const { stack, zone } = setUp();
    new ZoneRecords(stack, 'Records', { zone, zoneFile: ZoneFile.fromString('a 3600 A 192.0.2.1\nb 60 A 192.0.2.2', { origin: 'example.com' }), maxTtl: Duration.minutes(5) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'a.example.com.', TTL: '300' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'b.example.com.', TTL: '60' });
  });

  test('uses the lowest TTL of a record set and warns', () => {
    const { stack, zone } = setUp();
    new ZoneRecords(stack, 'Records', { zone, zoneFile: ZoneFile.fromString('a 3600 A 192.0.2.1\na 60 A 192.0.2.2', { origin: 'example.com' }) });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', { Name: 'a.example.com.', TTL: '60' });
    Annotations.fromStack(stack).hasWarning('/Stack/Records', Match.stringLikeRegexp('A a.example.com has different TTLs on zone file lines 1, 2: .* using the lowest \\(60\\)'));
  });

  test('names each record set after its type and relative name', () => {
    const { stack, zone } = setUp();
    const r = new ZoneRecords(stack, 'Records', { zone, zoneFile: ZoneFile.fromString('@ 60 MX 10 mail\n_dmarc 60 TXT "v=DMARC1; p=none"', { origin: 'example.com' }) });
    expect(r.node.children.map((c) => c.node.id)).toEqual(['MX @', 'TXT _dmarc']);
  });

  test('fails when a record is outside the zone', () => {
    expect(() => records('www.example.net. 60 A 192.0.2.1'))
      .toThrow(/^Stack\/Records: line 1: A www.example.net is outside the zone example.com$/);
  });

  test('fails when a CNAME is at the apex', () => {
    expect(() => records('@ 60 CNAME lb.example.net.')).toThrow(/line 1: CNAME example.com: a CNAME is not allowed at the zone apex/);
  });

  test('fails when a CNAME sits beside other records of its name', () => {
    expect(() => records('www 60 CNAME lb.example.net.\nwww 60 TXT "x"'))
      .toThrow(/line 1: the CNAME of www.example.com must not sit beside other records of its name \(line 2\)/);
  });

  test('fails when a name has two CNAMEs', () => {
    expect(() => records('www 60 CNAME a.example.net.\nwww 60 CNAME b.example.net.'))
      .toThrow(/lines 1, 2: www.example.com has 2 CNAME records: a name has at most one/);
  });

  test('fails when a record is duplicated', () => {
    expect(() => records('@ 60 MX 10 mail\n@ 300 MX 10 MAIL.example.com.')).toThrow(/line 2: MX example.com duplicates line 1/);
  });

  test('fails with every problem at once', () => {
    expect(() => records('@ 60 CNAME x.example.net.\nwww.example.net. 60 A 192.0.2.1'))
      .toThrow(/Stack\/Records: 2 zone file records cannot be created:\n {2}line 1: .*\n {2}line 2: /);
  });

  test('fails when a replaced name is invalid', () => {
    const { stack, zone } = setUp();
    expect(() => new ZoneRecords(stack, 'Records', { zone, zoneFile: ZoneFile.fromString('', {}), replaceAddressRecordsAt: ['-bad.example.com'] }))
      .toThrow(/replaceAddressRecordsAt \('-bad.example.com'\) must not have a label that starts or ends with a hyphen/);
  });
});
