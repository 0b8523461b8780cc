import { isIPv4, isIPv6 } from 'net';
import { domainNameProblems } from './domain-name';

/**
 * A parser for BIND (RFC 1035 section 5) zone files, as registrars and DNS hosts export them.
 *
 * It handles `$ORIGIN`, `$TTL`, `@`, relative and absolute names, an omitted owner (the previous
 * one), TTL and class in either order, TTL units (`1h30m`, `2d`, `1w`), comments, quoted strings
 * with `\"`, `\\` and `\DDD` escapes, and records spread over lines with parentheses. Every
 * record is turned into the value Route 53 expects for its type. What it cannot carry is an
 * error naming the line; nothing is dropped.
 */

/** One resource record of a zone file. */
export interface ParsedRecord {
  /** Fully qualified, lowercase, without the trailing dot. */
  readonly name: string;
  /** Upper case, e.g. `MX`. */
  readonly type: string;
  /** Seconds. */
  readonly ttl: number;
  /** The value in Route 53's format, e.g. `10 mail.example.com.` or `"v=spf1 -all"`. */
  readonly value: string;
  /** 1-based line where the record starts. */
  readonly line: number;
}

/** The outcome of parsing: the records and every problem, each prefixed with its line. */
export interface ParseResult {
  readonly records: ParsedRecord[];
  readonly errors: string[];
  /** The first origin in effect: the option, else the first `$ORIGIN`, else the SOA owner. */
  readonly origin?: string;
}

export interface ParseOptions {
  /** Fully qualified origin for relative names before any `$ORIGIN`. */
  readonly origin?: string;
  /** TTL for records that give none when the file has no `$TTL` and no earlier TTL. */
  readonly defaultTtl?: number;
}

/** Route 53's largest TTL (RFC 2181: 2^31 - 1). */
export const MAX_TTL = 2147483647;

/** Types whose presentation format Route 53 takes as the zone file writes it. */
const PASS_THROUGH = new Set(['NAPTR', 'SSHFP', 'TLSA', 'HTTPS', 'SVCB']);

/** Types that Route 53 makes itself when it signs a zone: use DNSSEC signing instead. */
const DNSSEC_TYPES = new Set(['DNSKEY', 'RRSIG', 'NSEC', 'NSEC3', 'NSEC3PARAM', 'CDS', 'CDNSKEY']);

/** Registrar-specific pseudo records that are not DNS records. */
const PSEUDO_TYPES = new Set(['ALIAS', 'ANAME', 'URL', 'URL301', 'URL302', 'FWD', 'FORWARD', 'REDIRECT', 'FRAME', 'MBOXFW']);

const CLASSES = new Set(['IN', 'CH', 'CS', 'HS']);

interface Token {
  readonly text: string;
  readonly quoted: boolean;
}

interface Entry {
  readonly tokens: Token[];
  readonly line: number;
  readonly ownerOmitted: boolean;
}

/**
 * Splits a zone file into entries (one record or directive each), joining lines inside
 * parentheses, removing comments, keeping quoted strings whole (escapes left as written).
 */
