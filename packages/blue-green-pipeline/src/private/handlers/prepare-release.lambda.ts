import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { handlePrepareJob } from '../runtime/prepare';

const deps = {
  eb: new ElasticBeanstalkClient({}),
  codepipeline: new CodePipelineClient({}),
  now: Date.now,
};

/**
 * The pipeline's Prepare action: registers the build output as an application
 * version and tells later actions which environment is idle.
 */
export async function handler(event: any): Promise<string> {
  return handlePrepareJob(event, deps);
}
