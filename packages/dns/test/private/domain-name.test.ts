import { domainNameProblems, isInZone, normalizeName } from '../../src/private/domain-name';

describe('domain names', () => {
  test.each(['example.com', 'Example.COM.', 'a-b.example.co.uk', 'xn--bcher-kva.example'])('accepts %s', (name) => {
    expect(domainNameProblems(name)).toEqual([]);
  });

  test('accepts underscores and a wildcard in record names', () => {
    expect(domainNameProblems('_dmarc.example.com', true)).toEqual([]);
    expect(domainNameProblems('_sip._tcp.example.com', true)).toEqual([]);
    expect(domainNameProblems('*.example.com', true)).toEqual([]);
  });

  test('fails when a label is longer than 63 characters', () => {
    expect(domainNameProblems(`${'a'.repeat(64)}.com`)).toEqual([expect.stringMatching(/label longer than 63 characters .* has 64/)]);
  });

  test('fails when the name is longer than 253 characters', () => {
    const name = Array(5).fill('a'.repeat(60)).join('.') + '.com';
    expect(domainNameProblems(name)).toEqual([expect.stringMatching(/must not be longer than 253 characters \(it has 308\)/)]);
  });

  test('fails when a label has a bad character', () => {
    expect(domainNameProblems('exa_mple.com')).toEqual([expect.stringMatching(/only contain letters, digits and hyphens .*'exa_mple'/)]);
    expect(domainNameProblems('exa mple.com')).toHaveLength(1);
  });

  test('fails when a label starts or ends with a hyphen', () => {
    expect(domainNameProblems('-example.com')).toEqual([expect.stringMatching(/starts or ends with a hyphen \('-example'\)/)]);
    expect(domainNameProblems('example-.com')).toHaveLength(1);
  });

  test('fails when a label is empty', () => {
    expect(domainNameProblems('example..com')).toEqual([expect.stringMatching(/empty label/)]);
    expect(domainNameProblems('')).toEqual(['must not be empty']);
  });

  test('fails when the top-level label is all digits', () => {
    expect(domainNameProblems('10.0.0.1')).toEqual([expect.stringMatching(/all-numeric label \('1'\)/)]);
  });

  test('tells names inside a zone from names outside it', () => {
    expect(isInZone('www.example.com.', 'example.com')).toBe(true);
    expect(isInZone('EXAMPLE.com', 'example.com.')).toBe(true);
    expect(isInZone('badexample.com', 'example.com')).toBe(false);
  });

  test('normalizes to lowercase without the trailing dot', () => {
    expect(normalizeName('WWW.Example.com.')).toBe('www.example.com');
  });
});
