/* eslint-disable import/no-extraneous-dependencies -- run-time code: esbuild bundles the AWS SDK clients into the Lambda handlers and the CLI; the library (lib/index.js) never loads this file */
import { CodePipelineClient, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { ReleaseError } from './environments';

/**
 * Refuses to release by hand while the pipeline is releasing: a manual swap in
 * the middle of a pipeline execution would swap the wrong way.
 */
export async function assertPipelineIdle(codepipeline: CodePipelineClient, pipelineName: string): Promise<void> {
  const response = await codepipeline.send(new ListPipelineExecutionsCommand({ pipelineName, maxResults: 20 }));
  const running = (response.pipelineExecutionSummaries ?? []).filter((e) => e.status === 'InProgress' || e.status === 'Stopping');
  if (running.length > 0) {
    throw new ReleaseError(`pipeline ${pipelineName} is running (execution ${running.map((e) => e.pipelineExecutionId).join(', ')}): `
      + 'wait for it to finish or stop it before releasing by hand');
  }
}
