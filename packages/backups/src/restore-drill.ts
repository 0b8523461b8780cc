import { Acknowledgements, Concern, PropsErrors } from '@ebkit/core';
import { Aws, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
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

/** How long the drill waits between checks of the restoring instance. */
const POLL_INTERVAL = Duration.minutes(2);

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

  /** The pg_dump job; its CodeBuild project runs the verification query against the drill instance. */
  readonly pgDumpBackup: PgDumpBackup;

  /**
   * The instance class of the drill instance, without the `db.` prefix.
   *
   * @default - db.t4g.micro
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * The query that proves the restore; the drill fails when it errors or returns 0 or nothing.
   *
   * @default - the number of tables outside the system schemas
   */
  readonly verifyQuery?: string;

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
 * A scheduled restore drill that proves the backups restore: a Step Functions
 * state machine restores the database's latest snapshot (automated, manual or
 * AWS Backup) into a temporary, private, single-AZ instance tagged
 * `ebkit:restore-drill`, lets RDS set a fresh master password in its own
 * secret, runs a verification query with the pg_dump job's PostgreSQL client,
 * and deletes the instance, also when a step fails. An alarm fires when a
 * drill fails. Run it by hand with `aws stepfunctions start-execution`.
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

  /** Fires when a drill fails, times out or is aborted. */
  public readonly failureAlarm: cloudwatch.Alarm;

  public constructor(scope: Construct, id: string, props: RestoreDrillProps) {
    super(scope, id);

    const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO);
    const verifyQuery = props.verifyQuery ?? DEFAULT_VERIFY_QUERY;
    const schedule = props.schedule ?? events.Schedule.expression('cron(0 6 1 * ? *)');

    const errors = new PropsErrors(this);
    const problem = cronProblem(schedule.expressionString);
    errors.check(problem === undefined, 'schedule', schedule.expressionString, problem ?? '');
    errors.check(verifyQuery.trim().length > 0, 'verifyQuery', verifyQuery, 'must be a SQL query');
    errors.check(!instanceType.toString().startsWith('db.'), 'instanceType', instanceType.toString(), "must not start with 'db.' (the prefix is added for you)");
    errors.check(props.vpc.privateSubnets.length > 0, 'vpc', 'without private subnets with egress',
      'must have private subnets with egress: the drill function calls the RDS API from them');
    errors.throwIfAny();

    const stack = Stack.of(this);
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
    this.securityGroup.addIngressRule(props.pgDumpBackup.securityGroup, ec2.Port.tcp(5432), 'PostgreSQL from the verification job');

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

    // The verification job may read the secrets RDS creates for drill instances, and only those.
    props.pgDumpBackup.project.addToRolePolicy(new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [`arn:${Aws.PARTITION}:secretsmanager:${stack.region}:${stack.account}:secret:rds!db-*`],
      conditions: { StringLike: { 'secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn': drillArn('db', `${this.drillPrefix}-*`) } },
    }));

    const step = (stepId: string, stepName: string, resultPath: string) => new tasks.LambdaInvoke(this, stepId, {
      lambdaFunction: fn,
      payload: sfn.TaskInput.fromObject({
        step: stepName,
        drillInstanceId: stepName === 'start' ? undefined : sfn.JsonPath.stringAt('$.drill.drillInstanceId'),
      }),
      payloadResponseOnly: true,
      resultPath,
      retryOnServiceExceptions: true,
    });

    const failed = new sfn.Fail(this, 'DrillFailed', { cause: 'the restore drill failed; see the execution history', error: 'RestoreDrillFailed' });
    const cleanupAfterFailure = step('CleanUpAfterFailure', 'cleanup', '$.cleanup').next(failed);
    const start = step('RestoreLatestSnapshot', 'start', '$.drill');
    const checkRestore = step('CheckRestore', 'status', '$.state');
    const managePassword = step('SetNewPassword', 'managePassword', '$.state');
    const checkPassword = step('CheckPassword', 'status', '$.state');
    const verify = new tasks.CodeBuildStartBuild(this, 'RunVerificationQuery', {
      project: props.pgDumpBackup.project,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      environmentVariablesOverride: {
        MODE: { type: codebuild.BuildEnvironmentVariableType.PLAINTEXT, value: 'verify' },
        DB_HOST: { type: codebuild.BuildEnvironmentVariableType.PLAINTEXT, value: sfn.JsonPath.stringAt('$.state.endpoint') },
        DB_PORT: { type: codebuild.BuildEnvironmentVariableType.PLAINTEXT, value: sfn.JsonPath.stringAt('$.state.port') },
        DB_SECRET_ARN: { type: codebuild.BuildEnvironmentVariableType.PLAINTEXT, value: sfn.JsonPath.stringAt('$.state.secretArn') },
        VERIFY_QUERY: { type: codebuild.BuildEnvironmentVariableType.PLAINTEXT, value: verifyQuery },
      },
      resultPath: sfn.JsonPath.DISCARD,
    });
    const cleanup = step('CleanUp', 'cleanup', '$.cleanup').next(new sfn.Succeed(this, 'DrillPassed'));
    for (const task of [checkRestore, managePassword, checkPassword, verify]) {
      task.addCatch(cleanupAfterFailure, { resultPath: '$.error' });
    }

    const waitRestore = new sfn.Wait(this, 'WaitForRestore', { time: sfn.WaitTime.duration(POLL_INTERVAL) });
    const waitPassword = new sfn.Wait(this, 'WaitForPassword', { time: sfn.WaitTime.duration(POLL_INTERVAL) });
    const definition = start
      .next(waitRestore)
      .next(checkRestore)
      .next(new sfn.Choice(this, 'Restored?')
        .when(sfn.Condition.or(
          sfn.Condition.booleanEquals('$.state.failed', true),
          sfn.Condition.stringEquals('$.state.status', 'deleted')), cleanupAfterFailure)
        .when(sfn.Condition.stringEquals('$.state.status', 'available'), managePassword
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
      timeout: Duration.hours(6),
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

    this.failureAlarm = new cloudwatch.Alarm(this, 'FailureAlarm', {
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
      alarmDescription: `${this.node.path}: a restore drill failed: the latest snapshot could not be restored or verified`,
    });
    if (props.alarmTopic) {
      this.failureAlarm.addAlarmAction(new cw_actions.SnsAction(props.alarmTopic));
    } else {
      const reason = 'no alarmTopic given: the alarm shows in the CloudWatch console; pass alarmTopic to be notified';
      Acknowledgements.add(this.failureAlarm, Concern.ALARM_WITHOUT_EVERY_ACTION, reason);
    }

    const lambdaReason = 'invoked synchronously by the state machine, which retries, catches failures and cleans up: a dead-letter queue would hold nothing';
    Acknowledgements.add(fn, Concern.SYNCHRONOUS_FUNCTION_WITHOUT_DLQ, lambdaReason);
    Acknowledgements.add(fn, Concern.PINNED_LAMBDA_RUNTIME, 'the runtime is set by the build that bundles the drill handler (Node.js 22, supported); it moves with the package');
    Acknowledgements.awsManagedPolicies(fn.role!, ['service-role/AWSLambdaBasicExecutionRole', 'service-role/AWSLambdaVPCAccessExecutionRole'],
      'the AWS-managed policies for the drill function\'s own logs and its network interfaces in the VPC');
    Acknowledgements.policyWildcardsNow(fn.role!, 'RDS describe calls have no resource-level permissions; restores, changes and deletions are limited to '
      + 'drill instances (identifier prefix), snapshots, option and parameter groups they restore from, and the secrets RDS creates for drill instances');
    Acknowledgements.add(fn.role!.node.findChild('DefaultPolicy'), Concern.CDK_INLINE_POLICY, 'the drill function\'s statements, written by CDK as its role\'s own policy and deleted with it');
    const machineRole = this.stateMachine.role;
    Acknowledgements.policyWildcardsNow(machineRole, 'the drill state machine invokes versions of its own function (:*); CloudWatch Logs delivery and X-Ray calls have no resource-level permissions');
    Acknowledgements.add(machineRole.node.findChild('DefaultPolicy'), Concern.CDK_INLINE_POLICY, 'the drill state machine\'s statements, written by CDK as its role\'s own policy');
    Acknowledgements.add(this.stateMachine.node.findChild('EventsRole').node.findChild('DefaultPolicy'), Concern.CDK_INLINE_POLICY,
      'the schedule\'s role, written by CDK as its own policy: states:StartExecution on the drill state machine only');
    // the statement this construct added to the pg_dump job's role (above): secrets of drill instances only
    Acknowledgements.iamWildcards(props.pgDumpBackup.project.role!, {
      resources: [`arn:${Aws.PARTITION}:secretsmanager:${stack.region}:${stack.account}:secret:rds!db-*`],
    }, 'the verification query reads the secret RDS creates for a drill instance, whose name is random: a tag condition limits it to drill instances');
  }
}
