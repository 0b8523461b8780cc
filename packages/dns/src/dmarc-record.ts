import { PropsErrors } from '@ebkit/core';
import { Duration } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { checkRecordName, createRecordSet, EMAIL } from './private/record-helpers';
import { txtValue } from './private/zone-file-parser';

/** What receivers do with mail that fails DMARC. */
export enum DmarcPolicy {
  /** `none`: only report (start here and read the reports). */
  NONE = 'none',
  /** `quarantine`: deliver to spam. */
  QUARANTINE = 'quarantine',
  /** `reject`: refuse it. */
  REJECT = 'reject',
}

/**
 * Props of {@link DmarcRecord}.
 */
export interface DmarcRecordProps {
  /** The hosted zone. */
  readonly zone: route53.IHostedZone;

  /** What receivers do with mail that fails SPF and DKIM alignment. */
  readonly policy: DmarcPolicy;

  /**
   * The policy for subdomains.
   *
   * @default - the same as `policy`
   */
  readonly subdomainPolicy?: DmarcPolicy;

  /**
   * The percentage of failing mail the policy applies to (0 to 100).
   *
   * @default 100
   */
  readonly percentage?: number;

  /**
   * E-mail addresses that receive daily aggregate reports (`rua`).
   *
   * @default - no reports
   */
  readonly aggregateReportAddresses?: string[];

  /**
   * E-mail addresses that receive failure reports (`ruf`).
   *
   * @default - no failure reports
   */
  readonly failureReportAddresses?: string[];

  /**
   * Whether DKIM and SPF domains must match the From domain exactly (`adkim=s; aspf=s`)
   * rather than share the organizational domain.
   *
   * @default false
   */
  readonly strictAlignment?: boolean;

  /**
   * The domain the policy protects, relative to the zone or fully qualified; the record is
   * `_dmarc.<domain>`.
   *
   * @default - the zone apex
   */
  readonly domainName?: string;

  /**
   * The TTL.
   *
   * @default Duration.hours(1)
   */
  readonly ttl?: Duration;
}

/**
 * A DMARC policy (RFC 7489): the `_dmarc` TXT record that tells receivers what to do with mail
 * that fails SPF and DKIM, and where to send reports.
 *
 * @example
 * new DmarcRecord(this, 'Dmarc', {
 *   zone,
 *   policy: DmarcPolicy.QUARANTINE,
 *   aggregateReportAddresses: ['dmarc@example.com'],
 * });
 */
export class DmarcRecord extends Construct {
  /** The record's value, e.g. `v=DMARC1; p=reject; rua=mailto:dmarc@example.com`. */
  public readonly value: string;

  /** The TXT record set. */
  public readonly recordSet: route53.IRecordSet;

  public constructor(scope: Construct, id: string, props: DmarcRecordProps) {
    super(scope, id);
    const percentage = props.percentage ?? 100;
    const rua = props.aggregateReportAddresses ?? [];
    const ruf = props.failureReportAddresses ?? [];
    const strict = props.strictAlignment ?? false;
    const ttl = props.ttl ?? Duration.hours(1);

    const errors = new PropsErrors(this);
    const domain = checkRecordName(errors, props.zone, 'domainName', props.domainName, ttl);
    errors.checkRange('percentage', 0, 100, percentage);
    rua.forEach((a) => errors.checkPattern('aggregateReportAddresses', EMAIL, 'must be an e-mail address', a));
    ruf.forEach((a) => errors.checkPattern('failureReportAddresses', EMAIL, 'must be an e-mail address', a));
    errors.throwIfAny();

    const tags = ['v=DMARC1', `p=${props.policy}`];
    if (props.subdomainPolicy !== undefined) {
      tags.push(`sp=${props.subdomainPolicy}`);
    }
    if (percentage !== 100) {
      tags.push(`pct=${percentage}`);
    }
    if (rua.length > 0) {
      tags.push(`rua=${rua.map((a) => `mailto:${a}`).join(',')}`);
    }
    if (ruf.length > 0) {
      tags.push(`ruf=${ruf.map((a) => `mailto:${a}`).join(',')}`);
    }
    if (strict) {
      tags.push('adkim=s', 'aspf=s');
    }
    this.value = tags.join('; ');
    const name = `_dmarc.${domain}`;
    this.recordSet = createRecordSet(this, 'Resource', props.zone, name, route53.RecordType.TXT, [txtValue([this.value])!], ttl);
  }
}
