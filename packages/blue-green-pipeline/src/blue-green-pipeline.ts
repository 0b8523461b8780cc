import { EnvironmentType } from '@ebkit/beanstalk-env';
import { Acknowledgements, Concern, PropsErrors } from '@ebkit/core';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { BlueGreenEnvironments } from './blue-green-environments';
import { PrepareReleaseFunction } from './private/handlers/prepare-release-function';
import { ReleaseStepFunction } from './private/handlers/release-step-function';
import { PIPELINE_MIN_DRAIN_SECONDS, RELEASE_LIMITS } from './private/limits';

/** Props of {@link BlueGreenPipeline}. */
export interface BlueGreenPipelineProps {
  /** The two environments the pipeline releases to. */
  readonly environments: BlueGreenEnvironments;

  /**
   * The bucket the pipeline takes the source from (an object, `sourceObjectKey`).
   * A new object starts the pipeline through an EventBridge rule: an imported
   * bucket must have EventBridge notifications turned on.
   *
   * @default - a new versioned, KMS-encrypted, SSL-only bucket, retained on stack deletion (unless `connectionArn` is given)
   */
  readonly sourceBucket?: s3.IBucket;

  /**
   * The key of the zipped source in the source bucket.
   *
   * @default 'source.zip'
   */
  readonly sourceObjectKey?: string;

  /**
   * A CodeStar Connections / CodeConnections connection ARN: take the source
   * from a Git repository (GitHub, GitLab, Bitbucket) instead of S3. Requires
   * `repository`; excludes `sourceBucket` and `sourceObjectKey`.
   *
   * @default - the source is an S3 object
   */
  readonly connectionArn?: string;

  /**
   * The repository of the connection, `owner/name`.
   *
   * @default - none (required with `connectionArn`)
   */
  readonly repository?: string;

  /**
   * The branch of the repository that starts the pipeline on push.
   *
   * @default 'main'
   */
  readonly branch?: string;

  /**
   * The build: runs the unit tests and outputs the source bundle Elastic Beanstalk deploys.
   *
   * @default - Node.js 20: `npm ci` (or `npm install` without a lock file), `npm test` if
   * there is a test script, and the sources without `node_modules` as the bundle
   */
  readonly buildSpec?: codebuild.BuildSpec;

  /**
   * A test run by CodeBuild against the idle environment after the deployment
   * (smoke or end-to-end tests). Its environment has `IDLE_URL` (the idle
   * environment's base URL) and `VERSION_LABEL`; its input is the source.
   *
   * @default - no test action (the pipeline still checks the health path over HTTP)
   */
  readonly testBuildSpec?: codebuild.BuildSpec;

  /**
   * The path requested on the idle environment after the deployment; it must answer `verifyExpectedStatus`.
   *
   * @default - the environments' health check path
   */
  readonly verifyPath?: string;

  /**
   * The HTTP status `verifyPath` must answer. An HTTP-to-HTTPS redirect on the
   * same host is followed over HTTPS (the certificate chain is checked, not the
   * host name); other redirects are not.
   *
   * @default 200
   */
  readonly verifyExpectedStatus?: number;

  /**
   * Wait for a person's approval between the deployment and the swap.
   *
   * @default - true when `approvalTopic` or `approvalEmails` is given, false otherwise
   */
  readonly manualApproval?: boolean;

  /**
   * The topic that announces a pending approval, with the idle environment's URL.
   *
   * @default - a new encrypted topic when `approvalEmails` is given, else none
   */
  readonly approvalTopic?: sns.ITopic;

  /**
   * Email addresses notified of a pending approval (subscribed to the approval topic).
   *
   * @default - none
   */
  readonly approvalEmails?: string[];

  /**
   * How long the deployment to the idle environment may take until it is Ready
   * with health Ok; also the limit of each swap. Between 1 minute and 3 hours.
   *
   * @default Duration.minutes(30)
   */
  readonly deployTimeout?: Duration;

  /**
   * How long the idle environment may be Degraded or Severe during a
   * deployment before the pipeline gives up. At most 1 hour.
   *
   * @default Duration.minutes(5)
   */
  readonly healthGracePeriod?: Duration;

  /**
   * How long the new live environment's alarms are watched after the swap; if
   * one fires, the pipeline swaps back and fails. At most 3 hours; zero skips the watch.
   *
   * @default Duration.minutes(10)
   */
  readonly bakeTime?: Duration;

  /**
   * Scale the old environment down after a release: once the Watch stage has
   * passed (or the Swap, with no bake time), a ScaleDown stage waits this drain
   * period in a Step Functions Wait state (DNS caches may still send the old
   * environment requests meanwhile), then sets its Auto Scaling MinSize and
   * MaxSize to `scaledDownInstances`. The old environment is never terminated.
   * The next deployment to it, and `ebkit-bluegreen swap`/`rollback`, first
   * give it back the live environment's size. The pipeline execution ends
   * after the scale-down (a release started meanwhile queues).
   * Between 1 minute and 4 hours; needs load-balanced environments.
   *
   * @default - no scale-down: the old environment keeps its size
   */
  readonly scaleDownAfter?: Duration;

