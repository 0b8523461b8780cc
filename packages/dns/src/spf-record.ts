import { isIP } from 'net';
import { PropsErrors } from '@ebkit/core';
import { Duration } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { domainNameProblems } from './private/domain-name';
import { checkRecordName, createRecordSet } from './private/record-helpers';
import { txtValue } from './private/zone-file-parser';

/** What receivers do with mail from senders the SPF record does not list. */
export enum SpfPolicy {
  /** `-all`: reject it. */
  FAIL = '-all',
  /** `~all`: accept but mark it (use while checking that every sender is listed). */
  SOFT_FAIL = '~all',
  /** `?all`: no opinion. */
  NEUTRAL = '?all',
}

/**
 * Props of {@link SpfRecord}.
 */
export interface SpfRecordProps {
  /** The hosted zone. */
  readonly zone: route53.IHostedZone;

  /**
   * Domains whose SPF records list more senders, e.g. `_spf.google.com`, `amazonses.com`.
   *
   * @default - none
   */
  readonly includes?: string[];

  /**
   * IPv4 addresses or CIDR ranges allowed to send, e.g. `198.51.100.0/24`.
   *
   * @default - none
   */
  readonly ip4?: string[];

  /**
   * IPv6 addresses or CIDR ranges allowed to send.
   *
   * @default - none
   */
  readonly ip6?: string[];

  /**
   * Whether the domain's MX hosts may send.
   *
   * @default false
   */
  readonly allowMx?: boolean;

  /**
   * What receivers do with mail from other senders.
   *
   * @default SpfPolicy.FAIL
   */
  readonly policy?: SpfPolicy;

  /**
   * The name the record protects, relative to the zone or fully qualified.
   *
   * @default - the zone apex
   */
  readonly recordName?: string;

  /**
   * The TTL.
   *
   * @default Duration.hours(1)
   */
  readonly ttl?: Duration;
}

/**
 * An SPF policy (RFC 7208) as a TXT record: which servers may send mail for the domain.
 * Synth fails when it needs more than the 10 DNS lookups SPF allows.
 *
 * The TXT record set of the name holds only this value: a name with other TXT records
 * (verification strings) keeps them together in a zone file (`ZoneRecords`) instead.
 *
 * @example
 * new SpfRecord(this, 'Spf', { zone, includes: ['_spf.google.com', 'amazonses.com'] });
 */
export class SpfRecord extends Construct {
  /** The record's value, e.g. `v=spf1 include:_spf.google.com -all`. */
  public readonly value: string;

  /** The TXT record set. */
  public readonly recordSet: route53.IRecordSet;

  public constructor(scope: Construct, id: string, props: SpfRecordProps) {
    super(scope, id);
    const includes = props.includes ?? [];
    const ip4 = props.ip4 ?? [];
    const ip6 = props.ip6 ?? [];
    const allowMx = props.allowMx ?? false;
    const policy = props.policy ?? SpfPolicy.FAIL;
    const ttl = props.ttl ?? Duration.hours(1);

    const errors = new PropsErrors(this);
    const name = checkRecordName(errors, props.zone, 'recordName', props.recordName, ttl);
    for (const include of includes) {
      domainNameProblems(include, true).forEach((p) => errors.add('includes', include, p));
    }
    ip4.forEach((ip) => errors.check(isIP(ip.split('/')[0]) === 4 && /^[^/]+(\/([0-9]|[12][0-9]|3[0-2]))?$/.test(ip), 'ip4', ip,
      'must be an IPv4 address or CIDR range'));
    ip6.forEach((ip) => errors.check(isIP(ip.split('/')[0]) === 6 && /^[^/]+(\/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))?$/.test(ip), 'ip6', ip,
      'must be an IPv6 address or CIDR range'));
    const lookups = includes.length + (allowMx ? 1 : 0);
    errors.check(lookups <= 10, 'includes', includes, `with allowMx needs ${lookups} DNS lookups: SPF allows at most 10 (flatten some includes)`);
    errors.check(lookups + ip4.length + ip6.length > 0 || policy === SpfPolicy.FAIL, 'policy', policy,
      'must be FAIL when no sender is listed (a domain that sends no mail)');
    errors.throwIfAny();

    this.value = ['v=spf1', ...(allowMx ? ['mx'] : []), ...ip4.map((ip) => `ip4:${ip}`), ...ip6.map((ip) => `ip6:${ip}`),
      ...includes.map((i) => `include:${i}`), policy].join(' ');
    this.recordSet = createRecordSet(this, 'Resource', props.zone, name, route53.RecordType.TXT, [txtValue([this.value])!], ttl);
  }
}
