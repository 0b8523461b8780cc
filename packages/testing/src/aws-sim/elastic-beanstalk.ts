import { SimClock } from './clock';
import { serviceError } from './faults';

/** An application version: how it behaves once deployed. */
export interface SimVersion {
  readonly label: string;
  /** false: the deployment fails and Elastic Beanstalk rolls the environment back to its previous version. @default true */
  readonly deploys?: boolean;
  /** The environment's health once the version runs and has warmed up. @default 'Ok' */
  readonly health?: 'Ok' | 'Warning' | 'Degraded' | 'Severe';
  /** Seconds after Ready during which the health is Degraded (instances warming up). @default 0 */
  readonly warmupSeconds?: number;
  /** Seconds after taking production traffic when the environment's alarms go to ALARM (undefined: never). */
  readonly alarmsAfterSeconds?: number;
  /** The status its health path answers. @default 200 when health is Ok or Warning, else 503 */
  readonly httpStatus?: number;
}

export type SimStatus = 'Launching' | 'Updating' | 'Ready' | 'Aborting' | 'Terminating' | 'Terminated';

/** One environment, as the simulator keeps it. */
export interface SimEnvironment {
  readonly name: string;
  readonly id: string;
  readonly application: string;
  /** The CNAME prefix it holds now. */
  cnamePrefix: string;
  status: SimStatus;
  version?: string;
  description?: string;
  minSize: number;
  maxSize: number;
  /** The HTTP listener on port 80 (false: HTTPS only). */
  httpListener: boolean;
  httpsListener: boolean;
  /** When it last became Ready (health warm-up counts from here). */
  readySince: number;
  /** What Elastic Beanstalk is doing to it, if anything. */
  operation?: { kind: 'deploy' | 'config' | 'swap' | 'managed-update' | 'abort' | 'terminate'; id: number; until: number };
}

/** How long operations take, in simulated seconds. */
export interface SimDurations {
  readonly deploySeconds: number;
  readonly configSeconds: number;
  readonly swapSeconds: number;
  readonly managedUpdateSeconds: number;
  readonly abortSeconds: number;
}

export const DEFAULT_DURATIONS: SimDurations = {
  deploySeconds: 240,
  configSeconds: 150,
  swapSeconds: 60,
  managedUpdateSeconds: 900,
  abortSeconds: 120,
};

/** An event, as DescribeEvents returns it. */
export interface SimEvent {
  readonly EventDate: Date;
  readonly Message: string;
  readonly Severity: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  readonly ApplicationName: string;
  readonly EnvironmentName?: string;
}

const REGION_SUFFIX = 'us-east-1.elasticbeanstalk.com';

/** The state of Elastic Beanstalk: applications, versions, environments, events; operations run on the clock. */
export class ElasticBeanstalkSim {
  public readonly versions = new Map<string, SimVersion>();
  public readonly environments = new Map<string, SimEnvironment>();
  public readonly events: SimEvent[] = [];
  /** Labels registered by CreateApplicationVersion. */
  public readonly registered = new Set<string>();
  /** Called whenever an environment changes (the alarms follow production traffic). */
  public readonly changeListeners: (() => void)[] = [];
  private nextOperation = 1;

  public constructor(private readonly clock: SimClock, public durations: SimDurations = DEFAULT_DURATIONS) {}

  private changed(): void {
    this.changeListeners.forEach((listener) => listener());
  }

  /** Registers a version (a deployment of an unknown label fails as in Elastic Beanstalk). */
  public addVersion(version: SimVersion): void {
    this.versions.set(version.label, version);
  }

  /** Adds a Ready environment. */
  public addEnvironment(env: Partial<SimEnvironment> & { name: string; application: string; cnamePrefix: string }): SimEnvironment {
    const created: SimEnvironment = {
      id: `e-${(this.environments.size + 1).toString().padStart(10, 'a')}`,
      status: 'Ready',
      minSize: 2,
      maxSize: 4,
      httpListener: true,
      httpsListener: false,
      readySince: this.clock.now() - 3600_000,
      ...env,
    };
    this.environments.set(env.name, created);
    return created;
  }

  public env(name: string): SimEnvironment {
    const env = this.environments.get(name);
    if (!env || env.status === 'Terminated') {
      throw serviceError('elasticbeanstalk', 'InvalidParameterValue', 400, `No Environment found for EnvironmentName = '${name}'.`);
    }
    return env;
  }

  /** The environment holding a CNAME prefix, if any (production: what users reach). */
  public holding(prefix: string): SimEnvironment | undefined {
    return [...this.environments.values()].find((e) => e.status !== 'Terminated' && e.cnamePrefix.toLowerCase() === prefix.toLowerCase());
  }

  /** The enhanced health of an environment now: [color, status]. */
  public health(env: SimEnvironment): [string, string] {
    if (env.status === 'Launching' || env.status === 'Terminating' || env.status === 'Terminated') {
      return ['Grey', 'Pending'];
    }
    if (env.operation && env.operation.kind !== 'swap') {
      return ['Grey', 'Info'];
    }
    const version = env.version ? this.versions.get(env.version) : undefined;
    if (version && this.clock.now() < env.readySince + (version.warmupSeconds ?? 0) * 1000) {
      return ['Red', 'Degraded'];
    }
    const health = version?.health ?? 'Ok';
    return [{ Ok: 'Green', Warning: 'Yellow', Degraded: 'Red', Severe: 'Red' }[health], health];
  }

