import { EnvironmentType } from '@ebkit/beanstalk-env';
import { formatNagFindings, nagFindings, normalizedTemplate } from '@ebkit/testing';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BlueGreenPipeline, BlueGreenPipelineProps } from '../src';
import { testEnvironments, testStack } from './fixtures';

function build(props: Partial<BlueGreenPipelineProps> = {}, stack: Stack = testStack()) {
  const { environments } = testEnvironments({}, stack);
  const pipeline = new BlueGreenPipeline(stack, 'Release', { environments, ...props });
  return { stack, environments, pipeline, template: Template.fromStack(stack) };
}

function stagesOf(template: Template): any[] {
  const pipelines = Object.values(template.findResources('AWS::CodePipeline::Pipeline')) as any[];
  expect(pipelines).toHaveLength(1);
  return pipelines[0].Properties.Stages;
}

function actionsOf(template: Template, stageName: string): any[] {
  return stagesOf(template).find((s) => s.Name === stageName).Actions;
}

/** The state machine's definition with references replaced by TOKEN. */
function definitionOf(template: Template): string {
  const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as any;
  return machine.Properties.DefinitionString['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'TOKEN')).join('');
}

/** The resolved policy statements of the role of a Lambda function whose id starts with `prefix`. */
function statementsOfFunction(template: Template, prefix: string): any[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.entries(policies).filter(([id]) => id.startsWith(prefix)).flatMap(([, p]: any) => p.Properties.PolicyDocument.Statement);
}

describe('defaults', () => {
  let defaults: ReturnType<typeof build>;
  beforeAll(() => {
    defaults = build();
  });

  test('a V2 pipeline that queues executions', () => {
    const { template } = defaults;
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', { PipelineType: 'V2', ExecutionMode: 'QUEUED' });
  });

  test('stages: source, build, deploy to idle, swap, watch', () => {
    const { template } = defaults;
    expect(stagesOf(template).map((s) => s.Name)).toEqual(['Source', 'Build', 'Deploy', 'Swap', 'Watch']);
  });

  test('the source is source.zip in a new versioned, KMS-encrypted, retained bucket', () => {
    const { template, pipeline } = defaults;
    expect(actionsOf(template, 'Source')[0]).toMatchObject({
      ActionTypeId: { Category: 'Source', Provider: 'S3' },
      Configuration: { S3ObjectKey: 'source.zip', PollForSourceChanges: false },
    });
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } })] },
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(pipeline.sourceBucket).not.toBe(pipeline.artifactBucket);
  });

  test('the source bucket accepts only SSL requests', () => {
    const { template } = defaults;
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^ReleaseSourceBucket') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('a new source object starts the pipeline through EventBridge', () => {
    const { template } = defaults;
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.s3'],
        'detail-type': ['Object Created'],
        'detail': { bucket: { name: [{ Ref: Match.stringLikeRegexp('^ReleaseSourceBucket') }] }, object: { key: ['source.zip'] } },
      },
      Targets: [Match.objectLike({ Arn: Match.anyValue() })],
    });
  });

  test('the artifact bucket is encrypted with the pipeline\'s rotated key', () => {
    const { template } = defaults;
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      ArtifactStore: { Type: 'S3', Location: { Ref: Match.stringLikeRegexp('^ReleaseArtifactBucket') }, EncryptionKey: Match.objectLike({ Type: 'KMS' }) },
    });
  });

  test('the instances of both environments may read the application versions', () => {
    const { template } = defaults;
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^ReleaseArtifactBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'InstancesReadApplicationVersions',
          Principal: { AWS: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^EnvsBlueInstanceRole'), 'Arn'] }, { 'Fn::GetAtt': [Match.stringLikeRegexp('^EnvsGreenInstanceRole'), 'Arn'] }] },
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
        })]),
      },
    });
  });

  test('the build runs the unit tests and outputs the bundle without node_modules', () => {
    const { template } = defaults;
    const project = Object.values(template.findResources('AWS::CodeBuild::Project'))[0] as any;
    const spec = JSON.parse(project.Properties.Source.BuildSpec);
    expect(spec.phases.build.commands).toEqual(['if [ -f package-lock.json ]; then npm ci; else npm install; fi', 'npm run test --if-present']);
    expect(spec.artifacts['exclude-paths']).toContain('node_modules/**/*');
    expect(project.Properties.EncryptionKey).toBeDefined();
  });

  test('deploy: a Lambda registers the version, then the state machine deploys to the idle environment', () => {
    const { template } = defaults;
    const [prepare, deploy] = actionsOf(template, 'Deploy');
    expect(prepare).toMatchObject({ Name: 'Prepare', ActionTypeId: { Provider: 'Lambda' }, Namespace: 'Prepare', RunOrder: 1, InputArtifacts: [{ Name: 'Bundle' }] });
    expect(deploy).toMatchObject({ Name: 'DeployToIdle', ActionTypeId: { Provider: 'StepFunctions' }, RunOrder: 2 });
    const input = JSON.parse(deploy.Configuration.Input['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'TOKEN')).join(''));
    expect(input).toMatchObject({
      operation: 'deploy',
      applicationName: 'TOKEN',
      environmentNames: ['TOKEN', 'TOKEN'],
      productionCnamePrefix: 'shop-prod',
      versionLabel: '#{Prepare.VersionLabel}',
      timeoutSeconds: 1800,
      healthGraceSeconds: 300,
      verifyPath: '/health',
      verifyExpectedStatus: 200,
    });
  });

  test('the Prepare action gets the execution id and the target', () => {
    const { template } = defaults;
    const params = actionsOf(template, 'Deploy')[0].Configuration.UserParameters;
    expect(JSON.stringify(params)).toMatch(/#\{codepipeline.PipelineExecutionId\}/);
    expect(JSON.stringify(params)).toMatch(/shop-prod/);
  });

  test('swap, then watch the new live environment\'s alarms for 10 minutes', () => {
    const { template } = defaults;
    expect(actionsOf(template, 'Swap')[0]).toMatchObject({ Name: 'SwapCnames', ActionTypeId: { Provider: 'StepFunctions' } });
    const watch = JSON.stringify(actionsOf(template, 'Watch')[0].Configuration.Input);
    expect(watch).toMatch(/\\"operation\\":\\"watch\\"/);
    expect(watch).toMatch(/\\"bakeSeconds\\":600/);
    expect(watch).toMatch(/EnvsBlueHealthAlarm/);
    expect(watch).toMatch(/EnvsGreenLatencyAlarm/);
  });

  test('the state machine waits between steps instead of a running Lambda', () => {
    const { template } = defaults;
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as any;
    const definition = machine.Properties.DefinitionString['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'TOKEN')).join('');
    expect(definition).toContain('"Pause":{"Type":"Wait","SecondsPath":"$.waitSeconds","Next":"ReleaseStep"}');
    expect(definition).toContain('"ReleaseFailed":{"Type":"Fail","Error":"ReleaseFailed","CausePath":"$.message"}');
    expect(definition).toContain('{"Variable":"$.next","StringEquals":"wait","Next":"Pause"}');
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
  });

  test('no approval stage without a notification target', () => {
    const { template } = defaults;
    expect(stagesOf(template).map((s) => s.Name)).not.toContain('Approve');
  });

  test('no scale-down: neither a ScaleDown stage nor a drain period in the state machine', () => {
    const { template } = defaults;
    expect(stagesOf(template).map((s) => s.Name)).not.toContain('ScaleDown');
    expect(definitionOf(template)).not.toMatch(/DrainPeriod|ScaleDownOldEnvironment|"drain"/);
  });

  test('the step function may read the size of the application\'s two environments only', () => {
    const { template } = defaults;
    const statement = statementsOfFunction(template, 'ReleaseFunctionsStepServiceRoleDefaultPolicy')
      .find((s) => s.Action === 'elasticbeanstalk:DescribeConfigurationSettings');
    const resources = JSON.stringify(statement.Resource);
    expect(statement.Resource).toHaveLength(3);
    expect(resources).toMatch(/:application\/",\{"Ref":"App[0-9A-F]{8}"\}/);
    expect(resources).toMatch(/:environment\/",\{"Ref":"App[0-9A-F]{8}"\},"\/",\{"Ref":"EnvsBlue/);
    expect(resources).toMatch(/"\/",\{"Ref":"EnvsGreen/);
    expect(resources).not.toMatch(/\*/);
  });

  test('the release functions run in the environments\' VPC with a short timeout', () => {
    const { template } = defaults;
    const functions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => id.startsWith('ReleaseFunctions'));
    expect(functions).toHaveLength(2);
    for (const [, fn] of functions as any[]) {
      expect(fn.Properties).toMatchObject({ VpcConfig: { SubnetIds: expect.any(Array) }, Timeout: 60, Runtime: 'nodejs22.x' });
    }
  });

  test('the step function may change only the application\'s two environments', () => {
    const { template } = defaults;
    const statement = statementsOfFunction(template, 'ReleaseFunctionsStepServiceRoleDefaultPolicy')
      .find((s) => JSON.stringify(s.Action).includes('SwapEnvironmentCNAMEs'));
    const resources = JSON.stringify(statement.Resource);
    expect(resources).toMatch(/:application\/",\{"Ref":"App[0-9A-F]{8}/);
    expect(resources).toMatch(/:environment\/",\{"Ref":"App[0-9A-F]{8}[^}]*\},"\/",\{"Ref":"EnvsBlue/);
    expect(resources).toMatch(/"\/",\{"Ref":"EnvsGreen/);
    expect(resources).not.toMatch(/"\*"/);
  });

  test('the step function reads only the environments\' alarms', () => {
    const { template } = defaults;
    const statement = statementsOfFunction(template, 'ReleaseFunctionsStepServiceRoleDefaultPolicy')
      .find((s) => s.Action === 'cloudwatch:DescribeAlarms' && Array.isArray(s.Resource));
    expect(statement.Resource).toHaveLength(6);
  });

  test('the prepare function may create versions of the application only', () => {
    const { template } = defaults;
    const statement = statementsOfFunction(template, 'ReleaseFunctionsPrepareServiceRoleDefaultPolicy')
      .find((s) => s.Action === 'elasticbeanstalk:CreateApplicationVersion');
    expect(JSON.stringify(statement.Resource)).toMatch(/:applicationversion\/",\{"Ref":"App[0-9A-F]{8}[^}]*\},"\/\*"/);
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const { stack } = defaults;
    expect(formatNagFindings(nagFindings(stack))).toBe('');
  });

  test('snapshot of the pipeline\'s own resources', () => {
    // The environments (beanstalk-env) are left out: their package snapshots them.
    const { stack } = defaults;
    const resources = (normalizedTemplate(stack) as any).Resources;
    expect(Object.fromEntries(Object.entries(resources).filter(([id]) => id.startsWith('Release')))).toMatchSnapshot();
  });
});

describe('options', () => {
  test('takes the source from an existing bucket and key', () => {
    const stack = testStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Existing', 'my-sources');
    const { template, pipeline } = build({ sourceBucket: bucket, sourceObjectKey: 'app/web.zip' }, stack);
    expect(pipeline.sourceBucket).toBe(bucket);
    expect(actionsOf(template, 'Source')[0].Configuration).toMatchObject({ S3Bucket: 'my-sources', S3ObjectKey: 'app/web.zip' });
    template.resourceCountIs('AWS::S3::Bucket', 2);
  });

  test('takes the source from a Git repository through a connection', () => {
    const arn = 'arn:aws:codeconnections:us-east-1:123456789012:connection/abc-123';
    const { template, pipeline } = build({ connectionArn: arn, repository: 'acme/shop', branch: 'release' });
    expect(actionsOf(template, 'Source')[0]).toMatchObject({
      ActionTypeId: { Provider: 'CodeStarSourceConnection' },
      Configuration: { ConnectionArn: arn, FullRepositoryId: 'acme/shop', BranchName: 'release' },
    });
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(pipeline.sourceBucket).toBe(pipeline.artifactBucket);
  });

  test('uses the given buildspec', () => {
    const { template } = build({ buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['make'] } } }) });
    template.hasResourceProperties('AWS::CodeBuild::Project', { Source: Match.objectLike({ BuildSpec: Match.stringLikeRegexp('make') }) });
  });

  test('runs a test action against the idle URL', () => {
    const { template } = build({ testBuildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['npm run e2e'] } } }) });
    expect(stagesOf(template).map((s) => s.Name)).toEqual(['Source', 'Build', 'Deploy', 'Test', 'Swap', 'Watch']);
    const env = JSON.parse(actionsOf(template, 'Test')[0].Configuration.EnvironmentVariables);
    expect(env).toEqual([
      { name: 'IDLE_URL', type: 'PLAINTEXT', value: 'http://#{Prepare.IdleCname}' },
      { name: 'VERSION_LABEL', type: 'PLAINTEXT', value: '#{Prepare.VersionLabel}' },
    ]);
  });

  test('waits for approval, notifying the given emails with the idle URL', () => {
    const { template, pipeline } = build({ approvalEmails: ['ops@example.com'] });
    expect(stagesOf(template).map((s) => s.Name)).toEqual(['Source', 'Build', 'Deploy', 'Approve', 'Swap', 'Watch']);
    expect(actionsOf(template, 'Approve')[0]).toMatchObject({
      ActionTypeId: { Category: 'Approval', Provider: 'Manual' },
      Configuration: {
        CustomData: 'Version #{Prepare.VersionLabel} runs on the idle environment #{Prepare.IdleEnvironmentName}: '
          + '#{Prepare.IdleUrl}. Approve to swap it into production.',
        ExternalEntityLink: '#{Prepare.IdleUrl}',
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    expect(pipeline.approvalTopic).toBeDefined();
  });

  test('uses the given approval topic', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Ops');
    const { template } = build({ approvalTopic: topic }, stack);
    expect(actionsOf(template, 'Approve')[0].Configuration.NotificationArn).toEqual({ Ref: expect.stringMatching(/^Ops/) });
  });

  test('a zero bake time has no watch stage', () => {
    const { template } = build({ bakeTime: Duration.seconds(0) });
    expect(stagesOf(template).map((s) => s.Name)).toEqual(['Source', 'Build', 'Deploy', 'Swap']);
  });

  test('passes the timeouts and the verification to the deployment', () => {
    const { template } = build({ deployTimeout: Duration.minutes(45), healthGracePeriod: Duration.minutes(2), verifyPath: '/ready', verifyExpectedStatus: 204 });
    const input = JSON.stringify(actionsOf(template, 'Deploy')[1].Configuration.Input);
    expect(input).toMatch(/\\"timeoutSeconds\\":2700,\\"healthGraceSeconds\\":120/);
    expect(input).toMatch(/\\"verifyPath\\":\\"\/ready\\",\\"verifyExpectedStatus\\":204/);
  });

  describe('scale-down of the old environment', () => {
    let scaled: ReturnType<typeof build>;
    beforeAll(() => {
      scaled = build({ scaleDownAfter: Duration.minutes(30), scaledDownInstances: 2 });
    });

    test('a ScaleDown stage runs last and passes the drain period and the size', () => {
      const { template } = scaled;
      expect(stagesOf(template).map((s) => s.Name)).toEqual(['Source', 'Build', 'Deploy', 'Swap', 'Watch', 'ScaleDown']);
      const action = actionsOf(template, 'ScaleDown')[0];
      expect(action).toMatchObject({ Name: 'ScaleDownOld', ActionTypeId: { Provider: 'StepFunctions' }, Configuration: { ExecutionNamePrefix: 'scale-down' } });
      const input = JSON.stringify(action.Configuration.Input);
      expect(input).toMatch(/\\"operation\\":\\"scale-down\\"/);
      expect(input).toMatch(/\\"versionLabel\\":\\"#\{Prepare.VersionLabel\}\\",\\"drainSeconds\\":1800,\\"scaleDownInstances\\":2/);
    });

    test('the state machine waits the drain period in a Wait state, then runs the scale-down step', () => {
      const definition = definitionOf(scaled.template);
      expect(definition).toContain('{"Variable":"$.next","StringEquals":"drain","Next":"DrainPeriod"}');
      expect(definition).toMatch(/"DrainPeriod":\{"Type":"Wait","Comment":"[^"]*","SecondsPath":"\$.drainSeconds","Next":"ScaleDownOldEnvironment"\}/);
      expect(JSON.parse(definition).States.ScaleDownOldEnvironment).toMatchObject({ Type: 'Task', Resource: 'TOKEN', Next: 'NextStep' });
    });

    test('follows the swap directly when there is no bake time', () => {
      const { template } = build({ bakeTime: Duration.seconds(0), scaleDownAfter: Duration.minutes(5) });
      expect(stagesOf(template).map((s) => s.Name)).toEqual(['Source', 'Build', 'Deploy', 'Swap', 'ScaleDown']);
      expect(JSON.stringify(actionsOf(template, 'ScaleDown')[0].Configuration.Input)).toMatch(/\\"scaleDownInstances\\":1/);
    });

    test('the step function still changes only the application\'s two environments', () => {
      const statement = statementsOfFunction(scaled.template, 'ReleaseFunctionsStepServiceRoleDefaultPolicy')
        .find((s) => JSON.stringify(s.Action).includes('elasticbeanstalk:UpdateEnvironment'));
      expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"|environment\/[^"]*\*/);
    });

    test('has no unacknowledged cdk-nag findings', () => {
      expect(formatNagFindings(nagFindings(scaled.stack))).toBe('');
    });
  });

  test('destroys the buckets when asked', () => {
    const { template } = build({ removalPolicy: RemovalPolicy.DESTROY });
    template.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
  });
});

