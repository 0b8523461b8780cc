import { Acknowledgements, CheckovSkips, Concern, PropsErrors } from '@ebkit/core';
import { Aws, Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { PgDumpBackup } from './pg-dump-backup';
import { cronProblem } from './private/cron';
import { grantOnKey } from './private/grants';
import { RestoreDrillFunction } from './private/handlers/restore-drill-function';
import { pgClientBuildSpec } from './private/pg-client-buildspec';
import { engineVersionProblem, instanceClassProblem } from './private/rds-offerings';

/** How long the drill waits between checks of the restoring instance. */
const POLL_INTERVAL = Duration.minutes(2);

/** How long the cleanup waits while RDS cannot delete the instance yet (e.g. `modifying`). */
const CLEANUP_INTERVAL = Duration.minutes(1);

/** The longest a drill may run. */
const DRILL_TIMEOUT = Duration.hours(6);

/** The CloudWatch namespace of the drill's measures. */
const METRIC_NAMESPACE = 'ebkit/RestoreDrill';

/** The verification query: how many tables the restored database has (0 fails the drill). */
const DEFAULT_VERIFY_QUERY = "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')";

/**
 * Properties of a `RestoreDrill`.
 */
export interface RestoreDrillProps {
  /** The VPC the drill instance is restored into (the database's VPC). */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the drill instance.
   *
   * @default - the VPC's private isolated subnets, or its private subnets with egress when it has no isolated ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /** The database whose latest snapshot is restored. */
  readonly database: rds.IDatabaseInstance;

  /**
   * The KMS key that encrypts the database's storage (and so its snapshots);
   * the drill needs to create grants on it to restore.
   *
   * It may belong to another stack (e.g. the database's): the drill's
   * function is then granted in its own policy only, so that the other
   * stack's key policy never names it (no dependency cycle). The key policy
   * must let the account's IAM policies allow its use, as the default key
   * policy does.
   *
   * @default - the snapshots use the AWS-managed RDS key
   */
  readonly databaseKey?: kms.IKey;

  /**
   * The pg_dump job: the drill restores its latest dump (the newest with a
   * manifest) next to the snapshot, with the same PostgreSQL client, in a
   * CodeBuild project of its own (so that the dump's alarms count dumps only).
   */
  readonly pgDumpBackup: PgDumpBackup;

  /**
   * The instance class of the drill instance, without the `db.` prefix: one
   * RDS for PostgreSQL offers (checked against a dated list).
   *
   * @default - db.t4g.micro
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Your check query, run on the restored snapshot and on the restored dump;
   * the drill fails when it errors or returns nothing, 0 or false. The drill
   * also compares every table's row count in the restored dump with the
   * dump's manifest, and checks that every table of the dump exists in the
   * restored snapshot.
   *
   * @default - the number of tables outside the system schemas
   */
  readonly verifyQuery?: string;

  /**
   * The oldest the restored snapshot and the latest dump may be (the RPO you
   * promise): the drill fails, and `recoveryPointAgeAlarm` fires, when either
   * is older. Set it to the interval of your backups plus their duration.
   *
   * @default Duration.hours(36)
   */
  readonly maxRecoveryPointAge?: Duration;

  /**
   * The longest a restore may take (the RTO you promise): `restoreDurationAlarm`
   * fires when restoring the snapshot (until the instance is available) or the
   * dump takes longer.
   *
   * @default Duration.hours(4)
   */
  readonly maxRestoreDuration?: Duration;

  /**
   * Drill instances older than this are deleted by the janitor (a drill left
   * them behind: its execution timed out, was aborted, or its cleanup
   * failed). At least an hour longer than a drill may run (6 hours).
   *
   * @default Duration.hours(8)
   */
  readonly staleInstanceAge?: Duration;

  /**
   * The key prefix of the drill reports in the dump bucket (one JSON file per drill).
   *
   * @default - `<pgDumpBackup.prefix>drill-reports/<database>/`
   */
  readonly reportPrefix?: string;

  /**
   * When the drill runs (UTC).
   *
   * @default events.Schedule.expression('cron(0 6 1 * ? *)') (the 1st of every month, 06:00 UTC)
   */
  readonly schedule?: events.Schedule;

  /**
   * The topic the failure alarm notifies.
   *
   * @default - the alarm has no action
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * A scheduled restore drill that proves the data comes back: a Step Functions
 * state machine restores the database's latest snapshot (automated, manual or
 * AWS Backup) into a temporary, private, single-AZ instance tagged
 * `ebkit:restore-drill` with an identifier unique to the execution, lets RDS
 * set a fresh master password in its own secret, and runs a CodeBuild job
 * with the pg_dump job's PostgreSQL client that restores the latest dump (the
 * newest with a manifest) next to it, compares every table's row count with
 * the manifest, checks that the snapshot has every table, runs your check
 * query on both, fails when either recovery point is older than
 * `maxRecoveryPointAge`, publishes the ages (RPO) and restore durations (RTO)
 * as CloudWatch metrics and writes a JSON report to the dump bucket. The
 * instance is deleted in every case: every state catches into a cleanup that
 * waits while RDS cannot delete yet, and a janitor deletes any drill instance
 * older than `staleInstanceAge` (a timed-out or aborted execution). Alarms fire
 * when a drill fails, when a recovery point is too old and when a restore
 * takes too long. Run it by hand with `aws stepfunctions start-execution`.
 *
 * @example
 * new RestoreDrill(this, 'Drill', { vpc, database: db.instance, databaseKey: db.encryptionKey, pgDumpBackup: dump });
 */
export class RestoreDrill extends Construct {
  /** The state machine that runs the drill. */
  public readonly stateMachine: sfn.StateMachine;

  /** The prefix of the drill instances' identifiers. */
  public readonly drillPrefix: string;

  /** The security group of the drill instances. */
  public readonly securityGroup: ec2.ISecurityGroup;

  /** The CodeBuild project that restores the dump and checks both restores. */
  public readonly project: codebuild.Project;

  /** Fires when a drill fails, times out or is aborted. */
  public readonly failureAlarm: cloudwatch.Alarm;

  /** Fires when the restored snapshot or the latest dump was older than `maxRecoveryPointAge` (RPO). */
  public readonly recoveryPointAgeAlarm: cloudwatch.Alarm;

  /** Fires when restoring the snapshot or the dump took longer than `maxRestoreDuration` (RTO). */
  public readonly restoreDurationAlarm: cloudwatch.Alarm;

  /** The CloudWatch namespace of the drill's metrics (dimension `Drill`: `drillPrefix`). */
  public readonly metricNamespace = METRIC_NAMESPACE;

  /** The key prefix of the drill reports in the dump bucket. */
  public readonly reportPrefix: string;

  public constructor(scope: Construct, id: string, props: RestoreDrillProps) {
    super(scope, id);

    const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO);
    const verifyQuery = props.verifyQuery ?? DEFAULT_VERIFY_QUERY;
    const schedule = props.schedule ?? events.Schedule.expression('cron(0 6 1 * ? *)');
    const maxAge = props.maxRecoveryPointAge ?? Duration.hours(36);
    const maxRestore = props.maxRestoreDuration ?? Duration.hours(4);
    const staleAge = props.staleInstanceAge ?? Duration.hours(8);
    const dump = props.pgDumpBackup;
    const reportPrefix = props.reportPrefix ?? `${dump?.prefix ?? ''}drill-reports/${dump?.databaseName ?? 'database'}/`;

    const errors = new PropsErrors(this);
    const problem = cronProblem(schedule.expressionString);
    errors.check(problem === undefined, 'schedule', schedule.expressionString, problem ?? '');
    errors.check(verifyQuery.trim().length > 0, 'verifyQuery', verifyQuery, 'must be a SQL query');
    errors.check(!instanceType.toString().startsWith('db.'), 'instanceType', instanceType.toString(), "must not start with 'db.' (the prefix is added for you)");
    if (!instanceType.toString().startsWith('db.')) {
      const classProblem = instanceClassProblem(instanceType.toString());
      errors.check(classProblem === undefined, 'instanceType', instanceType.toString(), classProblem ?? '');
    }
    // when the database's engine version is known (a DatabaseInstance of this app, not an import)
    const engineVersion = props.database.engine?.engineVersion?.fullVersion;
    if (engineVersion !== undefined && !Token.isUnresolved(engineVersion)) {
      const versionProblem = engineVersionProblem(engineVersion);
      errors.check(versionProblem === undefined, 'database', `engine version ${engineVersion}`, versionProblem ?? '');
      const major = Number(engineVersion.split('.')[0]);
      if (dump !== undefined) {
        errors.check(Number(dump.postgresMajorVersion) >= major, 'pgDumpBackup', `postgresMajorVersion ${dump.postgresMajorVersion}`,
          `must be at least the database's major version (${major}): pg_dump and psql older than the server fail`);
      }
    }
    errors.check(props.vpc.privateSubnets.length > 0, 'vpc', 'without private subnets with egress',
      'must have private subnets with egress: the drill function calls the RDS API from them');
    const ageMinutes = maxAge.toMinutes({ integral: false });
    errors.check(Number.isInteger(ageMinutes) && ageMinutes >= 60 && ageMinutes <= 7 * 24 * 60, 'maxRecoveryPointAge', `${ageMinutes} minutes`,
      'must be a whole number of minutes between 1 hour and 7 days');
    const restoreMinutes = maxRestore.toMinutes({ integral: false });
    errors.check(Number.isInteger(restoreMinutes) && restoreMinutes >= 10 && restoreMinutes <= 24 * 60, 'maxRestoreDuration', `${restoreMinutes} minutes`,
      'must be a whole number of minutes between 10 minutes and 24 hours');
    const staleMinutes = staleAge.toMinutes({ integral: false });
    errors.check(Number.isInteger(staleMinutes) && staleMinutes >= DRILL_TIMEOUT.toMinutes() + 60, 'staleInstanceAge', `${staleMinutes} minutes`,
      `must be a whole number of minutes, at least an hour more than a drill may run (${DRILL_TIMEOUT.toHours()} hours): a running drill's instance is never stale`);
    errors.checkPattern('reportPrefix', '^([A-Za-z0-9!_.*\'()-]+/)+$', "must be path segments each ending in '/', without a leading '/'", reportPrefix);
    errors.throwIfAny();

    const stack = Stack.of(this);
    this.reportPrefix = reportPrefix;
    this.drillPrefix = Names.uniqueResourceName(this, { maxLength: 40, separator: '-' }).toLowerCase()
      .replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^[^a-z]+/, '').replace(/-$/, '') || 'drill';
    const drillArn = (resourceType: string, name: string) => `arn:${Aws.PARTITION}:rds:${stack.region}:${stack.account}:${resourceType}:${name}`;

    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the state and logs of the restore drill ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`));

    const subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? {
        subnetType: props.vpc.isolatedSubnets.length > 0 ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS,
      },
      description: `Subnets of the restore drill instances of ${this.node.path}`,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Restore drill instances of ${this.node.path}: PostgreSQL from the pg_dump job only`,
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(dump.securityGroup, ec2.Port.tcp(5432), 'PostgreSQL from the verification job');

    const fn = new RestoreDrillFunction(this, 'Function', {
      description: `Restore drill steps of ${this.node.path}`,
      timeout: Duration.minutes(1),
      memorySize: 256,
      reservedConcurrentExecutions: 2,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      logGroup: new logs.LogGroup(this, 'FunctionLogs', {
        retention: logs.RetentionDays.ONE_YEAR,
        encryptionKey: key,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
      environment: {
        SOURCE_INSTANCE_ID: props.database.instanceIdentifier,
        DRILL_PREFIX: this.drillPrefix,
        SUBNET_GROUP_NAME: subnetGroup.subnetGroupName,
        SECURITY_GROUP_IDS: this.securityGroup.securityGroupId,
        INSTANCE_CLASS: `db.${instanceType.toString()}`,
        STALE_AFTER_MINUTES: String(staleMinutes),
      },
    });
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['rds:DescribeDBSnapshots', 'rds:DescribeDBInstances'],
      resources: ['*'],
    }));
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['rds:RestoreDBInstanceFromDBSnapshot'],
      resources: [
        drillArn('db', `${this.drillPrefix}-*`),
        drillArn('snapshot', '*'),
        drillArn('subgrp', subnetGroup.subnetGroupName),
        drillArn('og', '*'),
        drillArn('pg', '*'),
      ],
    }));
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['rds:AddTagsToResource', 'rds:ModifyDBInstance', 'rds:DeleteDBInstance'],
      resources: [drillArn('db', `${this.drillPrefix}-*`)],
    }));
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'],
      resources: [`arn:${Aws.PARTITION}:secretsmanager:${stack.region}:${stack.account}:secret:rds!db-*`],
    }));
    if (props.databaseKey) {
      // in the function's policy only when the key is in another stack (the database's): no dependency cycle
      grantOnKey(this, fn, props.databaseKey, 'kms:CreateGrant', 'kms:DescribeKey');
    }

    // The drill's own client job: restores the dump and checks both restores. Not the dump's project,
    // so that the dump's failure and missing-dump alarms count dumps only.
    this.project = new codebuild.Project(this, 'Project', {
      description: `Restore drill checks of ${dump.databaseName} (${this.node.path}): restores the latest dump, compares row counts`,
      buildSpec: codebuild.BuildSpec.fromObjectToYaml(pgClientBuildSpec()),
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: codebuild.ComputeType.SMALL,
        privileged: false,
      },
      environmentVariables: {
        MODE: { value: 'drill' },
        PG_MAJOR: { value: dump.postgresMajorVersion },
        DB_NAME: { value: dump.databaseName },
        BUCKET: { value: dump.bucket.bucketName },
        PREFIX: { value: dump.prefix },
        REPORT_PREFIX: { value: reportPrefix },
        VERIFY_QUERY: { value: verifyQuery },
        MAX_AGE_SECONDS: { value: String(maxAge.toSeconds()) },
        METRIC_NAMESPACE: { value: METRIC_NAMESPACE },
        DRILL_NAME: { value: this.drillPrefix },
      },
      vpc: props.vpc,
      subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [dump.securityGroup],
      encryptionKey: key,
      timeout: Duration.hours(3),
      queuedTimeout: Duration.hours(1),
      logging: {
        cloudWatch: {
          logGroup: new logs.LogGroup(this, 'ProjectLogs', {
            retention: logs.RetentionDays.ONE_YEAR,
            encryptionKey: key,
            removalPolicy: RemovalPolicy.RETAIN,
          }),
        },
      },
    });
    dump.bucket.grantRead(this.project, `${dump.prefix}*`);
    dump.bucket.grantPut(this.project, `${reportPrefix}*`);
    // The drill's job may read the secrets RDS creates for drill instances, and only those.
    this.project.addToRolePolicy(new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [`arn:${Aws.PARTITION}:secretsmanager:${stack.region}:${stack.account}:secret:rds!db-*`],
      conditions: { StringLike: { 'secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn': drillArn('db', `${this.drillPrefix}-*`) } },
    }));
    this.project.addToRolePolicy(new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': METRIC_NAMESPACE } },
    }));
    Acknowledgements.add(this.project, Concern.CODEBUILD_SOURCE_FROM_PIPELINE, 'the drill project has no source repository: its buildspec is inline (NO_SOURCE)');
    const vpcPolicy = this.project.node.tryFindChild('PolicyDocument');
    if (vpcPolicy) {
      CheckovSkips.add(vpcPolicy, [{
        id: 'CKV_AWS_111',
        comment: 'CodeBuild creates and deletes the network interfaces of a build in the VPC before their ids exist, so AWS documents '
          + 'these EC2 actions on *; attaching them is limited to the job\'s subnets (ec2:CreateNetworkInterfacePermission with conditions)',
      }]);
    }

    const step = (stepId: string, stepName: string, resultPath: string, extra: { [key: string]: any } = {}) => new tasks.LambdaInvoke(this, stepId, {
      lambdaFunction: fn,
      payload: sfn.TaskInput.fromObject({
        step: stepName,
        drillInstanceId: sfn.JsonPath.stringAt('$.drill.drillInstanceId'),
        ...extra,
      }),
      payloadResponseOnly: true,
      resultPath,
      retryOnServiceExceptions: true,
    });

    // ---- the failure path: delete the instance, waiting while RDS cannot delete it yet ----
    const failed = new sfn.Fail(this, 'DrillFailed', { cause: 'the restore drill failed; see the execution history and the drill report', error: 'RestoreDrillFailed' });
    const cleanupFailed = new sfn.Fail(this, 'CleanupFailed', {
      cause: `the drill instance could not be deleted; the janitor deletes drill instances older than ${staleAge.toHumanString()}`,
      error: 'RestoreDrillCleanupFailed',
    });
    const cleanupAfterFailure = step('CleanUpAfterFailure', 'cleanup', '$.cleanup');
    cleanupAfterFailure.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(30), maxAttempts: 5, backoffRate: 2 });
    cleanupAfterFailure.addCatch(cleanupFailed, { resultPath: '$.cleanupError' });
    const waitCleanupAfterFailure = new sfn.Wait(this, 'WaitToCleanUpAfterFailure', { time: sfn.WaitTime.duration(CLEANUP_INTERVAL) });
    const deleting = sfn.Condition.or(sfn.Condition.stringEquals('$.cleanup.status', 'deleting'), sfn.Condition.stringEquals('$.cleanup.status', 'deleted'));
    cleanupAfterFailure.next(new sfn.Choice(this, 'DeletedAfterFailure?')
      .when(deleting, failed)
      .otherwise(waitCleanupAfterFailure.next(cleanupAfterFailure)));

    // ---- the drill ----
    const name = new sfn.Pass(this, 'NameDrillInstance', {
      comment: 'an identifier unique to this execution: 12 hex digits of a UUID',
      parameters: {
        'drillInstanceId.$': `States.Format('${this.drillPrefix}-{}', States.ArrayGetItem(States.StringSplit(States.UUID(), '-'), 4))`,
      },
      resultPath: '$.drill',
    });
    const start = step('RestoreLatestSnapshot', 'start', '$.drill', { 'executionId.$': '$$.Execution.Id' });
    const checkRestore = step('CheckRestore', 'status', '$.state');
    const recordRestored = new sfn.Pass(this, 'RecordRestoreTime', {
      parameters: { 'at.$': '$.state.checkedAt' },
      resultPath: '$.restored',
    });
    const managePassword = step('SetNewPassword', 'managePassword', '$.state');
    const checkPassword = step('CheckPassword', 'status', '$.state');
    const env = (value: string) => ({ type: codebuild.BuildEnvironmentVariableType.PLAINTEXT, value });
    const verify = new tasks.CodeBuildStartBuild(this, 'RunVerificationQuery', {
      project: this.project,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      environmentVariablesOverride: {
        DB_HOST: env(sfn.JsonPath.stringAt('$.state.endpoint')),
        DB_PORT: env(sfn.JsonPath.stringAt('$.state.port')),
        DB_SECRET_ARN: env(sfn.JsonPath.stringAt('$.state.secretArn')),
        DRILL_INSTANCE_ID: env(sfn.JsonPath.stringAt('$.drill.drillInstanceId')),
        SNAPSHOT_ID: env(sfn.JsonPath.stringAt('$.drill.snapshotId')),
        SNAPSHOT_TIME: env(sfn.JsonPath.stringAt('$.drill.snapshotTime')),
        DRILL_STARTED_AT: env(sfn.JsonPath.stringAt('$$.Execution.StartTime')),
        SNAPSHOT_RESTORED_AT: env(sfn.JsonPath.stringAt('$.restored.at')),
      },
      resultPath: sfn.JsonPath.DISCARD,
    });
    const passed = new sfn.Succeed(this, 'DrillPassed');
    const cleanup = step('CleanUp', 'cleanup', '$.cleanup');
    cleanup.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(30), maxAttempts: 3, backoffRate: 2 });
    const waitCleanup = new sfn.Wait(this, 'WaitToCleanUp', { time: sfn.WaitTime.duration(CLEANUP_INTERVAL) });
    cleanup.next(new sfn.Choice(this, 'Deleted?')
      .when(deleting, passed)
      .otherwise(waitCleanup.next(cleanup)));
    for (const task of [start, checkRestore, managePassword, checkPassword, verify, cleanup]) {
      task.addCatch(cleanupAfterFailure, { resultPath: '$.error' });
    }

    const waitRestore = new sfn.Wait(this, 'WaitForRestore', { time: sfn.WaitTime.duration(POLL_INTERVAL) });
    const waitPassword = new sfn.Wait(this, 'WaitForPassword', { time: sfn.WaitTime.duration(POLL_INTERVAL) });
    const definition = name
      .next(start)
      .next(waitRestore)
      .next(checkRestore)
      .next(new sfn.Choice(this, 'Restored?')
        .when(sfn.Condition.or(
          sfn.Condition.booleanEquals('$.state.failed', true),
          sfn.Condition.stringEquals('$.state.status', 'deleted')), cleanupAfterFailure)
        .when(sfn.Condition.stringEquals('$.state.status', 'available'), recordRestored
          .next(managePassword)
          .next(waitPassword)
          .next(checkPassword)
          .next(new sfn.Choice(this, 'PasswordSet?')
            .when(sfn.Condition.or(
              sfn.Condition.booleanEquals('$.state.failed', true),
              sfn.Condition.stringEquals('$.state.status', 'deleted')), cleanupAfterFailure)
            .when(sfn.Condition.booleanEquals('$.state.ready', true), verify.next(cleanup))
            .otherwise(waitPassword)))
        .otherwise(waitRestore));

    this.stateMachine = new sfn.StateMachine(this, 'Resource', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: DRILL_TIMEOUT,
      tracingEnabled: true,
      encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(key),
      logs: {
        destination: new logs.LogGroup(this, 'Logs', {
          retention: logs.RetentionDays.ONE_YEAR,
          encryptionKey: key,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });

    new events.Rule(this, 'Schedule', {
      description: `Runs the restore drill of ${this.node.path}`,
      schedule,
      targets: [new targets.SfnStateMachine(this.stateMachine)],
    });

    // What no Catch can clean up (the execution timed out or was aborted, the cleanup itself failed):
    // the janitor deletes drill instances older than staleInstanceAge, every hour.
    new events.Rule(this, 'Janitor', {
      description: `Deletes the drill instances of ${this.node.path} older than ${staleAge.toHumanString()}`,
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject({ step: 'janitor' }), retryAttempts: 2 })],
    });

    const alarm = (alarmId: string, alarmProps: cloudwatch.AlarmProps) => {
      const a = new cloudwatch.Alarm(this, alarmId, alarmProps);
      if (props.alarmTopic) {
        a.addAlarmAction(new cw_actions.SnsAction(props.alarmTopic));
      } else {
        const reason = 'no alarmTopic given: the alarm shows in the CloudWatch console; pass alarmTopic to be notified';
        Acknowledgements.add(a, Concern.ALARM_WITHOUT_EVERY_ACTION, reason);
      }
      return a;
    };
    this.failureAlarm = alarm('FailureAlarm', {
      metric: new cloudwatch.MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: this.stateMachine.metricFailed({ statistic: 'Sum', period: Duration.hours(1) }),
          timedOut: this.stateMachine.metricTimedOut({ statistic: 'Sum', period: Duration.hours(1) }),
          aborted: this.stateMachine.metricAborted({ statistic: 'Sum', period: Duration.hours(1) }),
        },
        period: Duration.hours(1),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${this.node.path}: a restore drill failed: the latest snapshot or dump could not be restored or did not match`,
    });
    const drillMetric = (metricName: string) => new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { Drill: this.drillPrefix },
      statistic: 'Maximum',
      period: Duration.days(1),
    });
    this.recoveryPointAgeAlarm = alarm('RecoveryPointAgeAlarm', {
      metric: new cloudwatch.MathExpression({
        expression: 'MAX([snapshotAge, dumpAge])',
        usingMetrics: { snapshotAge: drillMetric('SnapshotAgeSeconds'), dumpAge: drillMetric('DumpAgeSeconds') },
        period: Duration.days(1),
        label: 'age of the restored recovery points (s)',
      }),
      threshold: maxAge.toSeconds(),
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${this.node.path}: the restore drill found a recovery point older than ${maxAge.toHumanString()} (RPO)`,
    });
    this.restoreDurationAlarm = alarm('RestoreDurationAlarm', {
      metric: new cloudwatch.MathExpression({
        expression: 'MAX([snapshotRestore, dumpRestore])',
        usingMetrics: { snapshotRestore: drillMetric('SnapshotRestoreSeconds'), dumpRestore: drillMetric('DumpRestoreSeconds') },
        period: Duration.days(1),
        label: 'restore duration (s)',
      }),
      threshold: maxRestore.toSeconds(),
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${this.node.path}: a restore in the drill took longer than ${maxRestore.toHumanString()} (RTO)`,
    });

    const lambdaReason = 'invoked synchronously by the state machine, which retries, catches failures and cleans up: a dead-letter queue would hold nothing';
    Acknowledgements.add(fn, Concern.SYNCHRONOUS_FUNCTION_WITHOUT_DLQ, lambdaReason);
    Acknowledgements.add(fn, Concern.PINNED_LAMBDA_RUNTIME, 'the runtime is set by the build that bundles the drill handler (Node.js 22, supported); it moves with the package');
    Acknowledgements.awsManagedPolicies(fn.role!, ['service-role/AWSLambdaBasicExecutionRole', 'service-role/AWSLambdaVPCAccessExecutionRole'],
      'the AWS-managed policies for the drill function\'s own logs and its network interfaces in the VPC');
    Acknowledgements.policyWildcardsNow(fn.role!, 'RDS describe calls have no resource-level permissions (the janitor lists instances); restores, changes and deletions are limited to '
      + 'drill instances (identifier prefix), snapshots, option and parameter groups they restore from, and the secrets RDS creates for drill instances');
    Acknowledgements.add(fn.role!.node.findChild('DefaultPolicy'), Concern.CDK_INLINE_POLICY, 'the drill function\'s statements, written by CDK as its role\'s own policy and deleted with it');
    const machineRole = this.stateMachine.role;
    Acknowledgements.policyWildcardsNow(machineRole, 'the drill state machine invokes versions of its own function (:*), starts and watches builds of its own project; '
      + 'CloudWatch Logs delivery and X-Ray calls have no resource-level permissions');
    Acknowledgements.add(machineRole.node.findChild('DefaultPolicy'), Concern.CDK_INLINE_POLICY, 'the drill state machine\'s statements, written by CDK as its role\'s own policy');
    Acknowledgements.add(this.stateMachine.node.findChild('EventsRole').node.findChild('DefaultPolicy'), Concern.CDK_INLINE_POLICY,
      'the schedule\'s role, written by CDK as its own policy: states:StartExecution on the drill state machine only');
    const projectRole = this.project.role!;
    Acknowledgements.policyWildcardsNow(projectRole, 'the drill job\'s grants: its own network interfaces, log streams and report groups (as CodeBuild in a VPC requires), '
      + 'objects under the dump prefix (read) and the report prefix (write) of the bucket, KMS data-key actions on the named keys, '
      + 'metrics of its own namespace only (cloudwatch:namespace condition), and the secrets RDS creates for drill instances (tag condition)');
    Acknowledgements.add(projectRole.node.findChild('DefaultPolicy'), Concern.CDK_INLINE_POLICY, 'the drill job\'s statements, written by CDK as its role\'s own policy and deleted with it');
    const projectNetworkPolicy = this.project.node.tryFindChild('PolicyDocument');
    if (projectNetworkPolicy) {
      Acknowledgements.policyWildcardsNow(projectNetworkPolicy, 'the network-interface calls aws-cdk-lib grants a CodeBuild project in a VPC: EC2 has no resource-level permissions for them');
      Acknowledgements.add(projectNetworkPolicy, Concern.CDK_INLINE_POLICY, 'aws-cdk-lib\'s policy for a CodeBuild project in a VPC, attached to the drill job\'s role only');
    }
  }
}