  /**
   * Whether its instances are up and serving: neither a swap nor a change of
   * the Auto Scaling group's MinSize/MaxSize (the only configuration change
   * simulated, which replaces no instance) stops them.
   */
  public serving(env: SimEnvironment): boolean {
    return env.status === 'Ready' || env.operation?.kind === 'swap' || env.operation?.kind === 'config';
  }

  public log(env: SimEnvironment | undefined, application: string, message: string, severity: SimEvent['Severity'] = 'INFO'): void {
    this.events.push({
      EventDate: new Date(this.clock.now()), Message: message, Severity: severity, ApplicationName: application, EnvironmentName: env?.name,
    });
  }

  private requireReady(env: SimEnvironment): void {
    if (env.status !== 'Ready') {
      throw serviceError('elasticbeanstalk', 'InvalidParameterValue', 400,
        `Environment named ${env.name} is in an invalid state for this operation. Must be Ready.`);
    }
  }

  private start(env: SimEnvironment, kind: NonNullable<SimEnvironment['operation']>['kind'], seconds: number, status: SimStatus,
    finish: () => void): void {
    const id = this.nextOperation++;
    env.status = status;
    env.operation = { kind, id, until: this.clock.now() + seconds * 1000 };
    this.clock.at(env.operation.until, () => {
      if (env.operation?.id !== id) {
        return; // aborted meanwhile
      }
      env.operation = undefined;
      finish();
      this.changed();
    });
    this.changed();
  }

  private ready(env: SimEnvironment): void {
    env.status = 'Ready';
    env.readySince = this.clock.now();
  }

  // ---- API ----

  public describeEnvironments(input: any): any {
    const names: string[] | undefined = input.EnvironmentNames;
    const envs = [...this.environments.values()].filter((e) => (!input.ApplicationName || e.application === input.ApplicationName)
      && (!names || names.includes(e.name)) && (input.IncludeDeleted !== false || e.status !== 'Terminated'));
    return {
      Environments: envs.map((e) => {
        const [health, status] = this.health(e);
        return {
          EnvironmentName: e.name,
          EnvironmentId: e.id,
          ApplicationName: e.application,
          VersionLabel: e.version,
          Description: e.description,
          CNAME: `${e.cnamePrefix}.${REGION_SUFFIX}`,
          EndpointURL: `awseb-${e.id}.${REGION_SUFFIX}`,
          Status: e.status,
          Health: health,
          HealthStatus: status,
          DateUpdated: new Date(this.clock.now()),
        };
      }),
    };
  }

  public describeEvents(input: any): any {
    const start = input.StartTime ? new Date(input.StartTime).getTime() : 0;
    const events = this.events
      .filter((e) => (!input.ApplicationName || e.ApplicationName === input.ApplicationName)
        && (!input.EnvironmentName || e.EnvironmentName === input.EnvironmentName)
        && e.EventDate.getTime() >= start)
      .sort((a, b) => b.EventDate.getTime() - a.EventDate.getTime())
      .slice(0, input.MaxRecords ?? 1000);
    return { Events: events };
  }

