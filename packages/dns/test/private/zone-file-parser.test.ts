import { decodeCharacterString, parseTtl, parseZoneFile, txtValue } from '../../src/private/zone-file-parser';

function parse(text: string, origin: string | null = 'example.com') {
  return parseZoneFile(text, { origin: origin ?? undefined });
}

function only(text: string) {
  const result = parse(text);
  expect(result.errors).toEqual([]);
  expect(result.records).toHaveLength(1);
  return result.records[0];
}

describe('zone file parser', () => {
  describe('names', () => {
    test('reads @ as the origin', () => {
      expect(only('@ 300 IN A 192.0.2.1').name).toBe('example.com');
    });

    test('appends the origin to relative names', () => {
      expect(only('www 300 IN A 192.0.2.1').name).toBe('www.example.com');
    });

    test('keeps absolute names and lowercases them', () => {
      expect(only('WWW.Example.NET. 300 IN A 192.0.2.1').name).toBe('www.example.net');
    });

    test('takes the owner of the previous record when a line starts with a blank', () => {
      const result = parse('mail 300 IN A 192.0.2.25\n\t300 IN AAAA 2001:db8::25');
      expect(result.records.map((r) => r.name)).toEqual(['mail.example.com', 'mail.example.com']);
    });

    test('follows $ORIGIN, relative to the previous origin too', () => {
      const result = parse('$ORIGIN example.org.\nwww 60 A 192.0.2.1\n$ORIGIN eu\napp 60 A 192.0.2.2');
      expect(result.records.map((r) => r.name)).toEqual(['www.example.org', 'app.eu.example.org']);
    });

    test('takes the origin from the SOA owner when there is no option or $ORIGIN', () => {
      expect(parse('example.net. 60 IN SOA ns. h. 1 2 3 4 5', null).origin).toBe('example.net');
    });

    test('qualifies relative names in record data', () => {
      expect(only('@ 60 IN MX 10 mail').value).toBe('10 mail.example.com.');
      expect(only('ftp 60 IN CNAME @').value).toBe('example.com.');
    });
  });

  describe('TTLs and classes', () => {
    test.each([['3600', 3600], ['1h', 3600], ['1h30m', 5400], ['2d', 172800], ['1W', 604800], ['45s', 45]])('reads the TTL %s', (text, seconds) => {
      expect(parseTtl(text)).toBe(seconds);
    });

    test('is not fooled by a word', () => {
      expect(parseTtl('mx')).toBeUndefined();
    });

    test('uses $TTL for records without a TTL', () => {
      expect(parse('$TTL 2h\n@ IN A 192.0.2.1').records[0].ttl).toBe(7200);
    });

    test('uses the last explicit TTL when there is no $TTL (RFC 1035)', () => {
      expect(parse('a 120 IN A 192.0.2.1\nb IN A 192.0.2.2').records[1].ttl).toBe(120);
    });

    test('uses the SOA minimum when there is nothing else', () => {
      expect(parse('@ IN SOA ns. h. 1 2 3 4 900\nb IN A 192.0.2.2').records[1].ttl).toBe(900);
    });

    test('uses the defaultTtl option last', () => {
      expect(parseZoneFile('b IN A 192.0.2.2', { origin: 'example.com', defaultTtl: 42 }).records[0].ttl).toBe(42);
    });

    test('accepts the class before the TTL', () => {
      expect(only('@ IN 60 A 192.0.2.1').ttl).toBe(60);
    });

    test('fails when a record has no TTL at all', () => {
      expect(parse('b IN A 192.0.2.2').errors).toEqual([expect.stringMatching(/^line 1: A record of b.example.com: has no TTL and the file has no \$TTL/)]);
    });

    test('fails when a TTL is out of range', () => {
      expect(parse('a 2147483648 IN A 192.0.2.1').errors).toEqual(['line 1: TTL 2147483648 must not exceed 2147483647 seconds']);
      expect(parse('$TTL 9999999999').errors).toEqual(['line 1: $TTL 9999999999 must not exceed 2147483647 seconds']);
    });

    test.each(['-1', '+60', '1.5', '10x', '-3600'])('reports the TTL %s as a bad TTL, not as an unknown record type', (ttl) => {
      expect(parse(`www ${ttl} IN A 192.0.2.1`).errors).toEqual([
        `line 1: TTL '${ttl}' must be a whole number of seconds from 0 to 2147483647, or use units like 1h30m`,
      ]);
      expect(parse(`www IN ${ttl} A 192.0.2.1`).errors).toEqual([
        `line 1: TTL '${ttl}' must be a whole number of seconds from 0 to 2147483647, or use units like 1h30m`,
      ]);
      expect(parse(`$TTL ${ttl}`).errors).toEqual([
        `line 1: $TTL '${ttl}' must be a whole number of seconds from 0 to 2147483647, or use units like 1h30m`,
      ]);
    });

    test('fails when the class is not IN', () => {
      expect(parse('a 60 CH A 192.0.2.1').errors).toEqual(['line 1: class CH is not supported: Route 53 serves only IN records']);
    });
  });

  describe('layout', () => {
    test('joins lines inside parentheses and ignores comments', () => {
      const result = parse('@ 60 IN SOA ns. host. ( ; start\n 1 ; serial\n 2 3 4\n 5 )\nwww 60 A 192.0.2.1 ; web');
      expect(result.errors).toEqual([]);
      expect(result.records.map((r) => [r.line, r.type])).toEqual([[1, 'SOA'], [5, 'A']]);
    });

    test('keeps semicolons and parentheses inside quotes', () => {
      expect(only('@ 60 TXT "v=DMARC1; p=none (test)"').value).toBe('"v=DMARC1; p=none (test)"');
    });

    test('counts lines inside a multi-line quoted string', () => {
      const result = parse('a 60 TXT "one\ntwo"\nb 60 A 192.0.2.1');
      expect(result.records.map((r) => r.line)).toEqual([1, 3]);
    });

    test('fails when a parenthesis is not closed', () => {
      expect(parse('@ 60 IN SOA ns. host. ( 1 2 3 4 5').errors).toContain('line 1: \'(\' is not closed');
    });

    test('fails when a parenthesis is not opened', () => {
      expect(parse('@ 60 IN A 192.0.2.1 )').errors).toEqual(['line 1: \')\' without a matching \'(\'']);
    });

    test('fails when a quote is not closed', () => {
      expect(parse('@ 60 IN TXT "open').errors).toContain('line 1: a quoted string is not closed');
    });
  });

  describe('TXT', () => {
    test('joins several strings as Route 53 expects', () => {
      expect(only('@ 60 TXT "a b" "c"').value).toBe('"a b" "c"');
    });

    test('quotes an unquoted word', () => {
      expect(only('@ 60 TXT hello').value).toBe('"hello"');
    });

    test('splits a string longer than 255 bytes into pieces of 255', () => {
      const value = only(`@ 60 TXT "${'k'.repeat(600)}"`).value;
      expect(value).toBe(`"${'k'.repeat(255)}" "${'k'.repeat(255)}" "${'k'.repeat(90)}"`);
    });

    test('turns zone file escapes into Route 53 escapes', () => {
      expect(only('@ 60 TXT "a \\"b\\" \\\\ tab\\009 \\;"').value).toBe('"a \\042b\\042 \\\\ tab\\011 ;"');
    });

    test('escapes non-ASCII text as octal UTF-8 bytes', () => {
      expect(txtValue(['é'])).toBe('"\\303\\251"');
      expect(decodeCharacterString('\\233')).toEqual([233]);
    });

    test('splits on the written length when escapes make a string longer', () => {
      const value = only(`@ 60 TXT "${'\\"'.repeat(100)}"`).value;
      expect(value.split(' ').map((p) => p.length - 2)).toEqual([252, 148]);
    });

    test('fails when a string is empty', () => {
      expect(parse('@ 60 TXT "a" ""').errors).toEqual([expect.stringMatching(/^line 1: TXT record of example.com: has an empty string/)]);
    });
  });

  describe('record data', () => {
    test.each([
      ['A', '192.0.2.1', '192.0.2.1'],
      ['AAAA', '2001:DB8::1', '2001:db8::1'],
      ['CNAME', 'target.example.net.', 'target.example.net.'],
      ['NS', 'ns1.sub', 'ns1.sub.example.com.'],
      ['PTR', 'host.example.com.', 'host.example.com.'],
      ['MX', '010 mail.example.com.', '10 mail.example.com.'],
      ['SRV', '10 5 5060 sip', '10 5 5060 sip.example.com.'],
      ['SRV', '0 0 0 .', '0 0 0 .'],
      ['CAA', '0 ISSUE amazon.com', '0 issue "amazon.com"'],
      ['DS', '60485 13 2 ( d4b7 a50a )', '60485 13 2 D4B7A50A'],
      ['SPF', '"v=spf1 -all"', '"v=spf1 -all"'],
      ['NAPTR', '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.', '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.'],
      ['TLSA', '3 1 1 0C72AC70', '3 1 1 0C72AC70'],
    ])('reads %s %s', (type, data, value) => {
      expect(only(`x 60 IN ${type} ${data}`).value).toBe(value);
    });

    test.each([
      ['A', '192.0.2', /'192.0.2' is not an IPv4 address/],
      ['A', '', /expects one IPv4 address, found nothing/],
      ['AAAA', '192.0.2.1', /is not an IPv6 address/],
      ['CNAME', 'a b', /expects one domain name, found 'a b'/],
      ['CNAME', 'bad_host-.example.com.', /'bad_host-.example.com.' must not have a label that starts or ends with a hyphen/],
      ['MX', '70000 mail', /preference '70000' must be a whole number from 0 to 65535/],
      ['MX', '10', /expects a preference \(0-65535\) and a mail server name, found '10'/],
      ['SRV', '10 5 http sip', /'http' must be a whole number/],
      ['CAA', '0 policy "x"', /tag 'policy' must be issue, issuewild, issuemail or iodef/],
      ['CAA', '300 issue "x"', /flags '300' must be a whole number from 0 to 255/],
      ['DS', '1 2 3', /expects key-tag algorithm digest-type digest/],
      ['DS', '1 2 x abcd', /must be whole numbers/],
      ['DS', '1 2 3 xyz', /digest must be hexadecimal/],
      ['TXT', '', /expects at least one string/],
      ['SOA', 'ns. host. 1 2', /expects mname rname serial refresh retry expire minimum/],
      ['TLSA', '', /expects data/],
      ['ALIAS', 'lb.example.net.', /is a registrar feature, not a DNS record/],
      ['URL', '"https://example.com/"', /is a registrar feature/],
      ['DNSKEY', '257 3 13 abc', /Route 53 creates DNSSEC records itself/],
      ['HINFO', '"PC" "Linux"', /Route 53 does not support this type/],
    ])('fails when %s data is %p', (type, data, message) => {
      const result = parse(`x 60 IN ${type} ${data}`);
      expect(result.records).toEqual([]);
      expect(result.errors).toEqual([expect.stringMatching(new RegExp(`^line 1: ${type} record of x.example.com: .*${message.source}`))]);
    });
  });

  describe('directives and names that cannot be read', () => {
    test.each([
      ['$INCLUDE other.zone', /\$INCLUDE is not supported/],
      ['$GENERATE 1-10 host$ A 192.0.2.$', /\$GENERATE is not supported/],
      ['$FOO bar', /unknown directive \$FOO/],
      ['$ORIGIN', /\$ORIGIN takes exactly one domain name/],
      ['$ORIGIN bad..name.', /\$ORIGIN 'bad..name.' must not contain an empty label/],
      ['$TTL soon', /\$TTL takes exactly one TTL/],
      ['bad_name! 60 A 192.0.2.1', /the name 'bad_name!' must only contain letters, digits and hyphens/],
      ['www 60 IN', /the record has no type/],
      [' 60 IN A 192.0.2.1', /the record has no owner name and there is no previous record/],
    ])('fails on %p', (text, message) => {
      expect(parse(text).errors).toEqual([expect.stringMatching(new RegExp(`^line 1: ${message.source}`))]);
    });

    test('fails on a relative name with no origin', () => {
      expect(parse('www 60 A 192.0.2.1', null).errors).toEqual([expect.stringMatching(/^line 1: the name 'www' is relative but no origin is known/)]);
      expect(parse('$ORIGIN sub', null).errors).toEqual([expect.stringMatching(/\$ORIGIN 'sub' is relative but no origin is known/)]);
      expect(parse('x. 60 CNAME www', null).errors).toEqual([expect.stringMatching(/'www' is relative but no origin is known/)]);
    });

    test('reports every bad line and keeps the good ones', () => {
      const result = parse('a 60 A 192.0.2.1\nb 60 A nope\nc 60 MX x\nd 60 A 192.0.2.4');
      expect(result.errors.map((e) => e.split(':')[0])).toEqual(['line 2', 'line 3']);
      expect(result.records.map((r) => r.name)).toEqual(['a.example.com', 'd.example.com']);
    });
  });
});
