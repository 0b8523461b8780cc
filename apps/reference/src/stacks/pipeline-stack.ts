import { BlueGreenEnvironments, BlueGreenPipeline } from '@ebkit/blue-green-pipeline';
import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ReferenceConfig } from '../config';

export interface PipelineStackProps extends StackProps {
  readonly config: ReferenceConfig;
  readonly environments: BlueGreenEnvironments;
}

/**
 * The release pipeline: source, build and test, deploy to the idle
 * environment, a person's approval, swap the CNAMEs, watch the alarms and
 * swap back if one fires.
 */
export class PipelineStack extends Stack {
  public readonly pipeline: BlueGreenPipeline;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.pipeline = new BlueGreenPipeline(this, 'Pipeline', {
      environments: props.environments,
      manualApproval: config.manualApproval,
      approvalEmails: config.approvalEmails,
    });
  }
}
