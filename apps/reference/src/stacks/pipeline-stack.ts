import { BlueGreenEnvironments, BlueGreenPipeline } from '@ebkit/blue-green-pipeline';
import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface PipelineStackProps extends StackProps {
  readonly environments: BlueGreenEnvironments;
}

/**
 * The release pipeline: source, build and test, deploy to the idle
 * environment, swap the CNAMEs.
 */
export class PipelineStack extends Stack {
  public readonly pipeline: BlueGreenPipeline;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    this.pipeline = new BlueGreenPipeline(this, 'Pipeline', {
      environments: props.environments,
    });
  }
}
