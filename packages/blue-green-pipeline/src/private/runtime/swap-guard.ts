/* eslint-disable import/no-extraneous-dependencies -- run-time code: esbuild bundles the AWS SDK clients into the Lambda handlers and the CLI; the library (lib/index.js) never loads this file */
import { DescribeEnvironmentsCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { holdsPrefix } from './environments';

import { GREEN_MARKER } from '../markers';

/** The properties of the swap guard: the values whose change replaces an environment. */
export interface SwapGuardProperties {
  readonly ApplicationName: string;
  readonly ProductionCnamePrefix: string;
  readonly StagingCnamePrefix: string;
  readonly BlueEnvironmentName?: string;
  readonly GreenEnvironmentName?: string;
}

/** The outcome of a custom resource request. */
export interface GuardResult {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly reason: string;
}

/**
 * Decides whether a stack update may change the values that replace an
 * environment: only while CloudFormation's view is true, that is, while the
 * environment it knows as blue holds the production CNAME. After an odd number
 * of swaps a replacement would delete the live environment.
 */
export async function checkStackUpdate(eb: ElasticBeanstalkClient, requestType: string,
  old: SwapGuardProperties | undefined, next?: SwapGuardProperties): Promise<GuardResult> {
  if (requestType !== 'Update' || !old) {
    return { status: 'SUCCESS', reason: `${requestType}: nothing to check` };
  }
  const response = await eb.send(new DescribeEnvironmentsCommand({ ApplicationName: old.ApplicationName, IncludeDeleted: false }));
  const envs = (response.Environments ?? []).filter((e) => e.Status !== 'Terminated');
  // CloudFormation's rollback of an update this guard refused is itself an update, back to values the environments still
  // have (they were never changed: they depend on the guard). Refusing it would leave the stack UPDATE_ROLLBACK_FAILED.
  if (next && next.ApplicationName === old.ApplicationName && alreadyInPlace(envs, next)) {
    return {
      status: 'SUCCESS',
      reason: `the environments already have ${next.ProductionCnamePrefix} and ${next.StagingCnamePrefix}`
      + `${next.BlueEnvironmentName ? ` (${next.BlueEnvironmentName}, ${next.GreenEnvironmentName})` : ''}: nothing is replaced `
      + '(CloudFormation rolling back a refused update)',
    };
  }
  const live = envs.find((e) => holdsPrefix(e, old.ProductionCnamePrefix));
  if (!live) {
    return { status: 'SUCCESS', reason: `no environment holds ${old.ProductionCnamePrefix}: nothing to protect` };
  }
  if (live.Description === GREEN_MARKER) {
    return {
      status: 'FAILED',
      reason: `the environments are swapped: ${live.EnvironmentName} (green in this stack) holds the production CNAME `
        + `${old.ProductionCnamePrefix}, so this change (CNAME prefix, environment name or application) would replace `
        + 'the live environment. Swap back first (ebkit-bluegreen rollback, with the health gate), then deploy the stack again.',
    };
  }
  return { status: 'SUCCESS', reason: `${live.EnvironmentName} (blue) holds ${old.ProductionCnamePrefix}: CloudFormation's view is true` };
}

/** Whether the environments that the properties describe exist as they are (names and both CNAME prefixes): nothing to replace. */
function alreadyInPlace(envs: { EnvironmentName?: string; CNAME?: string }[], props: SwapGuardProperties): boolean {
  const holder = (prefix: string) => envs.find((e) => holdsPrefix(e, prefix));
  const production = holder(props.ProductionCnamePrefix);
  const staging = holder(props.StagingCnamePrefix);
  if (!production || !staging) {
    return false;
  }
  const names = [production.EnvironmentName, staging.EnvironmentName];
  return [props.BlueEnvironmentName, props.GreenEnvironmentName].every((name) => name === undefined || names.includes(name));
}

/** Sends a custom resource response to CloudFormation's pre-signed URL. */
export async function respond(event: any, result: GuardResult, put: (url: string, body: string) => Promise<unknown>): Promise<void> {
  const body = JSON.stringify({
    Status: result.status,
    Reason: result.reason.slice(0, 3000),
    PhysicalResourceId: event.PhysicalResourceId ?? `${event.LogicalResourceId}-swap-guard`,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  await put(event.ResponseURL, body);
}

/** Handles a CloudFormation custom resource event; every outcome, even an error, is answered. */
export async function handleGuardEvent(event: any, eb: ElasticBeanstalkClient,
  put: (url: string, body: string) => Promise<unknown>): Promise<GuardResult> {
  let result: GuardResult;
  try {
    result = await checkStackUpdate(eb, event.RequestType, event.OldResourceProperties, event.ResourceProperties);
  } catch (error: any) {
    // Fail closed on an update (we could not prove it safe), open on create and delete.
    result = event.RequestType === 'Update'
      ? { status: 'FAILED', reason: `could not check which environment is live: ${error?.name}: ${error?.message}` }
      : { status: 'SUCCESS', reason: `${event.RequestType}: nothing to check` };
  }
  console.log(`${result.status}: ${result.reason}`);
  await respond(event, result, put);
  return result;
}
