import { Acknowledgements, CheckovSkips, Concern, PropsErrors } from '@ebkit/core';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { cronProblem } from './private/cron';
import { grantSecretRead } from './private/grants';
import { pgClientBuildSpec } from './private/pg-client-buildspec';

/** The size `aws s3 cp -` plans its multipart upload for: 1 TiB. */
const EXPECTED_DUMP_SIZE = String(1024 ** 4);

/**
 * Properties of a `PgDumpBackup`.
 */
export interface PgDumpBackupProps {
  /** The VPC of the database; the job runs inside it. */
  readonly vpc: ec2.IVpc;

  /**
   * Where the job runs. It needs a route to the internet (the PostgreSQL
   * client is installed from apt.postgresql.org) and to the database.
   *
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /** The database host name, e.g. `PostgresDatabase.endpointAddress`. */
  readonly databaseHost: string;

  /**
   * The database port.
   *
   * @default 5432
   */
  readonly databasePort?: number;

  /** The name of the database to dump. */
  readonly databaseName: string;

  /**
   * The secret with the credentials (JSON with `username` and `password`).
   *
   * It may belong to another stack (e.g. the database's): when it, or its
   * key, does, the job's role is granted in its own policy only, so that the
   * other stack's secret and key policies never name it (no dependency cycle).
   */
  readonly databaseSecret: secretsmanager.ISecret;

  /**
   * The KMS key that encrypts `databaseSecret`, when the secret does not carry it.
   *
   * Give it for a secret imported by ARN that is encrypted with a customer
   * managed key. The job may decrypt with it through Secrets Manager only
   * (`kms:ViaService`), granted in the job's role policy: the key policy
   * must let the account's IAM policies allow its use, as the default key
   * policy does.
   *
   * @default - the secret's `encryptionKey`, if any (the AWS-managed key `aws/secretsmanager` needs no grant)
   */
  readonly databaseSecretKey?: kms.IKey;

  /**
   * The database's connections; when given, the job's security group is
   * allowed in on the database's default port.
   *
   * @default - the caller allows `securityGroup` in
   */
  readonly database?: ec2.IConnectable;

  /** The bucket the dumps are written to (e.g. `BackupBucket.bucket`). */
  readonly bucket: s3.IBucket;

  /**
   * The key prefix of the dumps. Dumps are named
   * `<prefix><database>/<yyyy>/<mm>/<dd>/<database>-<yyyymmddThhmmssZ>.sql.gz`,
   * each with its manifest next to it (`...manifest.json`); a dump is written
   * under `<prefix><database>/incomplete/` first and copied to its name only
   * once it is complete.
   *
   * @default 'pg_dump/'
   */
  readonly prefix?: string;

  /**
   * When the dump runs (UTC).
   *
   * @default events.Schedule.expression('cron(0 2 * * ? *)') (02:00 UTC, before the default RDS backup window)
   */
  readonly schedule?: events.Schedule;

  /**
   * The PostgreSQL client major version; at least the server's.
   *
   * @default '17'
   */
  readonly postgresMajorVersion?: string;

  /**
   * The longest a dump may run (5 minutes to 36 hours).
   *
   * @default Duration.hours(2)
   */
  readonly timeout?: Duration;

  /**
   * The CodeBuild compute type.
   *
   * @default codebuild.ComputeType.SMALL
   */
  readonly computeType?: codebuild.ComputeType;

  /**
   * The KMS key that encrypts the job's build output and logs.
   *
   * @default - a new key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long the job's logs are kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * How long without a successful dump before `missingAlarm` fires (1 to 7
   * whole days); set it to the schedule's interval or more.
   *
   * @default Duration.days(1)
   */
  readonly missingDumpAlarmAfter?: Duration;

  /**
   * The topic the failure alarms notify.
   *
   * @default - the alarms have no action
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * A scheduled logical backup of a PostgreSQL database: a CodeBuild project in
 * the VPC (no Docker image to build) installs the PostgreSQL client, reads the
 * credentials from Secrets Manager and streams `pg_dump | gzip` to a temporary
 * S3 key, every day by default. Only when pg_dump exited 0 and the dump ends
 * with pg_dump's completion trailer is it copied to its timestamped key, with
 * a manifest next to it (size, sha256, server and client versions, the exact
 * row count of every table in the dump, start and end time); the newest dump
 * with a manifest is the latest. The job fails before dumping when the client
 * is older than the server. Alarms fire when a dump fails or when no dump
 * succeeded for a day.
 *
 * An RDS snapshot exported to S3 is Parquet and cannot be restored; these
 * dumps can, with `psql` (see the README's runbook).
 *
 * @example
 * new PgDumpBackup(this, 'Dump', {
 *   vpc, bucket: backups.bucket,
 *   databaseHost: db.endpointAddress, databaseName: db.databaseName,
 *   databaseSecret: db.secret, database: db,
 * });
 */
export class PgDumpBackup extends Construct {
  /** The CodeBuild project that runs the dump (only the dump: the restore drill has a project of its own, so the dump alarms count dumps only). */
  public readonly project: codebuild.Project;