  public describeConfigurationSettings(input: any): any {
    const env = this.env(input.EnvironmentName);
    return {
      ConfigurationSettings: [{
        ApplicationName: env.application,
        EnvironmentName: env.name,
        OptionSettings: [
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: String(env.minSize) },
          { Namespace: 'aws:autoscaling:asg', OptionName: 'MaxSize', Value: String(env.maxSize) },
          { Namespace: 'aws:elasticbeanstalk:environment', OptionName: 'EnvironmentType', Value: 'LoadBalanced' },
          { Namespace: 'aws:elbv2:listener:default', OptionName: 'ListenerEnabled', Value: String(env.httpListener) },
          ...(env.httpsListener ? [{ Namespace: 'aws:elbv2:listener:443', OptionName: 'Protocol', Value: 'HTTPS' }] : []),
        ],
      }],
    };
  }

  public createApplicationVersion(input: any): any {
    if (this.registered.has(input.VersionLabel)) {
      throw serviceError('elasticbeanstalk', 'InvalidParameterValue', 400, `Application Version ${input.VersionLabel} already exists.`);
    }
    this.registered.add(input.VersionLabel);
    if (!this.versions.has(input.VersionLabel)) {
      this.addVersion({ label: input.VersionLabel });
    }
    return { ApplicationVersion: { ApplicationName: input.ApplicationName, VersionLabel: input.VersionLabel, Status: 'UNPROCESSED' } };
  }

  public updateEnvironment(input: any): any {
    const env = this.env(input.EnvironmentName);
    this.requireReady(env);
    if (input.VersionLabel !== undefined) {
      const version = this.versions.get(input.VersionLabel);
      if (!version) {
        throw serviceError('elasticbeanstalk', 'InvalidParameterValue', 400, `No Application Version named '${input.VersionLabel}' found.`);
      }
      this.log(env, env.application, `Environment update is starting (version ${input.VersionLabel}).`);
      this.start(env, 'deploy', this.durations.deploySeconds, 'Updating', () => {
        this.ready(env);
        if (version.deploys === false) {
          this.log(env, env.application, `Failed to deploy application version ${input.VersionLabel}: rolled back to ${env.version}.`, 'ERROR');
        } else {
          env.version = input.VersionLabel;
          this.log(env, env.application, 'Environment update completed successfully.');
        }
      });
    } else {
      const min = option(input.OptionSettings, 'MinSize');
      const max = option(input.OptionSettings, 'MaxSize');
      const nextMin = min ?? env.minSize;
      const nextMax = max ?? env.maxSize;
      if (nextMin > nextMax) {
        throw serviceError('elasticbeanstalk', 'ConfigurationValidationException', 400,
          `Configuration validation exception: MinSize (${nextMin}) must be less than or equal to MaxSize (${nextMax}).`);
      }
      this.log(env, env.application, 'Environment update is starting (configuration).');
      this.start(env, 'config', this.durations.configSeconds, 'Updating', () => {
        env.minSize = nextMin;
        env.maxSize = nextMax;
        this.ready(env);
        this.log(env, env.application, `Updated Auto Scaling group size: ${nextMin}-${nextMax}. Environment update completed successfully.`);
      });
    }
    return { EnvironmentName: env.name, Status: env.status };
  }

  public swapEnvironmentCNAMEs(input: any): any {
    const source = this.env(input.SourceEnvironmentName);
    const destination = this.env(input.DestinationEnvironmentName);
    if (source === destination) {
      throw serviceError('elasticbeanstalk', 'InvalidParameterValue', 400, 'Cannot swap an environment with itself.');
    }
    this.requireReady(source);
    this.requireReady(destination);
    for (const env of [source, destination]) {
      this.log(env, env.application, `Swapping CNAMEs for environments '${source.name}' and '${destination.name}'.`);
    }
    let done = 0;
    const finish = () => {
      done += 1;
      if (done === 2) {
        [source.cnamePrefix, destination.cnamePrefix] = [destination.cnamePrefix, source.cnamePrefix];
        for (const env of [source, destination]) {
          env.status = 'Ready';
          this.log(env, env.application, 'Completed swapping CNAMEs for environments.');
        }
      }
    };
    this.start(source, 'swap', this.durations.swapSeconds, 'Updating', finish);
    this.start(destination, 'swap', this.durations.swapSeconds, 'Updating', finish);
    return {};
  }

  public abortEnvironmentUpdate(input: any): any {
    const env = this.env(input.EnvironmentName);
    if (env.status !== 'Updating' || env.operation?.kind !== 'deploy') {
      throw serviceError('elasticbeanstalk', 'OperationInProgressFailure', 400, `Environment ${env.name} has no update that can be aborted.`);
    }
    this.log(env, env.application, 'Aborting the environment update.', 'WARN');
    this.start(env, 'abort', this.durations.abortSeconds, 'Aborting', () => {
      this.ready(env);
      this.log(env, env.application, 'Environment update was aborted: rolled back to the previous version.', 'WARN');
    });
    return {};
  }

  /** A managed platform update starts on an environment (its weekly window). */
  public startManagedUpdate(name: string): void {
    const env = this.env(name);
    this.requireReady(env);
    this.log(env, env.application, 'Managed platform update is starting.');
    this.start(env, 'managed-update', this.durations.managedUpdateSeconds, 'Updating', () => {
      this.ready(env);
      this.log(env, env.application, 'Managed platform update completed successfully.');
    });
  }

  /** The status an HTTP(S) request to a CNAME gets (throws as fetch does when nothing listens). */
  public request(url: string): number {
    const parsed = new URL(url);
    const prefix = parsed.hostname.endsWith(`.${REGION_SUFFIX}`) ? parsed.hostname.slice(0, -REGION_SUFFIX.length - 1) : undefined;
    const env = prefix ? this.holding(prefix) : undefined;
    const https = parsed.protocol === 'https:';
    if (!env || !this.serving(env) || (https ? !env.httpsListener : !env.httpListener)) {
      const error = new TypeError('fetch failed') as any;
      error.cause = Object.assign(new Error(`connect ECONNREFUSED ${parsed.hostname}:${https ? 443 : 80}`), { code: 'ECONNREFUSED' });
      throw error;
    }
    const version = env.version ? this.versions.get(env.version) : undefined;
    const [, health] = this.health(env);
    return version?.httpStatus ?? (health === 'Ok' || health === 'Warning' ? 200 : 503);
  }
}

function option(settings: any[] | undefined, name: string): number | undefined {
  const raw = (settings ?? []).find((o) => o.Namespace === 'aws:autoscaling:asg' && o.OptionName === name)?.Value;
  return raw === undefined ? undefined : Number(raw);
}
