/* eslint-disable import/no-extraneous-dependencies -- run-time code: esbuild bundles the AWS SDK clients into the Lambda handlers and the CLI; the library (lib/index.js) never loads this file */
import { DescribeEnvironmentsCommand, ElasticBeanstalkClient, EnvironmentDescription } from '@aws-sdk/client-elastic-beanstalk';

/** A release decision that cannot be made: the message says why, for a person. */
export class ReleaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReleaseError';
  }
}

/** What the runtime needs to know about the two environments of one application. */
export interface ReleaseTarget {
  readonly applicationName: string;
  /** Exactly two environment names. */
  readonly environmentNames: string[];
  /** The CNAME prefix users reach: `<prefix>.<region>.elasticbeanstalk.com`. */
  readonly productionCnamePrefix: string;
}

/** The two environments, by role, as Elastic Beanstalk sees them now. */
export interface EnvironmentPair {
  /** The environment holding the production CNAME. */
  readonly live: EnvironmentDescription;
  /** The other one: it receives the next version. */
  readonly idle: EnvironmentDescription;
}

/** Statuses during which Elastic Beanstalk is busy with an operation on the environment. */
const BUSY_STATUSES = ['Launching', 'Updating', 'Aborting', 'LinkingFrom', 'LinkingTo', 'Terminating'];

/** Checks a target: exactly two environments with different names. */
export function validateTarget(target: ReleaseTarget): void {
  const names = target.environmentNames;
  if (names.length !== 2) {
    throw new ReleaseError(`blue/green needs exactly two environments, got ${names.length} (${names.join(', ') || 'none'})`);
  }
  if (names[0] === names[1]) {
    throw new ReleaseError(`the two environments must have different names, both are '${names[0]}'`);
  }
  if (!target.productionCnamePrefix) {
    throw new ReleaseError('the production CNAME prefix is required');
  }
}

/** Whether an environment's CNAME is `<prefix>.<anything>`. */
export function holdsPrefix(env: EnvironmentDescription, prefix: string): boolean {
  return (env.CNAME ?? '').toLowerCase().startsWith(`${prefix.toLowerCase()}.`);
}

/**
 * Decides which environment is live (holds the production CNAME) and which is idle.
 *
 * Decided at run time from Elastic Beanstalk, never from the stack: after a swap,
 * CloudFormation's view of which environment has which prefix is reversed.
 *
 * @throws ReleaseError when an environment is missing, or when both or neither
 * environment holds the production CNAME
 */
export function classify(target: ReleaseTarget, environments: EnvironmentDescription[]): EnvironmentPair {
  validateTarget(target);
  const found = target.environmentNames.map((name) => {
    const matches = environments.filter((e) => e.EnvironmentName === name && e.Status !== 'Terminated');
    if (matches.length === 0) {
      throw new ReleaseError(`environment '${name}' of application '${target.applicationName}' was not found (or is terminated)`);
    }
    return matches[0];
  });
  const claiming = found.filter((e) => holdsPrefix(e, target.productionCnamePrefix));
  if (claiming.length === 2) {
    throw new ReleaseError(`both environments claim the production CNAME prefix '${target.productionCnamePrefix}' `
      + `(${found.map((e) => `${e.EnvironmentName}: ${e.CNAME}`).join(', ')}): refusing to guess which one is live`);
  }
  if (claiming.length === 0) {
    throw new ReleaseError(`neither environment holds the production CNAME prefix '${target.productionCnamePrefix}' `
      + `(${found.map((e) => `${e.EnvironmentName}: ${e.CNAME ?? 'no CNAME'}`).join(', ')}): refusing to guess which one is live`);
  }
  const live = claiming[0];
  const idle = found.find((e) => e !== live)!;
  return { live, idle };
}

/** Reads both environments from Elastic Beanstalk and classifies them. */
export async function describePair(eb: ElasticBeanstalkClient, target: ReleaseTarget): Promise<EnvironmentPair> {
  validateTarget(target);
  const response = await eb.send(new DescribeEnvironmentsCommand({
    ApplicationName: target.applicationName,
    EnvironmentNames: target.environmentNames,
    IncludeDeleted: false,
  }));
  return classify(target, response.Environments ?? []);
}

/**
 * Finds the two environments of an application when their names are not given.
 *
 * @throws ReleaseError when the application has fewer or more than two live environments
 */
export async function discoverEnvironmentNames(eb: ElasticBeanstalkClient, applicationName: string): Promise<string[]> {
  const response = await eb.send(new DescribeEnvironmentsCommand({ ApplicationName: applicationName, IncludeDeleted: false }));
  const names = (response.Environments ?? [])
    .filter((e) => e.Status !== 'Terminated' && e.Status !== 'Terminating')
    .map((e) => e.EnvironmentName!)
    .sort();
  if (names.length !== 2) {
    throw new ReleaseError(`application '${applicationName}' has ${names.length} environments (${names.join(', ') || 'none'}): `
      + 'blue/green needs exactly two; name them with --environments');
  }
  return names;
}

/** The operation in progress on an environment, if Elastic Beanstalk is busy with one. */
export function busyWith(env: EnvironmentDescription): string | undefined {
  return BUSY_STATUSES.includes(env.Status ?? '') ? env.Status : undefined;
}

/**
 * Refuses to start while either environment is busy: another deployment, swap or
 * update (a concurrent pipeline execution, or someone using the console or CLI).
 */
export function assertNotBusy(pair: EnvironmentPair): void {
  for (const env of [pair.live, pair.idle]) {
    const busy = busyWith(env);
    if (busy) {
      throw new ReleaseError(`environment '${env.EnvironmentName}' is ${busy}: another deployment or swap is in progress; `
        + 'wait for it to finish and try again');
    }
  }
}

/** How an environment's health reads for a release. */
export enum HealthVerdict {
  /** Ready, and health Ok (enhanced) or Green (basic). */
  HEALTHY = 'HEALTHY',
  /** Not Ready yet, or a transient health (Pending, Info, Warning, NoData, Unknown). */
  WAITING = 'WAITING',
  /** Degraded or Severe (enhanced), Red (basic): failing unless it recovers within the grace period. */
  UNHEALTHY = 'UNHEALTHY',
}

/** Reads an environment's status and health. */
export function healthVerdict(env: EnvironmentDescription): HealthVerdict {
  const status = env.HealthStatus;
  if (status === 'Severe' || status === 'Degraded' || (!status && env.Health === 'Red')) {
    return HealthVerdict.UNHEALTHY;
  }
  if (env.Status !== 'Ready') {
    return HealthVerdict.WAITING;
  }
  if (status === 'Ok' || (!status && env.Health === 'Green')) {
    return HealthVerdict.HEALTHY;
  }
  return HealthVerdict.WAITING;
}

/** One line about an environment: name, status, health, version, CNAME. */
export function describeEnvironment(env: EnvironmentDescription): string {
  const health = env.HealthStatus ? `${env.Health ?? '?'}/${env.HealthStatus}` : env.Health ?? '?';
  return `${env.EnvironmentName}: ${env.Status ?? '?'}, health ${health}, version ${env.VersionLabel ?? '(none)'}, ${env.CNAME ?? '(no CNAME)'}`;
}

/** The URL of an environment's CNAME with a path, over HTTP (or HTTPS). */
export function environmentUrl(env: EnvironmentDescription, path: string, protocol: 'http' | 'https' = 'http'): string {
  return `${protocol}://${env.CNAME}${path.startsWith('/') ? path : `/${path}`}`;
}
