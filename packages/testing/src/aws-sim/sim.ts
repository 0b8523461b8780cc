import { SimClock } from './clock';
import { ElasticBeanstalkSim, SimDurations, DEFAULT_DURATIONS } from './elastic-beanstalk';
import { FaultInjector, faultError, serviceError, SimService } from './faults';
import { CloudWatchSim, CodePipelineSim, DynamoDbSim, SnsSim } from './services';

/** One call the simulator answered (or failed). */
export interface SimCall {
  readonly service: SimService;
  readonly command: string;
  readonly actor: string;
  readonly input: any;
  readonly at: number;
  readonly error?: string;
}

/** Options of {@link AwsSim}. */
export interface AwsSimOptions {
  readonly start?: number;
  readonly durations?: Partial<SimDurations>;
}

const CLIENT_SERVICES: Record<string, SimService> = {
  ElasticBeanstalkClient: 'elasticbeanstalk',
  CloudWatchClient: 'cloudwatch',
  CodePipelineClient: 'codepipeline',
  DynamoDBClient: 'dynamodb',
  SNSClient: 'sns',
};

/** Commands that change Elastic Beanstalk environments (the "pair" of a blue/green release). */
export const MUTATING_COMMANDS = ['UpdateEnvironmentCommand', 'SwapEnvironmentCNAMEsCommand', 'AbortEnvironmentUpdateCommand'];

/**
 * A stateful, in-process simulation of the AWS APIs a blue/green release
 * uses: Elastic Beanstalk (environments, versions, health, events, CNAME swaps,
 * Auto Scaling sizes), CloudWatch alarms, CodePipeline job results and
 * executions, DynamoDB conditional writes, SNS topics, on a simulated clock, with a fault
 * injector in front of every call.
 *
 * Code under test uses the real AWS SDK v3 clients: {@link AwsSim.client}
 * (or {@link AwsSim.attach}) adds a middleware to a client's stack that hands
 * the command, after the SDK has validated and serialized it, to this state
 * instead of sending it over the network.
 */
export class AwsSim {
  /** A standard blue/green pair: application `shop`, `shop-blue` live on v1 with `shop`, `shop-green` idle on v1; the lock table `shop-release-lock`, the topic `shop-alarms`. */
  public static bluegreen(options: AwsSimOptions & { withAlarms?: boolean } = {}): AwsSim {
    const sim = new AwsSim(options);
    sim.eb.addVersion({ label: 'v1' });
    sim.eb.registered.add('v1');
    sim.eb.addEnvironment({ name: 'shop-blue', application: 'shop', cnamePrefix: 'shop', version: 'v1', description: 'ebkit blue/green: blue' });
    sim.eb.addEnvironment({ name: 'shop-green', application: 'shop', cnamePrefix: 'shop-staging', version: 'v1', description: 'ebkit blue/green: green' });
    if (options.withAlarms !== false) {
      sim.bindAlarms('shop-blue', ['shop-blue-health', 'shop-blue-5xx'], 'shop');
      sim.bindAlarms('shop-green', ['shop-green-health', 'shop-green-5xx'], 'shop');
    }
    sim.dynamodb.createTable('shop-release-lock', 'lockId');
    sim.sns.createTopic('shop-alarms');
    return sim;
  }

  public readonly clock: SimClock;
  public readonly eb: ElasticBeanstalkSim;
  public readonly cloudwatch: CloudWatchSim;
  public readonly codepipeline: CodePipelineSim;
  public readonly dynamodb: DynamoDbSim;
  public readonly sns: SnsSim;
  public readonly faults = new FaultInjector();
  /** Every call, in order. */
  public readonly calls: SimCall[] = [];
  /** Called after every answered call (invariant checks hook here). */
  public readonly callListeners: ((call: SimCall) => void)[] = [];
  /** Alarm names of each environment, with the version-driven ALARM timers. */
  private readonly environmentAlarms = new Map<string, string[]>();
  private readonly liveSince = new Map<string, { version?: string; since: number }>();
  private productionPrefix?: string;

  public constructor(options: AwsSimOptions = {}) {
    this.clock = new SimClock(options.start);
    this.eb = new ElasticBeanstalkSim(this.clock, { ...DEFAULT_DURATIONS, ...options.durations });
    this.cloudwatch = new CloudWatchSim(this.clock);
    this.codepipeline = new CodePipelineSim(this.clock);
    this.dynamodb = new DynamoDbSim(this.clock);
    this.sns = new SnsSim(this.clock);
    this.eb.changeListeners.push(() => this.followTraffic());
  }

  /**
   * Creates a real SDK client answered by this simulation. `actor` names who
   * makes the calls (CLI, pipeline, an operator's console) in `calls` and for faults.
   * The SDK's own retries are off (maxAttempts 1): every fault reaches the code under test.
   */
  public client<T extends { middlewareStack: any }>(ctor: new (config: any) => T, actor = 'default'): T {
    const client = new ctor({
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIASIMULATED', secretAccessKey: 'simulated' },
    });
    return this.attach(client, actor);
  }