  /**
   * The old environment's MinSize and MaxSize after the scale-down (needs
   * `scaleDownAfter`). At least 1: Elastic Beanstalk keeps at least one
   * instance in an environment's Auto Scaling group; a rollback to the old
   * environment then serves with this many instances until its size is restored.
   *
   * @default 1
   */
  readonly scaledDownInstances?: number;

  /**
   * What happens to the buckets the pipeline creates when the stack is deleted.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

const POLL_SECONDS = 30;

/** What each release step receives: the state, and the execution (the owner of the release lock). */
const STEP_PAYLOAD = sfn.TaskInput.fromObject({ 'state.$': '$', 'executionId.$': '$$.Execution.Id' });

/**
 * A CodePipeline (V2) that releases a new version to the idle one of two
 * Elastic Beanstalk environments and swaps the production CNAME to it:
 *
 * Source (S3 object or Git connection) -> Build (CodeBuild, unit tests) ->
 * Deploy (register the version, deploy it to the idle environment, wait until
 * Ready and Ok, check its health path) -> [Test (CodeBuild against the idle
 * URL)] -> [Approve (manual, notified with the idle URL)] -> Swap (health gate,
 * SwapEnvironmentCNAMEs, wait) -> Watch (alarms of the new live environment
 * during the bake time; swap back and fail if one fires) -> [ScaleDown (after
 * a drain period, reduce the old environment's Auto Scaling size)].
 *
 * Which environment is idle is decided at run time (the one that does NOT hold
 * the production CNAME). The waits run in a Step Functions state machine whose
 * Wait states cost nothing: no Lambda runs for more than a few seconds.
 */
export class BlueGreenPipeline extends Construct {
  /** The pipeline. */
  public readonly pipeline: codepipeline.Pipeline;
  /**
   * The bucket that holds the source: the source bucket (S3 source), or the
   * artifact bucket where CodePipeline keeps the repository snapshot (connection source).
   */
  public readonly sourceBucket: s3.IBucket;
  /** The bucket of the pipeline's artifacts (builds are registered as application versions from here). */
  public readonly artifactBucket: s3.IBucket;
  /** The key that encrypts the pipeline's buckets, build and logs. */
  public readonly encryptionKey: kms.IKey;
  /** The state machine that runs the waits of a release (deploy, swap, watch). */
  public readonly stateMachine: sfn.IStateMachine;
  /** The topic announcing pending approvals, if there is one. */
  public readonly approvalTopic?: sns.ITopic;
  /**
   * The release lock (partition key `lockId`): the pipeline's releases and
   * `ebkit-bluegreen --lock-table <name>` hold a lease in it while they change
   * the environments, so only one actor changes the pair at a time.
   */
  public readonly lockTable: dynamodb.ITable;