  /** The bucket the dumps are written to. */
  public readonly bucket: s3.IBucket;

  /** The name of the database that is dumped. */
  public readonly databaseName: string;

  /** The PostgreSQL client major version of the job. */
  public readonly postgresMajorVersion: string;

  /** The job's security group. */
  public readonly securityGroup: ec2.ISecurityGroup;

  /** The schedule rule. */
  public readonly rule: events.Rule;

  /** Fires when a dump fails. */
  public readonly failureAlarm: cloudwatch.Alarm;

  /** Fires when no dump succeeded for `missingDumpAlarmAfter` (the schedule did not run, or every run failed). */
  public readonly missingAlarm: cloudwatch.Alarm;

  /** The log group of the job. */
  public readonly logGroup: logs.ILogGroup;

  /** The key prefix of the dumps. */
  public readonly prefix: string;

  public constructor(scope: Construct, id: string, props: PgDumpBackupProps) {
    super(scope, id);

    const port = props.databasePort ?? 5432;
    const prefix = props.prefix ?? 'pg_dump/';
    const schedule = props.schedule ?? events.Schedule.expression('cron(0 2 * * ? *)');
    const majorVersion = props.postgresMajorVersion ?? '17';
    const timeout = props.timeout ?? Duration.hours(2);
    const missingAfter = props.missingDumpAlarmAfter ?? Duration.days(1);

    const errors = new PropsErrors(this);
    errors.checkRange('databasePort', 1150, 65535, port);
    errors.checkPattern('databaseName', '^[A-Za-z][A-Za-z0-9_]{0,62}$', 'must be a PostgreSQL database name', props.databaseName);
    errors.checkPattern('prefix', '^([A-Za-z0-9!_.*\'()-]+/)*$', "must be empty or path segments each ending in '/', without a leading '/'", prefix);
    const problem = cronProblem(schedule.expressionString);
    errors.check(problem === undefined, 'schedule', schedule.expressionString, problem ?? '');
    errors.checkPattern('postgresMajorVersion', '^(1[2-9]|[2-9]\\d)$', 'must be a PostgreSQL major version, 12 or later', majorVersion);
    const minutes = timeout.toMinutes({ integral: false });
    errors.check(Number.isInteger(minutes) && minutes >= 5 && minutes <= 2160, 'timeout', `${minutes} minutes`,
      'must be a whole number of minutes between 5 and 2160 (36 hours)');
    const missingDays = missingAfter.toDays({ integral: false });
    errors.check(Number.isInteger(missingDays) && missingDays >= 1 && missingDays <= 7, 'missingDumpAlarmAfter', `${missingDays} days`,
      'must be a whole number of days between 1 and 7 (the longest a CloudWatch alarm looks back)');
    errors.check(props.vpcSubnets !== undefined || props.vpc.privateSubnets.length > 0, 'vpcSubnets', undefined,
      'is required in a VPC without private subnets with egress: the job installs the PostgreSQL client from the internet');
    errors.throwIfAny();

    this.prefix = prefix;
    this.bucket = props.bucket;
    this.databaseName = props.databaseName;
    this.postgresMajorVersion = majorVersion;
    const encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the build output and logs of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    encryptionKey.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`));

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `pg_dump job ${this.node.path}: reaches the database, AWS APIs and the PostgreSQL apt repository`,
      allowAllOutbound: true,
    });

    this.project = new codebuild.Project(this, 'Resource', {
      description: `pg_dump of ${props.databaseName} to S3 (${this.node.path})`,
      buildSpec: codebuild.BuildSpec.fromObjectToYaml(pgClientBuildSpec()),
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: props.computeType ?? codebuild.ComputeType.SMALL,
        privileged: false,
      },
      environmentVariables: {
        MODE: { value: 'dump' },
        PG_MAJOR: { value: majorVersion },
        DB_HOST: { value: props.databaseHost },
        DB_PORT: { value: String(port) },
        DB_NAME: { value: props.databaseName },
        DB_SECRET_ARN: { value: props.databaseSecret.secretArn },
        BUCKET: { value: props.bucket.bucketName },
        PREFIX: { value: prefix },
        EXPECTED_SIZE: { value: EXPECTED_DUMP_SIZE },
      },
      vpc: props.vpc,
      subnetSelection: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      encryptionKey,
      timeout,
      queuedTimeout: Duration.hours(1),
      concurrentBuildLimit: 1,
      logging: { cloudWatch: { logGroup: this.logGroup } },
    });

    grantSecretRead(this, this.project, props.databaseSecret, props.databaseSecretKey);
    props.bucket.grantPut(this.project, `${prefix}*`);
    props.bucket.grantRead(this.project, `${prefix}*`);
    // the temporary object of a dump, and a final object whose manifest could not be written, are removed
    props.bucket.grantDelete(this.project, `${prefix}*`);
    if (props.database) {
      // Made from our side, so that the ingress rule lives in this stack: a database in another
      // stack does not come to depend on this one (no dependency cycle).
      this.securityGroup.connections.allowToDefaultPort(props.database, `pg_dump job ${this.node.path}`);
    }

    Acknowledgements.add(this.project, Concern.CODEBUILD_SOURCE_FROM_PIPELINE, 'the pg_dump project has no source repository: its buildspec is inline (NO_SOURCE)');
    // aws-cdk-lib's policy for a CodeBuild project in a VPC: checkov cannot see why it needs `*`.
    const vpcPolicy = this.project.node.tryFindChild('PolicyDocument');
    if (vpcPolicy) {
      CheckovSkips.add(vpcPolicy, [{
        id: 'CKV_AWS_111',
        comment: 'CodeBuild creates and deletes the network interfaces of a build in the VPC before their ids exist, so AWS documents '
          + 'these EC2 actions on *; attaching them is limited to the job\'s subnets (ec2:CreateNetworkInterfacePermission with conditions)',
      }]);
    }

    this.rule = new events.Rule(this, 'Schedule', {
      description: `Runs the pg_dump of ${props.databaseName} (${this.node.path})`,
      schedule,
      targets: [new targets.CodeBuildProject(this.project)],
    });

    const add = (alarmId: string, alarmProps: cloudwatch.AlarmProps) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, alarmProps);
      if (props.alarmTopic) {
        alarm.addAlarmAction(new cw_actions.SnsAction(props.alarmTopic));
      } else {
        const reason = 'no alarmTopic given: the alarm shows in the CloudWatch console; pass alarmTopic to be notified';
        Acknowledgements.add(alarm, Concern.ALARM_WITHOUT_EVERY_ACTION, reason);
      }
      return alarm;
    };
    this.failureAlarm = add('FailureAlarm', {
      metric: this.project.metricFailedBuilds({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${this.node.path}: a pg_dump of ${props.databaseName} failed; see the CodeBuild logs`,
    });
    this.missingAlarm = add('MissingAlarm', {
      metric: this.project.metricSucceededBuilds({ period: Duration.days(1), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: missingDays,
      datapointsToAlarm: missingDays,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: `${this.node.path}: no pg_dump of ${props.databaseName} succeeded in the last ${missingDays} day(s)`,
    });

    const role = this.project.role!;
    Acknowledgements.policyWildcardsNow(role, 'the pg_dump job\'s grants: its own network interfaces, log streams and report groups (as CodeBuild in a VPC requires), '
      + 'objects under the pg_dump/ prefix of the backup bucket, and KMS data-key actions on its two named keys');
    Acknowledgements.add(role.node.findChild('DefaultPolicy'), Concern.CDK_INLINE_POLICY, 'the pg_dump job\'s statements, written by CDK as its role\'s own policy and deleted with it');
    Acknowledgements.add(this.project.node.findChild('EventsRole').node.findChild('DefaultPolicy'), Concern.CDK_INLINE_POLICY,
      'the schedule\'s role, written by CDK as its own policy: codebuild:StartBuild on the pg_dump project only');
    const networkPolicy = this.project.node.tryFindChild('PolicyDocument');
    if (networkPolicy) {
      Acknowledgements.policyWildcardsNow(networkPolicy, 'the network-interface calls aws-cdk-lib grants a CodeBuild project in a VPC: EC2 has no resource-level permissions for them');
      Acknowledgements.add(networkPolicy, Concern.CDK_INLINE_POLICY, 'aws-cdk-lib\'s policy for a CodeBuild project in a VPC, attached to the pg_dump job\'s role only');
    }
  }
}
