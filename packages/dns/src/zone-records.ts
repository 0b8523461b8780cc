import { PropsErrors } from '@ebkit/core';
import { Annotations, Duration, Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { domainNameProblems, isInZone, normalizeName } from './private/domain-name';
import { claimRecordSet } from './private/record-registry';
import { ZoneFile, ZoneFileRecord } from './zone-file';

/**
 * Props of {@link ZoneRecords}.
 */
export interface ZoneRecordsProps {
  /** The hosted zone that receives the records; every record must be inside it. */
  readonly zone: route53.IHostedZone;

  /** The records to create, read from a BIND zone file. */
  readonly zoneFile: ZoneFile;

  /**
   * Names whose A, AAAA and CNAME records are not carried because other records replace them,
   * typically the apex and `www` that `AppDomain` aliases to the Elastic Beanstalk environment.
   * Their other records (MX, TXT...) are carried. What is left out is listed in an info
   * annotation and in `replaced`.
   *
   * @default - none: every record is carried
   */
  readonly replaceAddressRecordsAt?: string[];

  /**
   * The longest TTL to give any record. Lower TTLs a day or two before switching name servers
   * so that a mistake can be corrected quickly, then remove the cap.
   *
   * @default - the TTLs of the zone file
   */
  readonly maxTtl?: Duration;
}

/**
 * The records of a BIND zone file, created in a Route 53 hosted zone: one record set per name and
 * type, with the file's TTLs.
 *
 * The SOA record and the NS records of the zone apex are skipped (Route 53 owns them) and listed in
 * `skipped` and an info annotation. NS records below the apex (delegated subdomains) are carried.
 * Synth fails, naming the lines, for a record outside the zone, a CNAME at the apex or beside other
 * records of its name, a CNAME with several values and a duplicate record.
 *
 * @example
 * new ZoneRecords(this, 'Imported', {
 *   zone,
 *   zoneFile: ZoneFile.fromFile('example.com.zone'),
 *   replaceAddressRecordsAt: ['example.com', 'www.example.com'],
 * });
 */
export class ZoneRecords extends Construct {
  /** The records carried into the zone, in file order. */
  public readonly records: ZoneFileRecord[];

  /** The SOA and apex NS records that Route 53 owns, left out. */
  public readonly skipped: ZoneFileRecord[];

  /** The address records left out because of `replaceAddressRecordsAt`. */
  public readonly replaced: ZoneFileRecord[];

  /** The record sets created, one per name and type. */
  public readonly recordSets: route53.IRecordSet[] = [];

  public constructor(scope: Construct, id: string, props: ZoneRecordsProps) {
    super(scope, id);

    const zoneName = props.zone.zoneName;
    const zoneKnown = !Token.isUnresolved(zoneName);
    const zone = zoneKnown ? normalizeName(zoneName) : '';
    const replaceAt = (props.replaceAddressRecordsAt ?? []).map(normalizeName);
    const maxTtl = props.maxTtl?.toSeconds({ integral: false });

    const errors = new PropsErrors(this);
    errors.check(zoneKnown, 'zone', zoneName, 'must have a concrete zoneName to check the records against');
    for (const name of props.replaceAddressRecordsAt ?? []) {
      domainNameProblems(name, true).forEach((p) => errors.add('replaceAddressRecordsAt', name, p));
    }
    errors.checkRange('maxTtl', 0, 2147483647, maxTtl);
    errors.throwIfAny();

    const records: ZoneFileRecord[] = [];
    const skipped: ZoneFileRecord[] = [];
    const replaced: ZoneFileRecord[] = [];
    for (const record of props.zoneFile.records) {
      if (record.type === 'SOA' || (record.type === 'NS' && record.name === zone)) {
        skipped.push(record);
      } else if (['A', 'AAAA', 'CNAME'].includes(record.type) && replaceAt.includes(record.name)) {
        replaced.push(record);
      } else {
        records.push(record);
      }
    }
    this.records = records;
    this.skipped = skipped;
    this.replaced = replaced;

    const problems = recordProblems(records, zone);
    if (problems.length > 0) {
      const intro = problems.length === 1 ? '' : `${problems.length} zone file records cannot be created:\n  `;
      throw new Error(`${this.node.path}: ${intro}${problems.join('\n  ')}`);
    }

    if (skipped.length > 0) {
      Annotations.of(this).addInfo(`skipped the records Route 53 owns (SOA, apex NS) on zone file ${lines(skipped)}`);
    }
    if (replaced.length > 0) {
      Annotations.of(this).addInfo(`left out the address records replaced by other records on zone file ${lines(replaced)}`);
    }

    for (const group of groupRecords(records)) {
      const ttls = group.map((r) => r.ttl);
      let ttl = Math.min(...ttls);
      if (ttls.some((t) => t !== ttl)) {
        Annotations.of(this).addWarningV2('@ebkit/dns:mixedTtl',
          `${group[0].type} ${group[0].name} has different TTLs on zone file ${lines(group)}: Route 53 keeps one TTL per record set, using the lowest (${ttl})`);
      }
      if (maxTtl !== undefined) {
        ttl = Math.min(ttl, maxTtl);
      }
      const first = group[0];
      const relative = first.name === zone ? '@' : first.name.slice(0, first.name.length - zone.length - 1);
      claimRecordSet(this, props.zone, first.name, first.type);
      this.recordSets.push(new route53.RecordSet(this, `${first.type} ${relative}`, {
        zone: props.zone,
        recordType: first.type as route53.RecordType,
        recordName: `${first.name}.`,
        target: route53.RecordTarget.fromValues(...group.map((r) => r.value)),
        ttl: Duration.seconds(ttl),
      }));
    }
  }
}

/** `line 3` or `lines 3, 4, 9`. */
function lines(records: ZoneFileRecord[]): string {
  return records.length === 1 ? `line ${records[0].line}` : `lines ${records.map((r) => r.line).join(', ')}`;
}

/** Records grouped by name and type, in the order each group first appears. */
function groupRecords(records: ZoneFileRecord[]): ZoneFileRecord[][] {
  const groups = new Map<string, ZoneFileRecord[]>();
  for (const record of records) {
    const key = `${record.name} ${record.type}`;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups.values()];
}

/** What Route 53 would refuse, or what would lose a record, each naming the zone file line. */
function recordProblems(records: ZoneFileRecord[], zone: string): string[] {
  const problems: string[] = [];
  const seen = new Map<string, ZoneFileRecord>();
  const typesByName = new Map<string, Set<string>>();
  for (const record of records) {
    const at = `line ${record.line}: ${record.type} ${record.name || '.'}`;
    if (!isInZone(record.name, zone)) {
      problems.push(`${at} is outside the zone ${zone}`);
      continue;
    }
    if (record.value.length > 4000) {
      problems.push(`${at}: the value has ${record.value.length} characters: Route 53 takes at most 4000 per value`);
    }
    if (record.type === 'CNAME' && record.name === zone) {
      problems.push(`${at}: a CNAME is not allowed at the zone apex (use an alias record)`);
    }
    const key = `${record.name} ${record.type} ${record.value.toLowerCase()}`;
    const duplicate = seen.get(key);
    if (duplicate) {
      problems.push(`${at} duplicates line ${duplicate.line}`);
      continue;
    }
    seen.set(key, record);
    typesByName.set(record.name, (typesByName.get(record.name) ?? new Set()).add(record.type));
  }
  for (const [name, types] of typesByName) {
    if (!types.has('CNAME')) {
      continue;
    }
    const cnames = records.filter((r) => r.name === name && r.type === 'CNAME');
    const others = records.filter((r) => r.name === name && r.type !== 'CNAME');
    if (cnames.length > 1) {
      problems.push(`${lines(cnames)}: ${name} has ${cnames.length} CNAME records: a name has at most one`);
    }
    if (others.length > 0) {
      problems.push(`${lines(cnames)}: the CNAME of ${name} must not sit beside other records of its name (${lines(others)})`);
    }
  }
  return problems;
}
