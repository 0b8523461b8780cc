/* eslint-disable import/no-extraneous-dependencies -- run-time code: esbuild bundles the AWS SDK clients into the Lambda handlers and the CLI; the library (lib/index.js) never loads this file */
import { DescribeConfigurationSettingsCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';

/** The option namespace of an environment's Auto Scaling group size. */
export const ASG_NAMESPACE = 'aws:autoscaling:asg';

/** The configured size of an environment's Auto Scaling group (option settings, not the group's current state). */
export interface Capacity {
  readonly minSize: number;
  readonly maxSize: number;
}

/** Limits of the scaled-down size (Elastic Beanstalk keeps at least one instance in an environment's group). */
export const SCALE_DOWN_LIMITS = { instances: [1, 1000], drainSeconds: [60, 4 * 3600] } as const;

/**
 * Reads an environment's configured MinSize and MaxSize (`aws:autoscaling:asg`).
 *
 * @returns undefined when the environment has no such settings (nothing to compare)
 */
export async function readCapacity(eb: ElasticBeanstalkClient, applicationName: string, environmentName: string): Promise<Capacity | undefined> {
  const response = await eb.send(new DescribeConfigurationSettingsCommand({ ApplicationName: applicationName, EnvironmentName: environmentName }));
  const options = response?.ConfigurationSettings?.[0]?.OptionSettings ?? [];
  const value = (name: string) => {
    const raw = options.find((o) => o.Namespace === ASG_NAMESPACE && o.OptionName === name)?.Value;
    return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
  };
  const minSize = value('MinSize');
  const maxSize = value('MaxSize');
  return minSize === undefined || maxSize === undefined ? undefined : { minSize, maxSize };
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
 * the live environment's size, when it has a smaller or different one (it was
 * scaled down after a release, or changed by hand).
 *
 * Both environments are built from the same props, so the live one's size is
 * the size the idle one had before a scale-down.
 *
 * @returns the size to restore, or undefined when nothing is to be done
 */
export function capacityToRestore(live: Capacity | undefined, idle: Capacity | undefined): Capacity | undefined {
  if (!live || !idle) {
    return undefined;
  }
  return live.minSize === idle.minSize && live.maxSize === idle.maxSize ? undefined : live;
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