  /** Makes an existing client talk to this simulation. */
  public attach<T extends { middlewareStack: any }>(client: T, actor = 'default'): T {
    client.middlewareStack.add((_next: any, context: any) => async (args: any) => {
      const output = await this.dispatch(context.clientName, context.commandName, args.input, actor);
      return { output: { $metadata: { httpStatusCode: 200, requestId: 'sim', attempts: 1, totalRetryDelay: 0 }, ...output }, response: {} };
    }, { step: 'build', priority: 'low', name: 'awsSimMiddleware', tags: ['AWS_SIM'] });
    return client;
  }

  /** Answers one command (also usable without a client). */
  public async dispatch(clientName: string, command: string, input: any, actor = 'default'): Promise<any> {
    const service = CLIENT_SERVICES[clientName];
    const at = this.clock.now();
    if (!service) {
      throw new Error(`aws-sim does not simulate ${clientName}`);
    }
    const record = (error?: Error) => {
      const call: SimCall = { service, command, actor, input: structuredClone(input), at, error: error ? `${error.name}: ${error.message}` : undefined };
      this.calls.push(call);
      this.callListeners.forEach((listener) => listener(call));
    };
    const fault = this.faults.take(service, command, actor, at);
    if (fault) {
      const error = faultError(fault, service, command);
      record(error);
      throw error;
    }
    const handler = this.handler(service, command);
    try {
      const output = handler(input ?? {});
      record();
      return output;
    } catch (error: any) {
      record(error);
      throw error;
    }
  }

  private handler(service: SimService, command: string): (input: any) => any {
    const name = command.replace(/Command$/, '');
    const target: any = {
      elasticbeanstalk: this.eb, cloudwatch: this.cloudwatch, codepipeline: this.codepipeline, dynamodb: this.dynamodb, sns: this.sns,
    }[service];
    const method = name.charAt(0).toLowerCase() + name.slice(1);
    if (typeof target[method] !== 'function') {
      return () => {
        throw serviceError(service, 'UnknownOperationException', 400, `aws-sim does not simulate ${service}:${name}`);
      };
    }
    return (input) => target[method](input);
  }

  /**
   * Ties alarms to an environment: they go to ALARM `alarmsAfterSeconds` after
   * it takes production traffic on a version that has that setting, and back
   * to OK one period after it loses the traffic.
   */
  public bindAlarms(environmentName: string, alarmNames: string[], productionCnamePrefix: string): void {
    this.environmentAlarms.set(environmentName, alarmNames);
    this.productionPrefix = productionCnamePrefix;
    for (const name of alarmNames) {
      if (!this.cloudwatch.alarms.has(name)) {
        this.cloudwatch.addAlarm(name);
      }
    }
    this.followTraffic();
  }

  private followTraffic(): void {
    const prefix = this.productionPrefix;
    if (!prefix) {
      return;
    }
    const live = this.eb.holding(prefix);
    for (const [envName, alarms] of this.environmentAlarms) {
      const env = this.eb.environments.get(envName);
      const isLive = live?.name === envName;
      const previous = this.liveSince.get(envName);
      if (isLive && env && (!previous || previous.version !== env.version)) {
        const since = this.clock.now();
        this.liveSince.set(envName, { version: env.version, since });
        const version = env.version ? this.eb.versions.get(env.version) : undefined;
        if (version?.alarmsAfterSeconds !== undefined) {
          this.clock.at(since + version.alarmsAfterSeconds * 1000, () => {
            const still = this.liveSince.get(envName);
            if (still?.since === since) {
              for (const alarm of alarms) {
                this.cloudwatch.setState(alarm, 'ALARM', `version ${version.label} under production traffic`);
              }
            }
          });
        }
      } else if (!isLive && previous) {
        this.liveSince.delete(envName);
        const period = Math.max(...alarms.map((a) => this.cloudwatch.alarms.get(a)?.periodSeconds ?? 60));
        this.clock.at(this.clock.now() + period * 1000, () => {
          if (!this.liveSince.has(envName)) {
            for (const alarm of alarms) {
              this.cloudwatch.setState(alarm, 'OK', 'no production traffic');
            }
          }
        });
      }
    }
  }

  /** A `fetch` that answers requests to the environments' CNAMEs (status only; throws when nothing listens). */
  public readonly fetch = async (url: string): Promise<{ status: number; headers: { get(name: string): string | null } }> => {
    const status = this.eb.request(url);
    return { status, headers: { get: () => null } };
  };

  /** Requests an https URL on a CNAME, as the engine's `httpsStatus`. */
  public readonly httpsStatus = async (url: string): Promise<number> => {
    try {
      return this.eb.request(url);
    } catch (error: any) {
      throw error.cause ?? error;
    }
  };
}
