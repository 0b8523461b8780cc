import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { SNSClient } from '@aws-sdk/client-sns';
import { advance, EngineDeps, ReleaseState } from '../runtime/engine';
import { httpsStatus } from '../runtime/https-probe';
import { beginSafeEnd, startFromInput, validateState } from '../runtime/input';

const deps: EngineDeps = {
  eb: new ElasticBeanstalkClient({}),
  cloudwatch: new CloudWatchClient({}),
  dynamodb: new DynamoDBClient({}),
  sns: new SNSClient({}),
  owner: 'pipeline',
  fetch: (url, init) => fetch(url, init),
  httpsStatus: (url) => httpsStatus(url),
  now: Date.now,
};

/**
 * One step of a release, invoked by the release state machine in a loop: the
 * state machine waits (for free) between steps, so no Lambda runs for minutes.
 *
 * The first invocation receives the input the pipeline gives the state
 * machine; every later one the state the previous step returned.
 */
export async function handler(event: any): Promise<ReleaseState> {
  return handleStep(event, deps);
}

/** The handler with its outside world passed in (tested with mocked clients). */
export async function handleStep(payload: any, baseDeps: EngineDeps): Promise<ReleaseState> {
  // The state machine passes { state, executionId }: the execution is the lock's owner, so a retried or caught
  // step of the same execution keeps its lease.
  const wrapped = payload && typeof payload === 'object' && 'state' in payload && 'executionId' in payload;
  const event = wrapped ? payload.state : payload;
  const engineDeps: EngineDeps = wrapped
    ? { ...baseDeps, lockOwner: `pipeline:${String(payload.executionId).split(':').slice(-2).join(':')}` } : baseDeps;
  // A state the release returned carries a phase; it is validated like the input (a phase never skips the checks).
  const state = event?.caught && !String(event.phase ?? '').startsWith('safe-end') ? beginSafeEnd(event) : event?.phase ? validateState(event) : startFromInput(event);
  const next = state.next === 'fail' ? state : await advance(state, engineDeps);
  for (const line of next.log) {
    console.log(line);
  }
  return next;
}
