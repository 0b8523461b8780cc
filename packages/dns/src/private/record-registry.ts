import { Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { normalizeName } from './domain-name';

/** Per stack: `<zone id> <name> <type> <set identifier>` -> path of the construct that made it. */
const REGISTRY = new WeakMap<Stack, Map<string, string>>();

/**
 * Claims a record set (zone, name, type) for a construct of this package, and throws when another
 * one already made it: CloudFormation would fail the deployment with "already exists", after
 * minutes; here synth fails at once and names both constructs.
 *
 * @param setIdentifier for routing policies (failover...), where one name and type has several sets
 */
export function claimRecordSet(owner: IConstruct, zone: route53.IHostedZone, name: string, type: string, setIdentifier: string = ''): void {
  const stack = Stack.of(owner);
  let claims = REGISTRY.get(stack);
  if (!claims) {
    claims = new Map();
    REGISTRY.set(stack, claims);
  }
  const set = `${zone.hostedZoneId} ${normalizeName(name)} ${type}`;
  const key = `${set} ${setIdentifier}`;
  // a plain record set excludes every other set of its name and type; routed sets exclude their own identifier
  const previous = claims.get(key) ?? (setIdentifier === '' ? [...claims].find(([k]) => k.startsWith(`${set} `))?.[1] : claims.get(`${set} `));
  if (previous !== undefined) {
    throw new Error(`${owner.node.path}: the ${type} record set of ${normalizeName(name)} is already made by ${previous}: `
      + 'a name has one record set per type, so put all values in one place (for example in the zone file) or drop one');
  }
  claims.set(key, owner.node.path);
}
