import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { GuardResult, handleGuardEvent } from '../runtime/swap-guard';

const eb = new ElasticBeanstalkClient({});

/**
 * A CloudFormation custom resource that fails a stack update which would
 * replace an environment while the two environments are swapped.
 */
export async function handler(event: any): Promise<GuardResult> {
  return handleGuardEvent(event, eb, (url, body) => fetch(url, { method: 'PUT', body, headers: { 'content-type': '' } }));
}
