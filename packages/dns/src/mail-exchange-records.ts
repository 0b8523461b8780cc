import { PropsErrors } from '@ebkit/core';
import { Duration, Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { domainNameProblems, normalizeName } from './private/domain-name';
import { checkRecordName, createRecordSet } from './private/record-helpers';

/** One mail server of an MX record set. */
export interface MailServer {
  /** The mail server's host name, e.g. `aspmx.l.google.com`. */
  readonly hostName: string;

  /** The preference: lower is tried first (0 to 65535). */
  readonly priority: number;
}

/**
 * Props of {@link MailExchangeRecords}.
 */
export interface MailExchangeRecordsProps {
  /** The hosted zone. */
  readonly zone: route53.IHostedZone;

  /** The mail servers, at least one. */
  readonly servers: MailServer[];

  /**
   * The name that receives mail, relative to the zone or fully qualified.
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
 * The MX record set of a domain: where its mail is delivered.
 *
 * @example
 * new MailExchangeRecords(this, 'Mx', {
 *   zone,
 *   servers: [{ hostName: 'smtp.google.com', priority: 1 }],
 * });
 */
export class MailExchangeRecords extends Construct {
  /** The MX record set. */
  public readonly recordSet: route53.IRecordSet;

  public constructor(scope: Construct, id: string, props: MailExchangeRecordsProps) {
    super(scope, id);
    const ttl = props.ttl ?? Duration.hours(1);

    const errors = new PropsErrors(this);
    const name = checkRecordName(errors, props.zone, 'recordName', props.recordName, ttl);
    errors.check(props.servers.length > 0, 'servers', props.servers, 'must name at least one mail server');
    const hosts = new Set<string>();
    for (const server of props.servers) {
      errors.checkRange('servers.priority', 0, 65535, server.priority);
      if (Token.isUnresolved(server.hostName)) {
        continue;
      }
      domainNameProblems(server.hostName).forEach((p) => errors.add('servers.hostName', server.hostName, p));
      const host = normalizeName(server.hostName);
      errors.check(!hosts.has(host), 'servers.hostName', server.hostName, 'must not be listed twice');
      hosts.add(host);
    }
    errors.throwIfAny();

    const values = props.servers.map((s) => `${s.priority} ${Token.isUnresolved(s.hostName) ? s.hostName : `${normalizeName(s.hostName)}.`}`);
    this.recordSet = createRecordSet(this, 'Resource', props.zone, name, route53.RecordType.MX, values, ttl);
  }
}
