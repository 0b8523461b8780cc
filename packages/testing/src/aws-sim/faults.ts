/* eslint-disable import/no-extraneous-dependencies -- test helper: the clients are dev dependencies of the packages that use it */
import { CloudWatchServiceException } from '@aws-sdk/client-cloudwatch';
import { CodePipelineServiceException } from '@aws-sdk/client-codepipeline';
import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { ElasticBeanstalkServiceException } from '@aws-sdk/client-elastic-beanstalk';
import { SNSServiceException } from '@aws-sdk/client-sns';

/** The services the simulator answers. */
export type SimService = 'elasticbeanstalk' | 'cloudwatch' | 'codepipeline' | 'dynamodb' | 'sns';

/** What an injected fault does to a call. */
export type FaultKind = 'throttle' | 'timeout' | '5xx' | 'access-denied';

/** A fault: the next `count` calls that match fail with `kind`. */
export interface FaultRule {
  readonly kind: FaultKind;
  /** Only calls to this service (default: any). */
  readonly service?: SimService;
  /** Only this command, e.g. `DescribeAlarmsCommand` (default: any). */
  readonly command?: string;
  /** Only calls from this actor (see `AwsSim.client`), default: any. */
  readonly actor?: string;
  /** How many matching calls fail (default 1; Infinity: until removed). */
  readonly count?: number;
  /** Only while the simulated clock is before this time (ms since the epoch). */
  readonly until?: number;
}

const JSON_SERVICES: SimService[] = ['dynamodb', 'codepipeline'];

/** Builds the error a real client throws for a service error (name, fault, HTTP status, message). */
export function serviceError(service: SimService, name: string, status: number, message: string): Error {
  const options = {
    name,
    $fault: status >= 500 ? 'server' as const : 'client' as const,
    $metadata: { httpStatusCode: status, requestId: `sim-${Math.random().toString(16).slice(2, 10)}`, attempts: 1, totalRetryDelay: 0 },
    message,
  };
  const Exception = {
    elasticbeanstalk: ElasticBeanstalkServiceException,
    cloudwatch: CloudWatchServiceException,
    codepipeline: CodePipelineServiceException,
    dynamodb: DynamoDBServiceException,
    sns: SNSServiceException,
  }[service];
  const error = new Exception(options);
  // The clients' modelled exceptions set their own name after the base constructor; so does this.
  (error as { name: string }).name = name;
  return error;
}

/** The error an injected fault raises, shaped as the service's real one. */
export function faultError(kind: FaultKind, service: SimService, command: string): Error {
  const json = JSON_SERVICES.includes(service);
  switch (kind) {
    case 'throttle':
      return service === 'dynamodb'
        ? serviceError(service, 'ThrottlingException', 400, 'Rate of requests exceeds the allowed throughput.')
        : serviceError(service, json ? 'ThrottlingException' : 'Throttling', 400, 'Rate exceeded');
    case '5xx':
      return serviceError(service, json ? 'InternalServerError' : 'InternalFailure', 500,
        'The request processing has failed because of an unknown error, exception or failure.');
    case 'access-denied':
      return serviceError(service, json ? 'AccessDeniedException' : 'AccessDenied', 403,
        `User: arn:aws:sts::123456789012:assumed-role/sim/sim is not authorized to perform: ${service}:${command.replace(/Command$/, '')}`);
    case 'timeout': {
      const error = new Error('Connection timed out after 10000 ms') as any;
      error.name = 'TimeoutError';
      error.$metadata = { attempts: 1, totalRetryDelay: 0 };
      return error;
    }
  }
}

/** The faults waiting to hit calls. */
export class FaultInjector {
  private rules: { rule: FaultRule; left: number }[] = [];
  /** Every fault raised, in order. */
  public readonly raised: { service: SimService; command: string; actor: string; kind: FaultKind; at: number }[] = [];

  /** Adds a fault rule. */
  public add(rule: FaultRule): void {
    this.rules.push({ rule, left: rule.count ?? 1 });
  }

  /** Removes every rule. */
  public clear(): void {
    this.rules = [];
  }

  /** The fault for this call, if one matches (and uses it up). */
  public take(service: SimService, command: string, actor: string, now: number): FaultKind | undefined {
    for (const entry of this.rules) {
      const r = entry.rule;
      if (entry.left <= 0 || (r.service && r.service !== service) || (r.command && r.command !== command)
        || (r.actor && r.actor !== actor) || (r.until !== undefined && now >= r.until)) {
        continue;
      }
      entry.left -= 1;
      this.raised.push({ service, command, actor, kind: r.kind, at: now });
      return r.kind;
    }
    this.rules = this.rules.filter((e) => e.left > 0);
    return undefined;
  }
}
