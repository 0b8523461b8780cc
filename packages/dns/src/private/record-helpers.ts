import { PropsErrors } from '@ebkit/core';
import { Duration, Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { domainNameProblems, isInZone, normalizeName } from './domain-name';
import { claimRecordSet } from './record-registry';

/** Route 53's largest TTL. */
export const MAX_TTL_SECONDS = 2147483647;

/**
 * Checks a record name against the zone and TTL range; returns the fully qualified name
 * (lowercase, no trailing dot) to create, or undefined when the zone name is a token.
 */
export function checkRecordName(errors: PropsErrors, zone: route53.IHostedZone, prop: string, name: string | undefined, ttl?: Duration): string {
  const zoneName = Token.isUnresolved(zone.zoneName) ? undefined : normalizeName(zone.zoneName);
  // integral: false, so that 1.5 seconds is reported with the prop instead of thrown by aws-cdk-lib
  errors.checkRange('ttl', 0, MAX_TTL_SECONDS, ttl?.toSeconds({ integral: false }));
  if (name === undefined) {
    return zoneName ?? zone.zoneName;
  }
  if (Token.isUnresolved(name)) {
    return name;
  }
  const fqdn = normalizeName(zoneName !== undefined && !name.endsWith('.') && !isInZone(name, zoneName) ? `${name}.${zoneName}` : name);
  const problems = domainNameProblems(fqdn, true);
  problems.forEach((p) => errors.add(prop, name, p));
  if (problems.length === 0 && zoneName !== undefined) {
    errors.check(isInZone(fqdn, zoneName), prop, name, `must be inside the zone ${zoneName}`);
  }
  return fqdn;
}

/** Creates one record set with the package's duplicate check. */
export function createRecordSet(scope: Construct, id: string, zone: route53.IHostedZone, name: string, type: route53.RecordType,
  values: string[], ttl: Duration): route53.RecordSet {
  claimRecordSet(scope, zone, name, type);
  return new route53.RecordSet(scope, id, {
    zone,
    recordName: Token.isUnresolved(name) ? name : `${name}.`,
    recordType: type,
    target: route53.RecordTarget.fromValues(...values),
    ttl,
  });
}

/** The simple e-mail address form DMARC report URIs and CAA iodef need. */
export const EMAIL = '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$';