export function tokenize(text: string, errors: string[]): Entry[] {
  const entries: Entry[] = [];
  let tokens: Token[] = [];
  let entryLine = 1;
  let ownerOmitted = false;
  let depth = 0;
  let parenLine = 0;
  let line = 1;
  let atLineStart = true;
  let i = 0;

  const finish = () => {
    if (tokens.length > 0) {
      entries.push({ tokens, line: entryLine, ownerOmitted });
    }
    tokens = [];
  };
  const push = (token: Token) => {
    if (tokens.length === 0) {
      entryLine = line;
    }
    tokens.push(token);
  };

  while (i < text.length) {
    const c = text[i];
    if (atLineStart) {
      // only a line that starts an entry (outside parentheses) can omit the owner
      if (depth === 0 && tokens.length === 0) {
        ownerOmitted = c === ' ' || c === '\t';
      }
      atLineStart = false;
    }
    if (c === '\n') {
      line++;
      atLineStart = true;
      if (depth === 0) {
        finish();
      }
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === ';') {
      while (i < text.length && text[i] !== '\n') {
        i++;
      }
    } else if (c === '(') {
      if (depth === 0) {
        parenLine = line;
      }
      depth++;
      i++;
    } else if (c === ')') {
      if (depth === 0) {
        errors.push(`line ${line}: ')' without a matching '('`);
      } else {
        depth--;
      }
      i++;
    } else if (c === '"') {
      const startLine = line;
      let s = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) {
          s += text[i] + text[i + 1];
          i += 2;
          continue;
        }
        if (text[i] === '\n') {
          line++;
        }
        s += text[i];
        i++;
      }
      if (i >= text.length) {
        errors.push(`line ${startLine}: a quoted string is not closed`);
      }
      i++;
      if (tokens.length === 0) {
        entryLine = startLine;
      }
      tokens.push({ text: s, quoted: true });
    } else {
      let s = '';
      while (i < text.length && !' \t\r\n;()"'.includes(text[i])) {
        if (text[i] === '\\' && i + 1 < text.length) {
          s += text[i] + text[i + 1];
          i += 2;
          continue;
        }
        s += text[i];
        i++;
      }
      push({ text: s, quoted: false });
    }
  }
  if (depth > 0) {
    errors.push(`line ${parenLine}: '(' is not closed`);
  }
  finish();
  return entries;
}

/** Parses a TTL: seconds, or BIND units (`1w2d3h4m5s`). Undefined when it is not a TTL. */
export function parseTtl(text: string): number | undefined {
  if (/^[0-9]+$/.test(text)) {
    return Number(text);
  }
  if (!/^([0-9]+[smhdw])+$/i.test(text)) {
    return undefined;
  }
  const unit: { [u: string]: number } = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  for (const [, n, u] of text.matchAll(/([0-9]+)([smhdw])/gi)) {
    total += Number(n) * unit[u.toLowerCase()];
  }
  return total;
}

/** Decodes zone file escapes (`\X` and decimal `\DDD`) into bytes. */
export function decodeCharacterString(text: string): number[] {
  const bytes: number[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\\' && /^[0-9]{3}/.test(text.slice(i + 1, i + 4))) {
      bytes.push(Number(text.slice(i + 1, i + 4)) % 256);
      i += 4;
    } else if (text[i] === '\\' && i + 1 < text.length) {
      bytes.push(...Buffer.from(text[i + 1], 'utf8'));
      i += 2;
    } else {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += ch.length;
    }
  }
  return bytes;
}

/** One byte as Route 53 writes it in a character-string. */
function encodeByte(b: number): string {
  if (b === 0x5c) {
    return '\\\\';
  }
  // `"` as octal too: CloudFormation's linter (E3023) rejects a quote inside a string, even escaped
  if (b === 0x22 || b < 0x20 || b > 0x7e) {
    return '\\' + b.toString(8).padStart(3, '0');
  }
  return String.fromCharCode(b);
}

/**
 * Encodes bytes as one Route 53 character-string: in double quotes, `\` escaped with a
 * backslash, `"` and bytes outside printable ASCII as octal `\NNN` (Route 53's escape format).
 */
export function encodeCharacterString(bytes: number[]): string {
  return `"${bytes.map(encodeByte).join('')}"`;
}

/**
 * A TXT value for Route 53: each string of the record, split into pieces of at most 255
 * characters as written (so at most 255 bytes; long DKIM keys in exports often exceed it),
 * quoted and separated by spaces. Resolvers concatenate the pieces back.
 *
 * @returns undefined when a string is empty: Route 53 strings have 1 to 255 characters
 */