describe('bad input', () => {
  test('fails when both an S3 source and a connection are given', () => {
    const stack = testStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Existing', 'my-sources');
    expect(() => build({ sourceBucket: bucket, connectionArn: 'arn:aws:codestar-connections:us-east-1:123456789012:connection/x', repository: 'a/b' }, stack))
      .toThrow(/Release: connectionArn \('arn:aws:codestar-connections:.*'\) cannot be combined with sourceBucket or sourceObjectKey/);
  });

  test('fails when the connection ARN is not a connection', () => {
    expect(() => build({ connectionArn: 'arn:aws:s3:::bucket', repository: 'a/b' })).toThrow(/connectionArn \('arn:aws:s3:::bucket'\) must be a CodeStar Connections or CodeConnections connection ARN/);
  });

  test('fails when a connection has no repository', () => {
    expect(() => build({ connectionArn: 'arn:aws:codeconnections:us-east-1:123456789012:connection/x' })).toThrow(/repository \(undefined\) is required with connectionArn/);
  });

  test('fails when a repository has no connection', () => {
    expect(() => build({ repository: 'acme/shop' })).toThrow(/repository \('acme\/shop'\) needs connectionArn/);
  });

  test('fails when the source key is not a zip', () => {
    expect(() => build({ sourceObjectKey: '/source.tar' })).toThrow(/sourceObjectKey \('\/source.tar'\) must be the key of a .zip object/);
  });

  test('fails when the bake time is out of range', () => {
    expect(() => build({ bakeTime: Duration.hours(4) })).toThrow(/bakeTime \('4 hours'\) must be at most 3 hours/);
  });

  test('fails when there is a bake time but no alarm to watch', () => {
    const stack = testStack();
    const { environments } = testEnvironments({ defaultAlarms: false }, stack);
    expect(() => new BlueGreenPipeline(stack, 'Release', { environments }))
      .toThrow(/bakeTime \('10 minutes'\) has no alarm to watch \(the environments have defaultAlarms: false\)/);
  });

  test('fails when the deploy timeout is out of range', () => {
    expect(() => build({ deployTimeout: Duration.seconds(30) })).toThrow(/deployTimeout \('30 seconds'\) must be between 1 minute and 3 hours/);
  });

  test('fails when the health grace period is out of range', () => {
    expect(() => build({ healthGracePeriod: Duration.hours(2) })).toThrow(/healthGracePeriod \('2 hours'\) must be at most 1 hour/);
  });

  test('fails when an approval has no notification target', () => {
    expect(() => build({ manualApproval: true })).toThrow(/manualApproval \(true\) needs a notification target \(approvalTopic or approvalEmails\)/);
  });

  test('fails when approval is off but a notification target is given', () => {
    expect(() => build({ manualApproval: false, approvalEmails: ['ops@example.com'] })).toThrow(/manualApproval \(false\) is false but approvalTopic or approvalEmails is given/);
  });

  test('fails when the drain period before the scale-down is out of range', () => {
    expect(() => build({ scaleDownAfter: Duration.seconds(30) })).toThrow(/Release: scaleDownAfter \('30 seconds'\) must be between 1 minute and 4 hours/);
    expect(() => build({ scaleDownAfter: Duration.hours(5) })).toThrow(/scaleDownAfter \('5 hours'\) must be between 1 minute and 4 hours/);
  });

  test('fails when the scaled-down size is 0, saying why', () => {
    expect(() => build({ scaleDownAfter: Duration.minutes(30), scaledDownInstances: 0 }))
      .toThrow(/Release: scaledDownInstances \(0\) must be at least 1: Elastic Beanstalk keeps at least one instance in an environment's Auto Scaling group/);
  });

  test('fails when the scaled-down size is out of range', () => {
    expect(() => build({ scaleDownAfter: Duration.minutes(30), scaledDownInstances: 1001 }))
      .toThrow(/scaledDownInstances \(1001\) must be a whole number between 1 and 1000/);
  });

  test('fails when a scaled-down size is given without a drain period', () => {
    expect(() => build({ scaledDownInstances: 1 })).toThrow(/scaledDownInstances \(1\) needs scaleDownAfter/);
  });

  test('fails when the environments have a single instance each', () => {
    const stack = testStack();
    const { environments } = testEnvironments({ environmentType: EnvironmentType.SINGLE_INSTANCE, minInstances: 1, maxInstances: 1 }, stack);
    expect(() => new BlueGreenPipeline(stack, 'Release', { environments, scaleDownAfter: Duration.minutes(10) }))
      .toThrow(/scaleDownAfter \('10 minutes'\) needs load-balanced environments/);
  });

  test('fails when the verify path and status are wrong, reporting both', () => {
    expect(() => build({ verifyPath: 'health', verifyExpectedStatus: 42 }))
      .toThrow(/2 invalid props:\n.*verifyPath \('health'\) must start with '\/'\n.*verifyExpectedStatus \(42\) must be a whole number between 100 and 599/);
  });
});

describe('across stacks', () => {
  test('a pipeline stack apart from the environments\' stack has no unacknowledged cdk-nag findings', () => {
    // GIVEN the environments in an app stack, as the reference app does
    const appStack = testStack();
    const { environments } = testEnvironments({}, appStack);
    const pipelineStack = new Stack(appStack.node.scope as any, 'PipelineStack', { env: { account: '123456789012', region: 'us-east-1' } });
    // WHEN the app is synthesized (references across stacks become imports)
    new BlueGreenPipeline(pipelineStack, 'Release', { environments });
    (appStack.node.scope as App).synth();
    // THEN
    expect(JSON.stringify(Template.fromStack(pipelineStack).toJSON())).toMatch(/Fn::ImportValue/);
    expect(formatNagFindings(nagFindings(pipelineStack))).toBe('');
    Template.fromStack(pipelineStack).resourceCountIs('AWS::CodePipeline::Pipeline', 1);
  });
});

describe('with an alarm topic on the environments', () => {
  test('the step function may publish to that topic only, and every release stage passes its ARN', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Alarms');
    const { environments } = testEnvironments({ alarmTopic: topic }, stack);
    new BlueGreenPipeline(stack, 'Release', { environments });
    const template = Template.fromStack(stack);
    const topicRef = stack.resolve(topic.topicArn);
    const publish = statementsOfFunction(template, 'ReleaseFunctionsStepServiceRoleDefaultPolicy')
      .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('sns:')));
    expect(publish).toEqual([expect.objectContaining({ Action: 'sns:Publish', Effect: 'Allow', Resource: topicRef })]);
    for (const stage of ['Deploy', 'Swap', 'Watch']) {
      const invoke = actionsOf(template, stage).find((a: any) => a.ActionTypeId.Provider === 'StepFunctions');
      const input = JSON.parse(invoke.Configuration.Input['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : `<${p.Ref}>`)).join(''));
      expect(input.alarmTopicArn).toBe(`<${topicRef.Ref}>`);
    }
  });

  test('without one, the step function publishes nowhere', () => {
    const { template } = build();
    expect(statementsOfFunction(template, 'ReleaseFunctionsStepServiceRoleDefaultPolicy')
      .filter((s) => [s.Action].flat().some((a: string) => a.startsWith('sns:')))).toEqual([]);
  });
});
