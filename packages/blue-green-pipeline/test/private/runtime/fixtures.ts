import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ElasticBeanstalkClient, EnvironmentDescription } from '@aws-sdk/client-elastic-beanstalk';
import { EngineDeps } from '../../../src/private/runtime/engine';

export const TARGET = {
  applicationName: 'shop',
  environmentNames: ['shop-blue', 'shop-green'],
  productionCnamePrefix: 'shop',
};

/** An environment as DescribeEnvironments returns it. */
export function env(name: string, prefix: string, extra: Partial<EnvironmentDescription> = {}): EnvironmentDescription {
  return {
    EnvironmentName: name,
    ApplicationName: 'shop',
    CNAME: `${prefix}.us-east-1.elasticbeanstalk.com`,
    Status: 'Ready',
    Health: 'Green',
    HealthStatus: 'Ok',
    VersionLabel: 'v1',
    ...extra,
  };
}

/** blue live on v1, green idle on v1: the usual starting point. */
export function pair(blue: Partial<EnvironmentDescription> = {}, green: Partial<EnvironmentDescription> = {}): EnvironmentDescription[] {
  return [env('shop-blue', 'shop', blue), env('shop-green', 'shop-staging', green)];
}

/** A clock that tests move by hand. */
export class FakeClock {
  public time = Date.UTC(2026, 10, 25, 12, 0, 0);
  public readonly now = () => this.time;
  public advance(seconds: number) {
    this.time += seconds * 1000;
  }
}

export function deps(clock: FakeClock, fetch: EngineDeps['fetch'] = async () => ({ status: 200 })): EngineDeps {
  return {
    eb: new ElasticBeanstalkClient({ region: 'us-east-1' }),
    cloudwatch: new CloudWatchClient({ region: 'us-east-1' }),
    dynamodb: new DynamoDBClient({ region: 'us-east-1' }),
    fetch,
    now: clock.now,
  };
}

export function throttled(): Error {
  const error = new Error('Rate exceeded');
  error.name = 'Throttling';
  return error;
}