  public constructor(scope: Construct, id: string, props: BlueGreenPipelineProps) {
    super(scope, id);

    const envs = props.environments;
    const deployTimeout = props.deployTimeout ?? Duration.minutes(30);
    const grace = props.healthGracePeriod ?? Duration.minutes(5);
    const bakeTime = props.bakeTime ?? Duration.minutes(10);
    const verifyPath = props.verifyPath ?? envs.healthCheckPath;
    const verifyExpectedStatus = props.verifyExpectedStatus ?? 200;
    const approvalEmails = props.approvalEmails ?? [];
    const manualApproval = props.manualApproval ?? (props.approvalTopic !== undefined || approvalEmails.length > 0);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const branch = props.branch ?? 'main';
    const scaledDownInstances = props.scaledDownInstances ?? 1;

    const errors = new PropsErrors(this);
    errors.check(!(props.connectionArn && (props.sourceBucket || props.sourceObjectKey)), 'connectionArn', props.connectionArn,
      'cannot be combined with sourceBucket or sourceObjectKey: the source is either an S3 object or a connection');
    errors.checkPattern('connectionArn', '^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:[0-9]{12}:connection/.+$',
      'must be a CodeStar Connections or CodeConnections connection ARN', props.connectionArn);
    errors.check(!props.connectionArn || props.repository !== undefined, 'repository', props.repository,
      "is required with connectionArn ('owner/name')");
    errors.check(props.connectionArn !== undefined || props.repository === undefined, 'repository', props.repository,
      'needs connectionArn: a repository source comes through a connection');
    errors.checkPattern('repository', '^[^/\\s]+/[^/\\s]+$', "must be 'owner/name'", props.repository);
    errors.checkPattern('sourceObjectKey', '^[^/].*\\.zip$', "must be the key of a .zip object, without a leading '/'", props.sourceObjectKey);
    errors.checkPattern('verifyPath', '^/', "must start with '/'", verifyPath);
    errors.checkRange('verifyExpectedStatus', 100, 599, verifyExpectedStatus);
    errors.check(inRange(deployTimeout, RELEASE_LIMITS.timeoutSeconds), 'deployTimeout', deployTimeout.toHumanString(), 'must be between 1 minute and 3 hours');
    errors.check(inRange(grace, RELEASE_LIMITS.healthGraceSeconds), 'healthGracePeriod', grace.toHumanString(), 'must be at most 1 hour');
    errors.check(inRange(bakeTime, RELEASE_LIMITS.bakeSeconds), 'bakeTime', bakeTime.toHumanString(), 'must be at most 3 hours');
    const alarmCount = envs.blueAlarms.length + envs.greenAlarms.length;
    errors.check(bakeTime.toSeconds() === 0 || alarmCount > 0, 'bakeTime', bakeTime.toHumanString(),
      'has no alarm to watch (the environments have defaultAlarms: false): pass bakeTime: Duration.seconds(0) to release '
      + 'without a watch (no Watch stage), or turn the default alarms on');
    const window = evaluationWindow([...envs.blueAlarms, ...envs.greenAlarms]);
    errors.check(bakeTime.toSeconds() === 0 || window === undefined || bakeTime.toSeconds() >= window.seconds, 'bakeTime',
      bakeTime.toHumanString(), `is shorter than the evaluation window of alarm ${window?.path} (${window?.seconds}s: `
      + 'evaluation periods times period): it could never fire during the bake; make the bake at least that long');
    errors.check(!manualApproval || props.approvalTopic !== undefined || approvalEmails.length > 0, 'manualApproval', manualApproval,
      'needs a notification target (approvalTopic or approvalEmails): nobody would know the pipeline waits');
    errors.check(manualApproval || (props.approvalTopic === undefined && approvalEmails.length === 0), 'manualApproval', manualApproval,
      'is false but approvalTopic or approvalEmails is given: turn the approval on or remove the target');
    if (props.scaleDownAfter) {
      errors.check(inRange(props.scaleDownAfter, [PIPELINE_MIN_DRAIN_SECONDS, RELEASE_LIMITS.drainSeconds[1]]), 'scaleDownAfter',
        props.scaleDownAfter.toHumanString(),
        'must be between 1 minute and 4 hours');
      const single = [envs.blue, envs.green].some((e) => e.environmentType === EnvironmentType.SINGLE_INSTANCE);
      errors.check(!single, 'scaleDownAfter', props.scaleDownAfter.toHumanString(),
        'needs load-balanced environments: a single-instance environment has nothing to scale down');
    }
    errors.check(props.scaledDownInstances === undefined || props.scaleDownAfter !== undefined, 'scaledDownInstances',
      props.scaledDownInstances, 'needs scaleDownAfter: without it the old environment is never scaled down');
    errors.check(props.scaledDownInstances !== 0, 'scaledDownInstances', props.scaledDownInstances,
      'must be at least 1: Elastic Beanstalk keeps at least one instance in an environment\'s Auto Scaling group (MinSize); '
      + 'the old environment is the rollback target and is never terminated by the pipeline');
    if (props.scaledDownInstances !== 0) {
      errors.checkRange('scaledDownInstances', ...RELEASE_LIMITS.scaleDownInstances, props.scaledDownInstances);
    }
    errors.throwIfAny();

    const stack = Stack.of(this);
    const applicationName = envs.application.applicationName;
    const envNames = [envs.blue.environmentName, envs.green.environmentName];

    // Encryption: one key for the buckets, the build, the logs and the topic.
    const key = new kms.Key(this, 'Key', {
      description: `Artifacts, source and logs of the blue/green pipeline ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy,
    });
    key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`));
    this.encryptionKey = key;

    const accessLogs = new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
    });
    Acknowledgements.add(accessLogs, Concern.LOG_BUCKET_WITHOUT_ACCESS_LOG, 'This is the server access log bucket of the pipeline\'s buckets; logging it into itself would loop');
    Acknowledgements.add(accessLogs, Concern.BUCKET_WITH_S3_MANAGED_KEY, 'S3 server access logs of the pipeline\'s buckets can only be delivered to a bucket encrypted with SSE-S3');
    Acknowledgements.add(accessLogs, Concern.BUCKET_WITHOUT_REPLICATION, 'server access logs of the pipeline\'s buckets are not data to restore in another region');

    const bucketProps: s3.BucketProps = {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      removalPolicy,
    };
    const artifactBucket = new s3.Bucket(this, 'ArtifactBucket', {
      ...bucketProps,
      serverAccessLogsPrefix: 'artifacts/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
    });
    this.artifactBucket = artifactBucket;

