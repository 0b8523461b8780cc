import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { advance, EngineDeps, ReleaseState } from '../runtime/engine';
import { httpsStatus } from '../runtime/https-probe';
import { startFromInput } from '../runtime/input';

const deps: EngineDeps = {
  eb: new ElasticBeanstalkClient({}),
  cloudwatch: new CloudWatchClient({}),
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
export async function handleStep(event: any, engineDeps: EngineDeps): Promise<ReleaseState> {
  const state = event?.phase ? event as ReleaseState : startFromInput(event);
  const next = state.next === 'fail' ? state : await advance(state, engineDeps);
  for (const line of next.log) {
    console.log(line);
  }
  return next;
}
