import { PropsErrors } from '@ebkit/core';
import { Duration } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { domainNameProblems } from './private/domain-name';
import { checkRecordName, createRecordSet, EMAIL } from './private/record-helpers';

/**
 * Props of {@link CaaRecords}.
 */
export interface CaaRecordsProps {
  /** The hosted zone. */
  readonly zone: route53.IHostedZone;

  /**
   * The certificate authorities that may issue certificates for the name (`issue`), by their
   * CAA domain. `amazon.com` is AWS Certificate Manager (ACM also accepts `amazontrust.com`,
   * `awstrust.com` and `amazonaws.com`).
   *
   * @default ['amazon.com']
   */
  readonly issuers?: string[];

  /**
   * The certificate authorities that may issue wildcard certificates (`issuewild`); an empty
   * list forbids wildcard certificates.
   *
   * @default - the same as `issuers`
   */
  readonly wildcardIssuers?: string[];

  /**
   * An e-mail address that certificate authorities notify about refused requests (`iodef`).
   *
   * @default - none
   */
  readonly reportAddress?: string;

  /**
   * The name the records cover (with every name below it), relative to the zone or fully qualified.
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
 * CAA records (RFC 8659) that limit which certificate authorities may issue certificates for the
 * domain: by default only Amazon's, so only AWS Certificate Manager can.
 *
 * @example
 * new CaaRecords(this, 'Caa', { zone });
 */
export class CaaRecords extends Construct {
  /** The CAA record set. */
  public readonly recordSet: route53.IRecordSet;

  /** The values, e.g. `0 issue "amazon.com"`. */
  public readonly values: string[];

  public constructor(scope: Construct, id: string, props: CaaRecordsProps) {
    super(scope, id);
    const issuers = props.issuers ?? ['amazon.com'];
    const wildcardIssuers = props.wildcardIssuers ?? issuers;
    const ttl = props.ttl ?? Duration.hours(1);

    const errors = new PropsErrors(this);
    const name = checkRecordName(errors, props.zone, 'recordName', props.recordName, ttl);
    errors.check(issuers.length > 0, 'issuers', issuers, 'must name at least one certificate authority (or no certificate could be issued)');
    issuers.forEach((i) => domainNameProblems(i).forEach((p) => errors.add('issuers', i, p)));
    wildcardIssuers.forEach((i) => domainNameProblems(i).forEach((p) => errors.add('wildcardIssuers', i, p)));
    errors.checkPattern('reportAddress', EMAIL, 'must be an e-mail address', props.reportAddress);
    errors.throwIfAny();

    const values = issuers.map((i) => `0 issue "${i}"`);
    values.push(...(wildcardIssuers.length > 0 ? wildcardIssuers.map((i) => `0 issuewild "${i}"`) : ['0 issuewild ";"']));
    if (props.reportAddress !== undefined) {
      values.push(`0 iodef "mailto:${props.reportAddress}"`);
    }
    this.values = values;
    this.recordSet = createRecordSet(this, 'Resource', props.zone, name, route53.RecordType.CAA, values, ttl);
  }
}
