import * as fs from 'fs';
import { parseZoneFile } from './private/zone-file-parser';

/** One resource record read from a zone file. */
export interface ZoneFileRecord {
  /** The fully qualified name, lowercase, without the trailing dot, e.g. `_dmarc.example.com`. */
  readonly name: string;

  /** The record type in upper case, e.g. `MX`. */
  readonly type: string;

  /** The TTL in seconds. */
  readonly ttl: number;

  /**
   * The record's value in Route 53's format, e.g. `10 mail.example.com.`, or for TXT the quoted
   * strings, each at most 255 bytes.
   */
  readonly value: string;

  /** The line of the zone file where the record starts (1-based). */
  readonly line: number;
}

/** Options for reading a zone file. */
export interface ZoneFileOptions {
  /**
   * The origin that relative names refer to until the file sets `$ORIGIN`, e.g. `example.com`.
   *
   * @default - the file's first `$ORIGIN`; a relative name before it is an error
   */
  readonly origin?: string;

  /**
   * The TTL in seconds of records that give none, when the file has no `$TTL`, no earlier
   * explicit TTL and no SOA record.
   *
   * @default - such a record is an error
   */
  readonly defaultTtl?: number;
}

/**
 * A standard BIND zone file (RFC 1035 master file format), the format registrars and DNS hosts
 * export, read into records that Route 53 can serve.
 *
 * Supported: A, AAAA, CNAME, MX, TXT and SPF (long strings split into 255-byte pieces), SRV, CAA,
 * NS, PTR, DS, NAPTR, SSHFP, TLSA, HTTPS, SVCB and SOA; `$ORIGIN`, `$TTL`, `@`, relative names,
 * omitted owners, TTL units (`1h`), records spread over lines in parentheses, comments.
 * Anything it cannot carry (other types, other classes, `$INCLUDE`, `$GENERATE`, registrar
 * pseudo records such as URL forwards or ALIAS) is an error that names the line: reading
 * throws with every problem of the file at once, nothing is dropped.
 *
 * Use it with `ZoneRecords` (or `AppDomain`'s `zoneFile`), which skips SOA and apex NS records
 * (Route 53 owns them).
 */
export class ZoneFile {
  /**
   * Reads zone file text.
   *
   * @param text the zone file's content
   * @param options origin and default TTL
   * @throws if any line cannot be carried, with every problem and its line number
   */
  public static fromString(text: string, options?: ZoneFileOptions): ZoneFile {
    return new ZoneFile(text, 'zone file', options ?? {});
  }

  /**
   * Reads a zone file from disk (at synth time).
   *
   * @param path the file's path
   * @param options origin and default TTL
   * @throws if any line cannot be carried, with every problem and its line number
   */
  public static fromFile(path: string, options?: ZoneFileOptions): ZoneFile {
    return new ZoneFile(fs.readFileSync(path, 'utf8'), `zone file ${path}`, options ?? {});
  }

  /** Every record of the file in file order, SOA and NS included. */
  public readonly records: ZoneFileRecord[];

  /**
   * The origin the file starts with: the `origin` option, else its first `$ORIGIN`, else the
   * owner of its SOA record. Lowercase, without the trailing dot.
   */
  public readonly origin?: string;

  private constructor(text: string, source: string, options: ZoneFileOptions) {
    const result = parseZoneFile(text, { origin: options.origin, defaultTtl: options.defaultTtl });
    if (result.errors.length === 1) {
      throw new Error(`${source}: ${result.errors[0]}`);
    }
    if (result.errors.length > 1) {
      throw new Error(`${source}: ${result.errors.length} lines cannot be carried:\n  ${result.errors.join('\n  ')}`);
    }
    this.records = result.records.map((r) => ({ name: r.name, type: r.type, ttl: r.ttl, value: r.value, line: r.line }));
    this.origin = result.origin;
  }
}