    // Application versions are registered in place: the instances of both environments may read them.
    // A resource policy (not a grant on the roles) keeps the dependency one way when the environments live in another stack.
    const instanceRoles = [envs.blue.instanceRole, envs.green.instanceRole].map((r) => new iam.ArnPrincipal(r.roleArn));
    artifactBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'InstancesReadApplicationVersions',
      principals: instanceRoles,
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [artifactBucket.arnForObjects('*')],
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'InstancesDecryptApplicationVersions',
      principals: instanceRoles,
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
    }));

    this.pipeline = new codepipeline.Pipeline(this, 'Resource', {
      pipelineType: codepipeline.PipelineType.V2,
      executionMode: codepipeline.ExecutionMode.QUEUED,
      artifactBucket,
      restartExecutionOnUpdate: false,
    });

    // 1. Source
    const sourceOutput = new codepipeline.Artifact('Source');
    let sourceAction: codepipeline.IAction;
    if (props.connectionArn) {
      const [owner, repo] = props.repository!.split('/');
      sourceAction = new actions.CodeStarConnectionsSourceAction({
        actionName: 'Source',
        connectionArn: props.connectionArn,
        owner,
        repo,
        branch,
        output: sourceOutput,
        triggerOnPush: true,
      });
      this.sourceBucket = artifactBucket;
    } else {
      const sourceObjectKey = props.sourceObjectKey ?? 'source.zip';
      const sourceBucket = props.sourceBucket ?? new s3.Bucket(this, 'SourceBucket', {
        ...bucketProps,
        serverAccessLogsPrefix: 'source/',
        lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(365) }],
      });
      if (!props.sourceBucket) {
        // EventBridge notifications as a bucket property (no custom resource, unlike eventBridgeEnabled).
        (sourceBucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
          eventBridgeConfiguration: { eventBridgeEnabled: true },
        };
      }
      this.sourceBucket = sourceBucket;
      sourceAction = new actions.S3SourceAction({
        actionName: 'Source',
        bucket: sourceBucket,
        bucketKey: sourceObjectKey,
        output: sourceOutput,
        trigger: actions.S3Trigger.NONE,
      });
      new events.Rule(this, 'SourceUploadedRule', {
        description: `Starts the pipeline when ${sourceObjectKey} is written to its source bucket`,
        eventPattern: {
          source: ['aws.s3'],
          detailType: ['Object Created'],
          detail: { bucket: { name: [sourceBucket.bucketName] }, object: { key: [sourceObjectKey] } },
        },
        targets: [new targets.CodePipeline(this.pipeline)],
      });
    }
    this.pipeline.addStage({ stageName: 'Source', actions: [sourceAction] });

    // 2. Build
    const buildOutput = new codepipeline.Artifact('Bundle');
    const build = new codebuild.PipelineProject(this, 'Build', {
      description: `Build and unit tests of ${this.node.path}`,
      buildSpec: props.buildSpec ?? defaultBuildSpec(),
      environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.SMALL },
      encryptionKey: key,
      timeout: Duration.minutes(30),
    });
    this.pipeline.addStage({
      stageName: 'Build',
      actions: [new actions.CodeBuildAction({ actionName: 'Build', project: build, input: sourceOutput, outputs: [buildOutput] })],
    });

    // The runtime: one state machine runs every wait, Lambda only takes short steps.
    const target = { applicationName, environmentNames: envNames, productionCnamePrefix: envs.productionCnamePrefix };
    const lockTable = new dynamodb.Table(this, 'LockTable', {
      partitionKey: { name: 'lockId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const lockReason = 'The release lock holds one short-lived lease item per blue/green pair: nothing to back up or restore';
    Acknowledgements.add(lockTable, Concern.of('TableOutsideBackupPlan', ['HIPAA.Security-DynamoDBInBackupPlan', 'NIST.800.53.R5-DynamoDBInBackupPlan']), lockReason);
    this.lockTable = lockTable;
    const functions = new ReleaseFunctions(this, 'Functions', envs, artifactBucket, key);
    lockTable.grant(functions.step, 'dynamodb:PutItem', 'dynamodb:DeleteItem');
    // A release that cannot move production back tells the alarm topic (sns:Publish on that topic only).
    envs.alarmTopic?.grantPublish(functions.step);
    this.stateMachine = releaseStateMachine(this, functions.step, key, removalPolicy, props.scaleDownAfter !== undefined);

    // 3. Deploy to the idle environment
    const prepare = new actions.LambdaInvokeAction({
      actionName: 'Prepare',
      lambda: functions.prepare,
      inputs: [buildOutput],
      variablesNamespace: 'Prepare',
      userParameters: { ...target, executionId: '#{codepipeline.PipelineExecutionId}', healthCheckPath: verifyPath },
      runOrder: 1,
    });
    const versionLabel = prepare.variable('VersionLabel');
    const settings = {
      timeoutSeconds: deployTimeout.toSeconds(),
      healthGraceSeconds: grace.toSeconds(),
      pollSeconds: POLL_SECONDS,
      lockTable: lockTable.tableName,
      ...(envs.alarmTopic ? { alarmTopicArn: envs.alarmTopic.topicArn } : {}),
    };
    this.pipeline.addStage({
      stageName: 'Deploy',
      actions: [
        prepare,
        new actions.StepFunctionInvokeAction({
          actionName: 'DeployToIdle',
          stateMachine: this.stateMachine,
          executionNamePrefix: 'deploy',
          stateMachineInput: actions.StateMachineInput.literal({
            operation: 'deploy', ...target, ...settings, versionLabel, verifyPath, verifyExpectedStatus,
          }),
          runOrder: 2,
        }),
      ],
    });

    // 4. Test against the idle environment (optional)
    if (props.testBuildSpec) {
      const test = new codebuild.PipelineProject(this, 'Test', {
        description: `Tests against the idle environment of ${this.node.path}`,
        buildSpec: props.testBuildSpec,
        environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.SMALL },
        encryptionKey: key,
        timeout: Duration.minutes(30),
      });
      this.pipeline.addStage({
        stageName: 'Test',
        actions: [new actions.CodeBuildAction({
          actionName: 'TestIdle',
          project: test,
          input: sourceOutput,
          environmentVariables: {
            IDLE_URL: { value: `http://${prepare.variable('IdleCname')}` },
            VERSION_LABEL: { value: versionLabel },
          },
        })],
      });
    }

    // 5. Approve (optional)
    if (manualApproval) {
      const topic = props.approvalTopic ?? new sns.Topic(this, 'ApprovalTopic', {
        displayName: 'Blue/green release waiting for approval',
        masterKey: key,
        enforceSSL: true,
      });
      for (const email of approvalEmails) {
        topic.addSubscription(new subscriptions.EmailSubscription(email));
      }
      this.approvalTopic = topic;
      this.pipeline.addStage({
        stageName: 'Approve',
        actions: [new actions.ManualApprovalAction({
          actionName: 'Approve',
          notificationTopic: topic,
          additionalInformation: `Version ${versionLabel} runs on the idle environment ${prepare.variable('IdleEnvironmentName')}: `
            + `${prepare.variable('IdleUrl')}. Approve to swap it into production.`,
          externalEntityLink: prepare.variable('IdleUrl'),
        })],
      });
    }

    // 6. Swap
    const alarms = [
      { environmentName: envs.blue.environmentName, alarmNames: envs.blueAlarms.map((a) => a.alarmName) },
      { environmentName: envs.green.environmentName, alarmNames: envs.greenAlarms.map((a) => a.alarmName) },
    ];
    this.pipeline.addStage({
      stageName: 'Swap',
      actions: [new actions.StepFunctionInvokeAction({
        actionName: 'SwapCnames',
        stateMachine: this.stateMachine,
        executionNamePrefix: 'swap',
        stateMachineInput: actions.StateMachineInput.literal({ operation: 'swap', ...target, ...settings, versionLabel }),
      })],
    });

    // 7. Watch the new live environment, swap back if an alarm fires
    if (bakeTime.toSeconds() > 0) {
      this.pipeline.addStage({
        stageName: 'Watch',
        actions: [new actions.StepFunctionInvokeAction({
          actionName: 'WatchAlarms',
          stateMachine: this.stateMachine,
          executionNamePrefix: 'watch',
          stateMachineInput: actions.StateMachineInput.literal({
            operation: 'watch', ...target, ...settings, versionLabel, bakeSeconds: bakeTime.toSeconds(), environmentAlarms: alarms,
          }),
        })],
      });
    }

    // 8. Scale the old environment down after the drain period (optional)
    if (props.scaleDownAfter) {
      this.pipeline.addStage({
        stageName: 'ScaleDown',
        actions: [new actions.StepFunctionInvokeAction({
          actionName: 'ScaleDownOld',
          stateMachine: this.stateMachine,
          executionNamePrefix: 'scale-down',
          stateMachineInput: actions.StateMachineInput.literal({
            operation: 'scale-down',
            ...target,
            ...settings,
            versionLabel,
            drainSeconds: props.scaleDownAfter.toSeconds(),
            scaleDownInstances: scaledDownInstances,
          }),
        })],
      });
    }

    this.acknowledgeInherentFindings(build);
  }

  /** Findings inherent to a pipeline built from CDK's grants, each with its reason. */
  private acknowledgeInherentFindings(build: codebuild.PipelineProject): void {
    const wildcards = 'a CDK grant of the release pipeline on its own resources (artifact objects, its KMS key, its logs)';
    // The policies this pipeline made, each with the wildcards it holds now: one added later is still reported.
    for (const policy of this.node.findAll().filter((c): c is iam.CfnPolicy => c instanceof iam.CfnPolicy)) {
      const path = policy.node.path.slice(this.node.path.length + 1);
      const reason = POLICY_REASONS.find(([pattern]) => pattern.test(path))?.[1] ?? wildcards;
      Acknowledgements.policyWildcardsNow(policy, reason);
      Acknowledgements.add(policy, Concern.CDK_INLINE_POLICY, `the statements of ${path.replace(/\/DefaultPolicy\/Resource$/, '')}, `
        + 'written by CDK as that role\'s own inline policy, which dies with the role; nothing else attaches them');
    }
    const replication = 'Pipeline artifacts and source bundles are rebuilt from the repository or re-uploaded; '
      + 'cross-region replication of them would only add cost (the backups package protects the data)';
    for (const bucket of this.node.findAll().filter((c) => c instanceof s3.CfnBucket)) {
      if (!Acknowledgements.of(bucket).some((a) => a.name === Concern.BUCKET_WITHOUT_REPLICATION.name)) {
        Acknowledgements.add(bucket, Concern.BUCKET_WITHOUT_REPLICATION, replication);
      }
    }
    Acknowledgements.add(build, Concern.CODEBUILD_SOURCE_FROM_PIPELINE,
      'The build project\'s source is the pipeline\'s artifact (CODEPIPELINE), not a repository URL with credentials');
  }
}

