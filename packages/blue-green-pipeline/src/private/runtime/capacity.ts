/* eslint-disable import/no-extraneous-dependencies -- run-time code: esbuild bundles the AWS SDK clients into the Lambda handlers and the CLI; the library (lib/index.js) never loads this file */
import { DescribeConfigurationSettingsCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';

/** The option namespace of an environment's Auto Scaling group size. */
export const ASG_NAMESPACE = 'aws:autoscaling:asg';

/** The configured size of an environment's Auto Scaling group (option settings, not the group's current state). */
export interface Capacity {
  readonly minSize: number;
  readonly maxSize: number;
}

/**
 * Reads an environment's configured MinSize and MaxSize (`aws:autoscaling:asg`).
 *
 * @returns undefined when the environment has no such settings (nothing to compare)
 */
export async function readCapacity(eb: ElasticBeanstalkClient, applicationName: string, environmentName: string): Promise<Capacity | undefined> {
  const options = await readOptions(eb, applicationName, environmentName);
  const value = (name: string) => {
    const raw = options.find((o) => o.Namespace === ASG_NAMESPACE && o.OptionName === name)?.Value;
    return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
  };
  const minSize = value('MinSize');
  const maxSize = value('MaxSize');
  return minSize === undefined || maxSize === undefined ? undefined : { minSize, maxSize };
}

async function readOptions(eb: ElasticBeanstalkClient, applicationName: string, environmentName: string) {
  const response = await eb.send(new DescribeConfigurationSettingsCommand({ ApplicationName: applicationName, EnvironmentName: environmentName }));
  return response?.ConfigurationSettings?.[0]?.OptionSettings ?? [];
}

/**
 * Which listeners an environment's load balancer has: the HTTP one on port 80
 * (`aws:elbv2:listener:default`, on unless turned off) and an HTTPS one on 443.
 */
export async function readListeners(eb: ElasticBeanstalkClient, applicationName: string,
  environmentName: string): Promise<{ http: boolean; https: boolean }> {
  const options = await readOptions(eb, applicationName, environmentName);
  const http = options.find((o) => o.Namespace === 'aws:elbv2:listener:default' && o.OptionName === 'ListenerEnabled')?.Value;
  return {
    http: http === undefined || http.toLowerCase() !== 'false',
    https: options.some((o) => o.Namespace === 'aws:elbv2:listener:443'),
  };
}

/** `min-max instances`, for a person. */
export function formatCapacity(capacity: Capacity): string {
  if (capacity.minSize === capacity.maxSize) {
    return `${capacity.minSize} instance${capacity.minSize === 1 ? '' : 's'}`;
  }
  return `${capacity.minSize}-${capacity.maxSize} instances`;
}

/**
 * What the idle environment needs before it receives a version or traffic:
 * at least the live environment's size (it may have been scaled down after
 * the previous release), never less than it has.
 *
 * The larger of the two, bound by bound: when the live one is the smaller
 * (a console or forced swap onto a scaled-down environment), copying it would
 * shrink the idle one, and the next release would swap an under-sized
 * environment in.
 *
 * @returns the size to restore, or undefined when the idle one is at least as large
 */
export function capacityToRestore(live: Capacity | undefined, idle: Capacity | undefined): Capacity | undefined {
  if (!live || !idle) {
    return undefined;
  }
  const target = { minSize: Math.max(live.minSize, idle.minSize), maxSize: Math.max(live.maxSize, idle.maxSize) };
  return target.minSize === idle.minSize && target.maxSize === idle.maxSize ? undefined : target;
}

/**
 * What scaling an environment down to `instances` means for its current size:
 * MinSize = MaxSize = `instances`, or nothing when it is already that small.
 *
 * @returns the size to set, or undefined when nothing is to be done
 */
export function capacityAfterScaleDown(current: Capacity | undefined, instances: number): Capacity | undefined {
  if (current && current.maxSize <= instances) {
    return undefined;
  }
  return { minSize: instances, maxSize: instances };
}

/** The option settings of UpdateEnvironment that set a capacity. */
export function capacityOptionSettings(capacity: Capacity) {
  return [
    { Namespace: ASG_NAMESPACE, OptionName: 'MinSize', Value: String(capacity.minSize) },
    { Namespace: ASG_NAMESPACE, OptionName: 'MaxSize', Value: String(capacity.maxSize) },
  ];
}