export function txtValue(strings: string[]): string | undefined {
  const parts: string[] = [];
  for (const s of strings) {
    const bytes = decodeCharacterString(s);
    if (bytes.length === 0) {
      return undefined;
    }
    let piece = '';
    for (const b of bytes) {
      const e = encodeByte(b);
      if (piece.length + e.length > 255) {
        parts.push(`"${piece}"`);
        piece = '';
      }
      piece += e;
    }
    parts.push(`"${piece}"`);
  }
  return parts.join(' ');
}

/**
 * Whether a token is meant as a TTL even when it is not a valid one: a sign or a digit first
 * (`-1`, `+60`, `1.5`, `10x`). No record type or class starts that way.
 */
function looksLikeTtl(text: string): boolean {
  return /^[-+]?[0-9]/.test(text);
}

function absolute(name: string, origin: string | undefined): string | undefined {
  if (name === '@') {
    return origin;
  }
  if (name.endsWith('.')) {
    return name === '.' ? '' : name.slice(0, -1).toLowerCase();
  }
  if (origin === undefined) {
    return undefined;
  }
  return `${name}.${origin}`.toLowerCase();
}

function isUint(text: string, max: number): boolean {
  return /^[0-9]+$/.test(text) && Number(text) <= max;
}

/**
 * Parses a zone file into Route 53 records. It never throws: problems are returned with their
 * line numbers.
 */