/** Why each policy of the pipeline holds the wildcards it does, by its path under the pipeline. */
const POLICY_REASONS: Array<[RegExp, string]> = [
  [/^Resource\/Role\//, 'the pipeline role\'s CDK grants: objects of its own artifact bucket, and the data-key actions '
    + '(kms:GenerateDataKey*, kms:ReEncrypt*) on the pipeline\'s own KMS key'],
  [/^Resource\/Source\//, 'the source action\'s CDK grants: it reads the source bundle and writes objects of the pipeline\'s own artifact '
    + 'bucket, with data-key actions on the pipeline\'s own key'],
  [/^Resource\/Deploy\/Prepare\//, 'CodePipeline\'s Lambda action needs lambda:ListFunctions, which has no resource-level permission; '
    + 'it invokes versions (:*) of the prepare function only and reads objects of the artifact bucket'],
  [/^Resource\/Approve\//, 'the approval action\'s CDK grant: data-key actions on the pipeline\'s own KMS key only'],
  [/^Resource\/[^/]+\/[^/]+\/CodePipelineActionRole\//, 'a Step Functions action polls the executions it starts of the release state machine '
    + 'only, whose names CodePipeline generates from the action\'s prefix'],
  [/^Build\/Role\//, 'the build project\'s CDK grants: its own log group and report groups (named after the project), objects of the '
    + 'artifact bucket and data-key actions on the pipeline\'s own key'],
  [/^Functions\/Prepare\//, 'X-Ray and CodePipeline job results have no resource-level permissions; the prepare function creates versions '
    + 'of this application only (their labels are made per release) and reads artifact objects'],
  [/^Functions\/Step\//, 'EC2, ELB and Auto Scaling Describe* calls have no resource-level permissions; the step function deploys versions of this '
    + 'application only, and updates the CloudFormation stacks and Auto Scaling groups Elastic Beanstalk names awseb-* only when '
    + 'they carry the tag of one of the two environments; X-Ray has no resource-level permissions'],
  [/^ReleaseStateMachine\//, 'the release state machine invokes versions (:*) of its own step function; CloudWatch Logs delivery '
    + 'and X-Ray calls have no resource-level permissions'],
];

function inRange(duration: Duration, [minSeconds, maxSeconds]: readonly [number, number]): boolean {
  const seconds = duration.toSeconds();
  return seconds >= minSeconds && seconds <= maxSeconds;
}

/** The longest evaluation window (evaluation periods times period) among alarms CDK knows the settings of. */
function evaluationWindow(alarms: cloudwatch.IAlarm[]): { seconds: number; path: string } | undefined {
  let longest: { seconds: number; path: string } | undefined;
  for (const alarm of alarms) {
    const cfn = alarm.node.defaultChild;
    if (!(cfn instanceof cloudwatch.CfnAlarm) || typeof cfn.evaluationPeriods !== 'number') {
      continue;
    }
    const period = typeof cfn.period === 'number' ? cfn.period : 60;
    const seconds = cfn.evaluationPeriods * period;
    if (!longest || seconds > longest.seconds) {
      longest = { seconds, path: alarm.node.path };
    }
  }
  return longest;
}

function defaultBuildSpec(): codebuild.BuildSpec {
  return codebuild.BuildSpec.fromObject({
    version: '0.2',
    phases: {
      install: { 'runtime-versions': { nodejs: 20 } },
      build: {
        commands: [
          'if [ -f package-lock.json ]; then npm ci; else npm install; fi',
          'npm run test --if-present',
        ],
      },
    },
    artifacts: {
      'files': ['**/*'],
      'exclude-paths': ['node_modules/**/*', '.git/**/*'],
    },
  });
}

/**
 * The two Lambda functions of the runtime, in the environments' VPC, with
 * roles scoped to the application and its two environments.
 */
class ReleaseFunctions extends Construct {
  public readonly prepare: lambda.IFunction;
  public readonly step: lambda.IFunction;

  public constructor(scope: Construct, id: string, envs: BlueGreenEnvironments, artifactBucket: s3.IBucket, private readonly key: kms.IKey) {
    super(scope, id);
    const stack = Stack.of(this);
    const arn = (resource: string) => `arn:${stack.partition}:elasticbeanstalk:${stack.region}:${stack.account}:${resource}`;
    // From another stack, the name is imported: exported here already, so that the ARNs (and their acknowledged
    // wildcards) are the same before and after synth, with the very export CDK would otherwise create at synth.
    const appStack = Stack.of(envs.application);
    const app = appStack === stack ? envs.application.applicationName : appStack.exportValue(envs.application.applicationName);
    const application = arn(`application/${app}`);
    const environments = [envs.blue, envs.green].map((e) => arn(`environment/${app}/${e.environmentName}`));
    const versions = arn(`applicationversion/${app}/*`);

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: envs.vpc,
      description: `Release functions of ${scope.node.path}: call AWS APIs and the environments over HTTP(S)`,
      allowAllOutbound: true,
    });
    const common: lambda.FunctionOptions = {
      vpc: envs.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [securityGroup],
      memorySize: 256,
      reservedConcurrentExecutions: 5,
      tracing: lambda.Tracing.ACTIVE,
    };

    const prepare = new PrepareReleaseFunction(this, 'Prepare', {
      ...common,
      description: 'Registers the build output as an application version and finds the idle environment',
      timeout: Duration.minutes(1),
      logGroup: this.logGroup('PrepareLogs'),
    });
    this.prepare = prepare;
    prepare.addToRolePolicy(new iam.PolicyStatement({
      actions: ['elasticbeanstalk:DescribeEnvironments'],
      resources: [application, ...environments],
    }));
    prepare.addToRolePolicy(new iam.PolicyStatement({
      actions: ['elasticbeanstalk:CreateApplicationVersion'],
      resources: [application, versions],
    }));
    prepare.addToRolePolicy(new iam.PolicyStatement({
      actions: ['codepipeline:PutJobSuccessResult', 'codepipeline:PutJobFailureResult'],
      resources: ['*'],
    }));
    artifactBucket.grantRead(prepare);

    const step = new ReleaseStepFunction(this, 'Step', {
      ...common,
      description: 'One step of a blue/green release (deploy, health gate, swap, watch, swap back)',
      timeout: Duration.minutes(1),
      logGroup: this.logGroup('StepLogs'),
    });
    this.step = step;
    step.addToRolePolicy(new iam.PolicyStatement({
      actions: ['elasticbeanstalk:DescribeEnvironments', 'elasticbeanstalk:DescribeEvents'],
      resources: [application, ...environments, versions],
    }));
    // Reads the two environments' Auto Scaling size: restore the idle one's before a deployment or swap, scale the old one down.
    step.addToRolePolicy(new iam.PolicyStatement({
      actions: ['elasticbeanstalk:DescribeConfigurationSettings'],
      resources: [application, ...environments],
    }));
    step.addToRolePolicy(new iam.PolicyStatement({
      actions: ['elasticbeanstalk:UpdateEnvironment', 'elasticbeanstalk:SwapEnvironmentCNAMEs'],
      resources: [application, ...environments, versions],
    }));
    const alarmArns = [...envs.blueAlarms, ...envs.greenAlarms].map((a) => a.alarmArn);
    if (alarmArns.length > 0) {
      // Without alarms (defaultAlarms: false, bakeTime 0) there is nothing to read, and a statement without resources is invalid.
      step.addToRolePolicy(new iam.PolicyStatement({
        actions: ['cloudwatch:DescribeAlarms'],
        resources: alarmArns,
      }));
    }
    // UpdateEnvironment runs with the caller's permissions on the resources Elastic Beanstalk manages for the environments.
    const ebBucket = `arn:${stack.partition}:s3:::elasticbeanstalk-${stack.region}-${stack.account}`;
    step.addToRolePolicy(new iam.PolicyStatement({
      actions: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource', 'cloudformation:DescribeStackResources',
        'cloudformation:DescribeStackEvents', 'cloudformation:GetTemplate'],
      resources: [`arn:${stack.partition}:cloudformation:${stack.region}:${stack.account}:stack/awseb-*`],
    }));
    // Elastic Beanstalk names an environment's stack and Auto Scaling group after its generated id (awseb-e-...), unknown
    // at synth, and tags them with the environment's name: changes are allowed on the two environments' resources only.
    const ownEnvironments = { 'aws:ResourceTag/elasticbeanstalk:environment-name': [envs.blue.environmentName, envs.green.environmentName] };
    step.addToRolePolicy(new iam.PolicyStatement({
      actions: ['cloudformation:UpdateStack', 'cloudformation:CancelUpdateStack'],
      resources: [`arn:${stack.partition}:cloudformation:${stack.region}:${stack.account}:stack/awseb-*`],
      conditions: { StringEquals: ownEnvironments },
    }));
    step.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetBucketPolicy'],
      resources: [ebBucket],
    }));
    // Objects: this application's keys and the environments' runtime resources only, never another application's bundles.
    step.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [`${ebBucket}/${app}/*`, `${ebBucket}/resources/environments/*`],
    }));
    step.addToRolePolicy(new iam.PolicyStatement({
      actions: ['autoscaling:SuspendProcesses', 'autoscaling:ResumeProcesses', 'autoscaling:UpdateAutoScalingGroup',
        'autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      resources: [`arn:${stack.partition}:autoscaling:${stack.region}:${stack.account}:autoScalingGroup:*:autoScalingGroupName/awseb-*`],
      conditions: { StringEquals: ownEnvironments },
    }));
    step.addToRolePolicy(new iam.PolicyStatement({
      actions: ['autoscaling:Describe*', 'ec2:Describe*', 'elasticloadbalancing:Describe*'],
      resources: ['*'],
    }));

    for (const fn of [prepare, step]) {
      Acknowledgements.awsManagedPolicies(fn.role!, ['service-role/AWSLambdaBasicExecutionRole', 'service-role/AWSLambdaVPCAccessExecutionRole'],
        `The service-maintained policies for the ${fn.node.id} release function's logs and its network interfaces in the VPC`);
      Acknowledgements.add(fn, Concern.PINNED_LAMBDA_RUNTIME, `The runtime is fixed by the build that bundles the ${fn.node.id} release handler (Node.js 22, supported)`);
      Acknowledgements.add(fn, Concern.SYNCHRONOUS_FUNCTION_WITHOUT_DLQ,
        'Invoked synchronously (by CodePipeline or Step Functions), which report and retry failures: a dead-letter queue would never receive anything');
    }
  }

  private logGroup(id: string): logs.ILogGroup {
    return new logs.LogGroup(this, id, {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

/**
 * The release loop: a Lambda step returns the next state, the state machine
 * waits (free) or runs the next step, and ends in Succeed or Fail with the
 * step's message as the cause (CodePipeline shows it). With `scaleDown`, a
 * step may also ask for the drain period: a Wait state of `drainSeconds`, then
 * the step that scales the old environment down.
 */
function releaseStateMachine(scope: Construct, step: lambda.IFunction, key: kms.IKey, removalPolicy: RemovalPolicy,
  scaleDown: boolean): sfn.StateMachine {
  const invoke = new tasks.LambdaInvoke(scope, 'ReleaseStep', {
    lambdaFunction: step,
    payloadResponseOnly: true,
    payload: STEP_PAYLOAD,
    retryOnServiceExceptions: true,
    comment: 'Run one step of the release',
  });
  const pause = new sfn.Wait(scope, 'Pause', { time: sfn.WaitTime.secondsPath('$.waitSeconds') });
  const succeed = new sfn.Succeed(scope, 'Released');
  const failed = new sfn.Fail(scope, 'ReleaseFailed', { error: 'ReleaseFailed', causePath: '$.message' });
  const choice = new sfn.Choice(scope, 'NextStep')
    .when(sfn.Condition.stringEquals('$.next', 'wait'), pause.next(invoke))
    .when(sfn.Condition.stringEquals('$.next', 'continue'), invoke);
  let scaleDownTask: tasks.LambdaInvoke | undefined;
  if (scaleDown) {
    const drain = new sfn.Wait(scope, 'DrainPeriod', {
      time: sfn.WaitTime.secondsPath('$.drainSeconds'),
      comment: 'Wait the drain period before scaling the old environment down (costs nothing while it waits)',
    });
    const scaleDownStep = new tasks.LambdaInvoke(scope, 'ScaleDownOldEnvironment', {
      lambdaFunction: step,
      payloadResponseOnly: true,
      payload: STEP_PAYLOAD,
      retryOnServiceExceptions: true,
      comment: 'Check again, then reduce the old environment\'s Auto Scaling size',
    });
    choice.when(sfn.Condition.stringEquals('$.next', 'drain'), drain.next(scaleDownStep));
    scaleDownStep.next(choice);
    scaleDownTask = scaleDownStep;
  }
  // Every task state has a Catch to a safe end: swap back when the new version is live, then fail (never an unwatched live version).
  const safeEnd = new tasks.LambdaInvoke(scope, 'SafeEnd', {
    lambdaFunction: step,
    payloadResponseOnly: true,
    payload: STEP_PAYLOAD,
    retryOnServiceExceptions: true,
    comment: 'A step failed outright (timeout, crash): swap back when the new version is live, then fail the release',
  });
  const safeEndPause = new sfn.Wait(scope, 'SafeEndPause', { time: sfn.WaitTime.secondsPath('$.waitSeconds') });
  const safeEndFailed = new sfn.Fail(scope, 'SafeEndFailed', {
    error: 'ReleaseFailed',
    cause: 'A release step failed and so did its safe end: check which environment is live (ebkit-bluegreen status) and roll back by hand if needed',
  });
  safeEnd.addCatch(safeEndFailed, { resultPath: '$.caught' });
  safeEnd.next(new sfn.Choice(scope, 'SafeEndNext')
    .when(sfn.Condition.stringEquals('$.next', 'wait'), safeEndPause.next(safeEnd))
    .when(sfn.Condition.stringEquals('$.next', 'continue'), safeEnd)
    .otherwise(failed));
  invoke.addCatch(safeEnd, { resultPath: '$.caught' });
  scaleDownTask?.addCatch(safeEnd, { resultPath: '$.caught' });
  const definition = invoke.next(choice
    .when(sfn.Condition.stringEquals('$.next', 'done'), succeed)
    .otherwise(failed));
  const logGroup = new logs.LogGroup(scope, 'ReleaseLogs', {
    retention: logs.RetentionDays.ONE_YEAR,
    encryptionKey: key,
    removalPolicy,
  });
  return new sfn.StateMachine(scope, 'ReleaseStateMachine', {
    definitionBody: sfn.DefinitionBody.fromChainable(definition),
    timeout: Duration.hours(8),
    tracingEnabled: true,
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
  });
}
