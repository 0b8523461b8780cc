import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { SNSClient } from '@aws-sdk/client-sns';
import { AwsSim } from '@ebkit/testing';
import { advance, EngineDeps, ReleaseState } from '../../src/private/runtime/engine';

export const TARGET = { applicationName: 'shop', environmentNames: ['shop-blue', 'shop-green'], productionCnamePrefix: 'shop' };

/** The engine's outside world, answered by the simulator through real SDK clients. */
export function simDeps(sim: AwsSim, actor = 'pipeline'): EngineDeps {
  return {
    eb: sim.client(ElasticBeanstalkClient, actor),
    cloudwatch: sim.client(CloudWatchClient, actor),
    dynamodb: sim.client(DynamoDBClient, actor),
    sns: sim.client(SNSClient, actor),
    fetch: sim.fetch,
    httpsStatus: sim.httpsStatus,
    now: sim.clock.now,
    owner: actor,
  };
}

/** Runs a release to its end the way the state machine does, sleeping on the simulated clock. */
export async function runToEnd(sim: AwsSim, state: ReleaseState, deps: EngineDeps = simDeps(sim), maxSteps = 2000):
Promise<{ final: ReleaseState; log: string[] }> {
  const log: string[] = [];
  let current = state;
  for (let i = 0; i < maxSteps; i++) {
    current = await advance(current, deps);
    log.push(...current.log);
    if (current.next === 'done' || current.next === 'fail') {
      return { final: current, log };
    }
    if (current.next === 'wait' || current.next === 'drain') {
      await sim.clock.sleep(current.waitSeconds);
    }
  }
  throw new Error(`no end after ${maxSteps} steps: ${JSON.stringify(current)}`);
}

/** Which environment holds production, and what it runs. */
export function production(sim: AwsSim) {
  const env = sim.eb.holding('shop')!;
  return { name: env.name, version: env.version, status: env.status };
}