export function parseZoneFile(text: string, options: ParseOptions = {}): ParseResult {
  const errors: string[] = [];
  const records: ParsedRecord[] = [];
  let origin = options.origin === undefined ? undefined : absolute(options.origin.endsWith('.') ? options.origin : `${options.origin}.`, undefined);
  let firstOrigin = origin;
  let dollarTtl: number | undefined;
  let lastTtl: number | undefined;
  let soaMinimum: number | undefined;
  let previousOwner: string | undefined;

  for (const entry of tokenize(text, errors)) {
    const at = `line ${entry.line}`;
    const tokens = entry.tokens;
    const first = tokens[0];

    if (!entry.ownerOmitted && !first.quoted && first.text.startsWith('$')) {
      const directive = first.text.toUpperCase();
      if (directive === '$ORIGIN') {
        const name = tokens[1]?.text;
        if (tokens.length !== 2) {
          errors.push(`${at}: $ORIGIN takes exactly one domain name`);
          continue;
        }
        const next = absolute(name, origin);
        if (next === undefined) {
          errors.push(`${at}: $ORIGIN '${name}' is relative but no origin is known: end it with a dot`);
          continue;
        }
        const problems = domainNameProblems(next);
        if (problems.length > 0) {
          errors.push(`${at}: $ORIGIN '${name}' ${problems.join(', ')}`);
          continue;
        }
        origin = next;
        firstOrigin = firstOrigin ?? origin;
      } else if (directive === '$TTL') {
        const ttl = tokens.length === 2 ? parseTtl(tokens[1].text) : undefined;
        if (ttl === undefined && tokens.length === 2 && looksLikeTtl(tokens[1].text)) {
          errors.push(`${at}: $TTL '${tokens[1].text}' must be a whole number of seconds from 0 to ${MAX_TTL}, or use units like 1h30m`);
          continue;
        }
        if (ttl === undefined) {
          errors.push(`${at}: $TTL takes exactly one TTL, in seconds or with units like 1h`);
          continue;
        }
        if (ttl > MAX_TTL) {
          errors.push(`${at}: $TTL ${tokens[1].text} must not exceed ${MAX_TTL} seconds`);
          continue;
        }
        dollarTtl = ttl;
      } else if (directive === '$INCLUDE') {
        errors.push(`${at}: $INCLUDE is not supported: paste the included file in its place`);
      } else if (directive === '$GENERATE') {
        errors.push(`${at}: $GENERATE is not supported: write the records it generates`);
      } else {
        errors.push(`${at}: unknown directive ${first.text}`);
      }
      continue;
    }

    // owner
    let index = 0;
    let owner: string | undefined;
    if (entry.ownerOmitted) {
      owner = previousOwner;
      if (owner === undefined) {
        errors.push(`${at}: the record has no owner name and there is no previous record to take it from`);
        continue;
      }
    } else {
      owner = absolute(first.text, origin);
      index = 1;
      if (owner === undefined) {
        errors.push(`${at}: the name '${first.text}' is relative but no origin is known: add $ORIGIN or give the origin option`);
        continue;
      }
      const problems = domainNameProblems(owner, true);
      if (problems.length > 0) {
        errors.push(`${at}: the name '${first.text}' ${problems.join(', ')}`);
        continue;
      }
    }
    previousOwner = owner;

    // TTL and class, in either order
    let ttl: number | undefined;
    let ttlText = '';
    let klass: string | undefined;
    let badTtl: string | undefined;
    for (let k = 0; k < 2 && index < tokens.length; k++) {
      const t = tokens[index].text;
      if (ttl === undefined && !tokens[index].quoted && looksLikeTtl(t) && parseTtl(t) === undefined) {
        // -1, 1.5, 10x: a TTL that is wrong, not an unknown record type
        badTtl = t;
        index++;
      } else if (ttl === undefined && !tokens[index].quoted && parseTtl(t) !== undefined) {
        ttl = parseTtl(t);
        ttlText = t;
        index++;
      } else if (klass === undefined && CLASSES.has(t.toUpperCase())) {
        klass = t.toUpperCase();
        index++;
      }
    }
    if (badTtl !== undefined) {
      errors.push(`${at}: TTL '${badTtl}' must be a whole number of seconds from 0 to ${MAX_TTL}, or use units like 1h30m`);
      continue;
    }
    if (ttl !== undefined && ttl > MAX_TTL) {
      errors.push(`${at}: TTL ${ttlText} must not exceed ${MAX_TTL} seconds`);
      continue;
    }
    if (klass !== undefined && klass !== 'IN') {
      errors.push(`${at}: class ${klass} is not supported: Route 53 serves only IN records`);
      continue;
    }
    if (index >= tokens.length) {
      errors.push(`${at}: the record has no type`);
      continue;
    }
    const type = tokens[index].text.toUpperCase();
    const rdata = tokens.slice(index + 1);
    if (ttl !== undefined) {
      lastTtl = ttl;
    }

    const problem = (message: string) => errors.push(`${at}: ${type} record of ${owner || '.'}: ${message}`);
    const name = (written: string): string | undefined => {
      const n = absolute(written, origin);
      if (n === undefined) {
        problem(`'${written}' is relative but no origin is known`);
        return undefined;
      }
      const problems = domainNameProblems(n, true);
      if (n !== '' && problems.length > 0) {
        problem(`'${written}' ${problems.join(', ')}`);
        return undefined;
      }
      return `${n}.`;
    };
    const count = (n: number, what: string): boolean => {
      if (rdata.length !== n) {
        problem(`expects ${what}, found ${rdata.length === 0 ? 'nothing' : `'${rdata.map((t) => t.text).join(' ')}'`}`);
        return false;
      }
      return true;
    };

    let value: string | undefined;
    if (type === 'SOA') {
      if (count(7, 'mname rname serial refresh retry expire minimum')) {
        value = rdata.map((t) => t.text).join(' ');
        soaMinimum = parseTtl(rdata[6].text);
        firstOrigin = firstOrigin ?? owner;
      }
    } else if (type === 'A') {
      if (count(1, 'one IPv4 address')) {
        if (isIPv4(rdata[0].text)) {
          value = rdata[0].text;
        } else {
          problem(`'${rdata[0].text}' is not an IPv4 address`);
        }
      }
    } else if (type === 'AAAA') {
      if (count(1, 'one IPv6 address')) {
        if (isIPv6(rdata[0].text)) {
          value = rdata[0].text.toLowerCase();
        } else {
          problem(`'${rdata[0].text}' is not an IPv6 address`);
        }
      }
    } else if (type === 'CNAME' || type === 'NS' || type === 'PTR') {
      if (count(1, 'one domain name')) {
        value = name(rdata[0].text);
      }
    } else if (type === 'MX') {
      if (count(2, 'a preference (0-65535) and a mail server name')) {
        if (!isUint(rdata[0].text, 65535)) {
          problem(`preference '${rdata[0].text}' must be a whole number from 0 to 65535`);
        } else {
          const host = name(rdata[1].text);
          value = host && `${Number(rdata[0].text)} ${host}`;
        }
      }
    } else if (type === 'TXT' || type === 'SPF') {
      if (rdata.length === 0) {
        problem('expects at least one string');
      } else {
        value = txtValue(rdata.map((t) => t.text));
        if (value === undefined) {
          problem('has an empty string: Route 53 needs 1 to 255 characters in each string');
        }
      }
    } else if (type === 'SRV') {
      if (count(4, 'priority weight port target')) {
        const bad = rdata.slice(0, 3).find((t) => !isUint(t.text, 65535));
        if (bad) {
          problem(`'${bad.text}' must be a whole number from 0 to 65535 (priority, weight and port)`);
        } else {
          const target = rdata[3].text === '.' ? '.' : name(rdata[3].text);
          value = target && `${rdata.slice(0, 3).map((t) => Number(t.text)).join(' ')} ${target}`;
        }
      }
    } else if (type === 'CAA') {
      if (count(3, 'flags tag value, e.g. 0 issue "amazon.com"')) {
        const tag = rdata[1].text.toLowerCase();
        if (!isUint(rdata[0].text, 255)) {
          problem(`flags '${rdata[0].text}' must be a whole number from 0 to 255`);
        } else if (!['issue', 'issuewild', 'issuemail', 'iodef'].includes(tag)) {
          problem(`tag '${rdata[1].text}' must be issue, issuewild, issuemail or iodef`);
        } else {
          value = `${Number(rdata[0].text)} ${tag} ${encodeCharacterString(decodeCharacterString(rdata[2].text))}`;
        }
      }
    } else if (type === 'DS') {
      if (rdata.length < 4) {
        problem('expects key-tag algorithm digest-type digest');
      } else if (!rdata.slice(0, 3).every((t, k) => isUint(t.text, k === 0 ? 65535 : 255))) {
        problem('key tag, algorithm and digest type must be whole numbers');
      } else {
        const digest = rdata.slice(3).map((t) => t.text).join('');
        if (!/^[0-9a-f]+$/i.test(digest)) {
          problem('the digest must be hexadecimal');
        } else {
          value = `${rdata.slice(0, 3).map((t) => Number(t.text)).join(' ')} ${digest.toUpperCase()}`;
        }
      }
    } else if (PASS_THROUGH.has(type)) {
      if (rdata.length === 0) {
        problem('expects data');
      } else {
        value = rdata.map((t) => (t.quoted ? `"${t.text}"` : t.text)).join(' ');
      }
    } else if (DNSSEC_TYPES.has(type)) {
      problem('cannot be carried: Route 53 creates DNSSEC records itself when it signs the zone (see the dnssec option)');
    } else if (PSEUDO_TYPES.has(type)) {
      problem('is a registrar feature, not a DNS record: recreate it (for example as an alias record or a redirect)');
    } else {
      problem('cannot be carried: Route 53 does not support this type');
    }
    if (value === undefined) {
      continue;
    }

    const effectiveTtl = ttl ?? dollarTtl ?? lastTtl ?? soaMinimum ?? options.defaultTtl;
    if (effectiveTtl === undefined) {
      problem('has no TTL and the file has no $TTL: add one or give the defaultTtl option');
      continue;
    }
    records.push({ name: owner, type, ttl: effectiveTtl, value, line: entry.line });
  }

  return { records, errors, origin: firstOrigin };
}
