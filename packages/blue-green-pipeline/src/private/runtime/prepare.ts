/* eslint-disable import/no-extraneous-dependencies -- run-time code: esbuild bundles the AWS SDK clients into the Lambda handlers and the CLI; the library (lib/index.js) never loads this file */
import {
  CodePipelineClient, PutJobFailureResultCommand, PutJobSuccessResultCommand,
} from '@aws-sdk/client-codepipeline';
import { CreateApplicationVersionCommand, ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { isThrottling } from './engine';
import { assertNotBusy, describePair, environmentUrl, ReleaseError, ReleaseTarget } from './environments';

/** The parameters the pipeline gives the Prepare action (its UserParameters, JSON). */
export interface PrepareParameters extends ReleaseTarget {
  /** `#{codepipeline.PipelineExecutionId}`: makes the version label unique. */
  readonly executionId: string;
  /** Path of the URL given to later actions (smoke tests, approval). */
  readonly healthCheckPath?: string;
}

/** The outside world of the Prepare action. */
export interface PrepareDeps {
  readonly eb: ElasticBeanstalkClient;
  readonly codepipeline: CodePipelineClient;
  readonly now: () => number;
}

/** What the Prepare action tells later actions (CodePipeline variables of its namespace). */
export interface PrepareOutput {
  readonly VersionLabel: string;
  readonly IdleEnvironmentName: string;
  readonly IdleCname: string;
  readonly IdleUrl: string;
  readonly LiveEnvironmentName: string;
}

/** A label that sorts by time and names the pipeline execution: `pipeline-20261125-174200-1a2b3c4d`. */
export function versionLabel(executionId: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `pipeline-${stamp}-${executionId.replace(/[^a-zA-Z0-9]/g, '').slice(0, 8)}`;
}

/**
 * Registers the build output as an application version and decides which
 * environment is idle, refusing while either environment is busy.
 */
export async function prepareRelease(parameters: PrepareParameters, bundle: { bucket: string; key: string },
  deps: PrepareDeps): Promise<PrepareOutput> {
  if (!parameters.executionId) {
    throw new ReleaseError('the pipeline execution id is missing from the action parameters');
  }
  const pair = await describePair(deps.eb, parameters);
  assertNotBusy(pair);
  const label = versionLabel(parameters.executionId, deps.now());
  await deps.eb.send(new CreateApplicationVersionCommand({
    ApplicationName: parameters.applicationName,
    VersionLabel: label,
    Description: `Built by pipeline execution ${parameters.executionId}`,
    SourceBundle: { S3Bucket: bundle.bucket, S3Key: bundle.key },
    Process: false,
  }));
  return {
    VersionLabel: label,
    IdleEnvironmentName: pair.idle.EnvironmentName!,
    IdleCname: pair.idle.CNAME!,
    IdleUrl: environmentUrl(pair.idle, parameters.healthCheckPath ?? '/'),
    LiveEnvironmentName: pair.live.EnvironmentName!,
  };
}

/**
 * Handles a CodePipeline Lambda invoke job: always reports success or failure
 * to CodePipeline (a job left unanswered only fails after its timeout).
 */
export async function handlePrepareJob(event: any, deps: PrepareDeps): Promise<string> {
  const job = event?.['CodePipeline.job'];
  if (!job?.id) {
    throw new Error('not a CodePipeline job event');
  }
  try {
    let parameters: PrepareParameters;
    try {
      parameters = JSON.parse(job.data?.actionConfiguration?.configuration?.UserParameters ?? '');
    } catch {
      throw new ReleaseError('the action parameters (UserParameters) are not JSON');
    }
    const location = job.data?.inputArtifacts?.[0]?.location?.s3Location;
    if (!location?.bucketName || !location?.objectKey) {
      throw new ReleaseError('the action has no input artifact: give it the build output');
    }
    const output = await prepareRelease(parameters, { bucket: location.bucketName, key: location.objectKey }, deps);
    console.log(`prepared version ${output.VersionLabel} for the idle environment ${output.IdleEnvironmentName} (live: ${output.LiveEnvironmentName})`);
    await deps.codepipeline.send(new PutJobSuccessResultCommand({ jobId: job.id, outputVariables: { ...output } }));
    return `prepared ${output.VersionLabel}`;
  } catch (error: any) {
    const message = error instanceof ReleaseError ? error.message
      : `${isThrottling(error) ? 'throttled by AWS, run the pipeline again: ' : ''}${error?.name ?? 'Error'}: ${error?.message ?? error}`;
    console.log(`FAILED: ${message}`);
    await deps.codepipeline.send(new PutJobFailureResultCommand({
      jobId: job.id,
      failureDetails: { type: 'JobFailed', message: message.slice(0, 5000) },
    }));
    return `failed: ${message}`;
  }
}
