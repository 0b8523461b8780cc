import { PropsErrors } from '@ebkit/core';
import { Aws, Duration, Names, RemovalPolicy, Size, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { PostgresVersion } from './postgres-version';
import { engineVersionProblem, instanceClassProblem } from './private/rds-offerings';
import { dailyLength, parseDailyWindow, parseWeeklyWindow, weeklyLength, windowsOverlap } from './private/windows';


/** Parameters every database gets; user parameters are merged over them. */
const DEFAULT_PARAMETERS: { [key: string]: string } = {
  'rds.force_ssl': '1',
  'log_min_duration_statement': '1000',
  'log_connections': '1',
  'log_disconnections': '1',
  'log_lock_waits': '1',
  'log_temp_files': '0',
  'log_autovacuum_min_duration': '10000',
};

/** The characters RDS refuses in a master password (also what CDK excludes). */
const PASSWORD_EXCLUDE_CHARACTERS = " %+~`#$&*()|[]{}:;<>?!'/@\"\\";

/** Enhanced monitoring intervals RDS accepts, in seconds. */
const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];

/** The log types a PostgreSQL instance exports to CloudWatch Logs. */
const LOG_EXPORTS = ['postgresql', 'upgrade'];

/**
 * Properties of a `PostgresDatabase`.
 */
export interface PostgresDatabaseProps {
  /** The VPC to place the database in. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets to place the database in. Public subnets are refused.
   *
   * @default - the VPC's private isolated subnets, or its private subnets with egress when it has no isolated ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The instance class, without the `db.` prefix.
   *
   * @default - db.t4g.micro (Graviton, burstable: right for small apps and tests; size it after a load test)
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * The PostgreSQL engine version; the parameter group family is derived from it.
   *
   * @default PostgresVersion.VER_17
   */
  readonly version?: PostgresVersion;

  /**
   * Whether RDS applies new minor versions automatically in the maintenance window.
   *
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;

  /**
   * Whether to run a synchronous standby in a second availability zone.
   *
   * @default true
   */
  readonly multiAz?: boolean;

  /**
   * The name of the database created in the instance.
   *
   * @default 'app'
   */
  readonly databaseName?: string;

  /**
   * The master user's name.
   *
   * @default 'postgres'
   */
  readonly masterUsername?: string;

  /**
   * The instance identifier. It also names the CloudWatch log groups
   * (`/aws/rds/instance/<identifier>/postgresql`). A fixed name means that a
   * change which would replace the instance fails instead of silently creating
   * a new, empty database.
   *
   * @default - a name derived from the stack name and the construct path
   */
  readonly instanceIdentifier?: string;

  /**
   * The port PostgreSQL listens on.
   *
   * @default 5432
   */
  readonly port?: number;

  /**
   * The allocated storage (gp3), in GiB.
   *
   * @default 20
   */
  readonly allocatedStorage?: number;

  /**
   * The upper limit, in GiB, to which RDS storage autoscaling grows the storage.
   * Must be greater than `allocatedStorage`.
   *
   * @default - twice `allocatedStorage`, at least 100
   */
  readonly maxAllocatedStorage?: number;

  /**
   * Provisioned IOPS for gp3 storage. Only with `allocatedStorage` of 400 GiB or more
   * (below, gp3 gives a fixed 3,000 IOPS baseline).
   *
   * @default - the gp3 baseline
   */
  readonly iops?: number;

  /**
   * Provisioned throughput for gp3 storage, in MiB/s. Only with
   * `allocatedStorage` of 400 GiB or more.
   *
   * @default - the gp3 baseline
   */
  readonly storageThroughput?: number;

  /**
   * How long RDS keeps automated backups (point-in-time restore), 1 to 35 days.
   *
   * @default Duration.days(7)
   */
  readonly backupRetention?: Duration;

  /**
   * The daily backup window, `hh24:mi-hh24:mi` in UTC, at least 30 minutes,
   * not overlapping the maintenance window.
   *
   * @default '03:00-04:00'
   */
  readonly preferredBackupWindow?: string;

  /**
   * The weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` in UTC, at least
   * 30 minutes, not overlapping the backup window.
   *
   * @default 'Sun:04:30-Sun:05:30'
   */
  readonly preferredMaintenanceWindow?: string;

  /**
   * Whether the instance refuses to be deleted.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to the instance when it leaves the stack or is replaced.
   * `DESTROY` also requires `allowDestroy: true`.
   *
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The explicit opt-in for `removalPolicy: RemovalPolicy.DESTROY`, which
   * deletes the database, its secret and its key with the stack. For
   * throwaway environments only.
   *
   * @default false
   */
  readonly allowDestroy?: boolean;

  /**
   * The KMS key that encrypts the storage, the secret, the log groups and
   * Performance Insights. An imported key must already allow CloudWatch Logs
   * (`logs.<region>.amazonaws.com`) to use it.
   *
   * @default - a new key with rotation enabled, kept when the database is removed
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Whether RDS manages the master password in Secrets Manager (and rotates
   * it every 7 days) instead of a secret of this construct rotated by a
   * Lambda function.
   *
   * @default false
   */
  readonly manageMasterUserPassword?: boolean;

  /**
   * Whether the master password is rotated (single-user rotation). Ignored
   * with `manageMasterUserPassword`, where RDS rotates it.
   *
   * @default true
   */
  readonly rotation?: boolean;

  /**
   * How often the master password is rotated.
   *
   * @default Duration.days(30)
   */
  readonly rotationSchedule?: Duration;

  /**
   * Where the rotation Lambda function runs. It must reach the database and
   * the Secrets Manager API.
   *
   * @default - the VPC's private subnets with egress; without them, the database subnets (then `secretsManagerEndpoint` is required)
   */
  readonly rotationSubnets?: ec2.SubnetSelection;

  /**
   * An interface VPC endpoint for Secrets Manager that the rotation function
   * uses, for VPCs without a route to the internet.
   *
   * @default - the public Secrets Manager endpoint, through the VPC's NAT
   */
  readonly secretsManagerEndpoint?: ec2.IInterfaceVpcEndpoint;

  /**
   * Whether IAM database authentication is enabled.
   *
   * @default false
   */
  readonly iamAuthentication?: boolean;

  /**
   * PostgreSQL parameters merged over the defaults (`rds.force_ssl=1`,
   * slow statement and connection logging). `rds.force_ssl` cannot be turned off.
   *
   * @default - the defaults only
   */
  readonly parameters?: { [key: string]: string };

  /**
   * How long the exported PostgreSQL and upgrade logs are kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * The enhanced monitoring interval: 1, 5, 10, 15, 30 or 60 seconds.
   *
   * @default Duration.seconds(60)
   */
  readonly monitoringInterval?: Duration;

  /**
   * Whether Performance Insights is enabled (encrypted with `encryptionKey`).
   *
   * @default true
   */
  readonly performanceInsights?: boolean;

  /**
   * How long Performance Insights keeps data.
   *
   * @default rds.PerformanceInsightRetention.DEFAULT (7 days, free)
   */
  readonly performanceInsightRetention?: rds.PerformanceInsightRetention;

  /**
   * The number of read replicas, 0 to 5.
   *
   * @default 0
   */
  readonly readReplicas?: number;

  /**
   * The instance class of the read replicas.
   *
   * @default - the primary's instance class
   */
  readonly readReplicaInstanceType?: ec2.InstanceType;

  /**
   * Whether to create the default alarms (CPU, free storage, freeable memory,
   * connections, and replica lag for each read replica).
   *
   * @default true
   */
  readonly alarms?: boolean;

  /**
   * The SNS topic that the default alarms notify.
   *
   * @default - the alarms have no action
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * The CPU utilization, in percent, above which the CPU alarm fires.
   *
   * @default 80
   */
  readonly cpuAlarmThreshold?: number;

  /**
   * The free storage below which the storage alarm fires.
   *
   * @default - 10% of `allocatedStorage`
   */
  readonly freeStorageAlarmThreshold?: Size;

  /**
   * The freeable memory below which the memory alarm fires.
   *
   * @default Size.mebibytes(64)
   */
  readonly freeableMemoryAlarmThreshold?: Size;

  /**
   * The number of connections above which the connections alarm fires.
   *
   * @default 100
   */
  readonly connectionsAlarmThreshold?: number;

  /**
   * The replica lag above which a read replica's lag alarm fires.
   *
   * @default Duration.seconds(60)
   */
  readonly replicaLagAlarmThreshold?: Duration;
}

/**
 * An RDS for PostgreSQL instance that is safe by default: private subnets and
 * never publicly accessible, storage encrypted with a KMS key, TLS required
 * (`rds.force_ssl=1`), credentials generated into an encrypted Secrets Manager
 * secret and rotated, Multi-AZ, deletion protection, 7 days of automated
 * backups, a snapshot on removal, logs in CloudWatch, Performance Insights,
 * enhanced monitoring and default alarms.
 *
 * @example
 * const db = new PostgresDatabase(this, 'Database', { vpc });
 * db.allowConnectionsFrom(appSecurityGroup);
 */
export class PostgresDatabase extends Construct implements ec2.IConnectable {
  /** The RDS instance. */
  public readonly instance: rds.DatabaseInstance;

  /** The secret holding the master credentials (JSON with `username` and `password`). */
  public readonly secret: secretsmanager.ISecret;

  /** The database's security group connections; the default port is the database port. */
  public readonly connections: ec2.Connections;

  /** The endpoint address (host name) of the instance. */
  public readonly endpointAddress: string;

  /** The port PostgreSQL listens on. */
  public readonly port: number;

  /** The name of the database created in the instance. */
  public readonly databaseName: string;

  /** The engine version. */
  public readonly version: PostgresVersion;

  /** The KMS key that encrypts the storage, secret, logs and Performance Insights. */
  public readonly encryptionKey: kms.IKey;

  /** The parameter group. */
  public readonly parameterGroup: rds.IParameterGroup;

  /** The database's security group. */
  public readonly securityGroup: ec2.ISecurityGroup;

  /** The instance identifier. */
  public readonly instanceIdentifier: string;

  /** The log groups of the exported logs (PostgreSQL, upgrade). */
  public readonly logGroups: logs.ILogGroup[];

  /** The read replicas. */
  public readonly readReplicas: rds.DatabaseInstanceReadReplica[];

  /** The default alarms (empty when `alarms` is false). */
  public readonly alarms: cloudwatch.Alarm[];

  private readonly allocatedStorage: number;

  public constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);

    const version = props.version ?? PostgresVersion.VER_17;
    const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO);
    const multiAz = props.multiAz ?? true;
    const databaseName = props.databaseName ?? 'app';
    const masterUsername = props.masterUsername ?? 'postgres';
    const port = props.port ?? 5432;
    const allocatedStorage = props.allocatedStorage ?? 20;
    const maxAllocatedStorage = props.maxAllocatedStorage ?? Math.max(100, allocatedStorage * 2);
    const backupRetention = props.backupRetention ?? Duration.days(7);
    const preferredBackupWindow = props.preferredBackupWindow ?? '03:00-04:00';
    const preferredMaintenanceWindow = props.preferredMaintenanceWindow ?? 'Sun:04:30-Sun:05:30';
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    const allowDestroy = props.allowDestroy ?? false;
    const deletionProtection = props.deletionProtection ?? true;
    const manageMasterUserPassword = props.manageMasterUserPassword ?? false;
    const rotation = props.rotation ?? true;
    const rotationSchedule = props.rotationSchedule ?? Duration.days(30);
    const monitoringInterval = props.monitoringInterval ?? Duration.seconds(60);
    const readReplicaCount = props.readReplicas ?? 0;
    const parameters = { ...DEFAULT_PARAMETERS, ...(props.parameters ?? {}) };

    // ---- validation -------------------------------------------------------
    const errors = new PropsErrors(this);
    const typeName = instanceType.toString();
    errors.check(!typeName.startsWith('db.'), 'instanceType', typeName, "must not start with 'db.' (the prefix is added for you)");
    if (!typeName.startsWith('db.')) {
      const classProblem = instanceClassProblem(typeName);
      errors.check(classProblem === undefined, 'instanceType', typeName, classProblem ?? '');
    }
    if (props.readReplicaInstanceType) {
      const replicaName = props.readReplicaInstanceType.toString();
      const replicaProblem = replicaName.startsWith('db.') ? "must not start with 'db.' (the prefix is added for you)" : instanceClassProblem(replicaName);
      errors.check(replicaProblem === undefined, 'readReplicaInstanceType', replicaName, replicaProblem ?? '');
    }
    const versionProblem = engineVersionProblem(version.fullVersion);
    errors.check(versionProblem === undefined, 'version', version.fullVersion, versionProblem ?? '');
    errors.checkPattern('databaseName', '^[A-Za-z][A-Za-z0-9_]{0,62}$',
      'must start with a letter and contain only letters, digits and underscores (at most 63)', databaseName);
    errors.checkPattern('masterUsername', '^[A-Za-z][A-Za-z0-9_]{0,62}$',
      'must start with a letter and contain only letters, digits and underscores (at most 63)', masterUsername);
    errors.check(!['rdsadmin', 'rdsrepladmin', 'rds_superuser', 'public'].includes(masterUsername.toLowerCase()),
      'masterUsername', masterUsername, 'must not be a name reserved by RDS');
    if (props.instanceIdentifier !== undefined) {
      errors.checkPattern('instanceIdentifier', '^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)$',
        'must start with a letter, contain only letters, digits and single hyphens, not end with a hyphen, and have at most 63 characters',
        props.instanceIdentifier);
    }
    errors.checkRange('port', 1150, 65535, port);
    errors.checkRange('allocatedStorage', 20, 65536, allocatedStorage);
    errors.checkRange('maxAllocatedStorage', 21, 65536, maxAllocatedStorage);
    errors.check(maxAllocatedStorage > allocatedStorage, 'maxAllocatedStorage', maxAllocatedStorage,
      `must be greater than allocatedStorage (${allocatedStorage}) for storage autoscaling`);
    if (props.iops !== undefined || props.storageThroughput !== undefined) {
      errors.check(allocatedStorage >= 400, 'allocatedStorage', allocatedStorage,
        'must be at least 400 (GiB) to provision gp3 iops or storageThroughput for PostgreSQL');
    }
    errors.checkRange('iops', 12000, 64000, props.iops);
    errors.checkRange('storageThroughput', 500, 4000, props.storageThroughput);
    const retentionDays = backupRetention.toDays({ integral: false });
    errors.check(Number.isInteger(retentionDays) && retentionDays >= 1 && retentionDays <= 35, 'backupRetention', `${retentionDays} days`,
      retentionDays === 0 && multiAz
        ? 'must be between 1 and 35 days: 0 turns off automated backups, which a Multi-AZ instance needs'
        : 'must be a whole number of days between 1 and 35');
    const backupWindow = parseDailyWindow(preferredBackupWindow);
    const maintenanceWindow = parseWeeklyWindow(preferredMaintenanceWindow);
    errors.check(backupWindow !== undefined, 'preferredBackupWindow', preferredBackupWindow, "must be 'hh24:mi-hh24:mi' (UTC)");
    errors.check(maintenanceWindow !== undefined, 'preferredMaintenanceWindow', preferredMaintenanceWindow,
      "must be 'ddd:hh24:mi-ddd:hh24:mi' (UTC), e.g. 'Sun:04:30-Sun:05:30'");
    if (backupWindow) {
      errors.check(dailyLength(backupWindow) >= 30, 'preferredBackupWindow', preferredBackupWindow, 'must be at least 30 minutes long');
    }
    if (maintenanceWindow) {
      errors.check(weeklyLength(maintenanceWindow) >= 30, 'preferredMaintenanceWindow', preferredMaintenanceWindow, 'must be at least 30 minutes long');
    }
    if (backupWindow && maintenanceWindow) {
      errors.check(!windowsOverlap(backupWindow, maintenanceWindow), 'preferredMaintenanceWindow', preferredMaintenanceWindow,
        `must not overlap preferredBackupWindow ('${preferredBackupWindow}')`);
    }
    errors.check(removalPolicy !== RemovalPolicy.DESTROY || allowDestroy, 'removalPolicy', 'destroy',
      'deletes the database and its data: set allowDestroy: true to confirm, or use SNAPSHOT or RETAIN');
    const rotationDays = rotationSchedule.toDays({ integral: false });
    errors.check(Number.isInteger(rotationDays) && rotationDays >= 1 && rotationDays <= 365, 'rotationSchedule', `${rotationDays} days`,
      'must be a whole number of days between 1 and 365');
    const monitoringSeconds = monitoringInterval.toSeconds({ integral: false });
    errors.check(MONITORING_INTERVALS.includes(monitoringSeconds), 'monitoringInterval', `${monitoringSeconds} seconds`,
      `must be one of ${MONITORING_INTERVALS.join(', ')} seconds`);
    errors.checkRange('readReplicas', 0, 5, readReplicaCount);
    for (const [key, value] of Object.entries(props.parameters ?? {})) {
      errors.checkPattern(`parameters['${key}']`, '^[a-z][a-z0-9_.]*$', 'must be a PostgreSQL parameter name (lowercase letters, digits, _ and .)', key);
      errors.check(typeof value === 'string' && value.length > 0, `parameters['${key}']`, value, 'must be a non-empty string');
    }
    errors.check(parameters['rds.force_ssl'] === '1', "parameters['rds.force_ssl']", parameters['rds.force_ssl'],
      "must stay '1': connections to the database must use TLS");
    errors.checkRange('cpuAlarmThreshold', 1, 100, props.cpuAlarmThreshold);
    errors.check(props.connectionsAlarmThreshold === undefined || props.connectionsAlarmThreshold > 0,
      'connectionsAlarmThreshold', props.connectionsAlarmThreshold, 'must be greater than 0');

    const selection = props.vpcSubnets ?? {
      subnetType: props.vpc.isolatedSubnets.length > 0 ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS,
    };
    const publicSubnetIds = props.vpc.publicSubnets.map((s) => s.subnetId);
    const selectedPublic = props.vpc.selectSubnets(selection).subnets.filter((s) => publicSubnetIds.includes(s.subnetId));
    errors.check(selectedPublic.length === 0, 'vpcSubnets', selection.subnetType ?? 'selection',
      'must not select public subnets: the database is never reachable from the internet');

    const hasEgress = props.vpc.privateSubnets.length > 0;
    const useRotation = rotation && !manageMasterUserPassword;
    errors.check(!useRotation || props.rotationSubnets !== undefined || hasEgress || props.secretsManagerEndpoint !== undefined,
      'secretsManagerEndpoint', undefined,
      'is required for rotation in a VPC without private subnets with egress (the rotation function must reach Secrets Manager); or set rotation: false');
    errors.throwIfAny();

    // ---- resources ----------------------------------------------------------
    const keepData = removalPolicy !== RemovalPolicy.DESTROY;
    const keyRemovalPolicy = keepData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.version = version;
    this.port = port;
    this.databaseName = databaseName;
    this.allocatedStorage = allocatedStorage;
    this.instanceIdentifier = props.instanceIdentifier ?? defaultIdentifier(this);

    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
    } else {
      this.encryptionKey = new kms.Key(this, 'Key', {
        description: `Encrypts the ${this.node.path} database, its secret, logs and Performance Insights`,
        enableKeyRotation: true,
        removalPolicy: keyRemovalPolicy,
      });
    }
    const stack = Stack.of(this);
    this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn':
            `arn:${Aws.PARTITION}:logs:${stack.region}:${stack.account}:log-group:/aws/rds/instance/${this.instanceIdentifier}/*`,
        },
      },
    }));

    this.logGroups = LOG_EXPORTS.map((logType) => new logs.LogGroup(this, `${capitalize(logType)}Logs`, {
      logGroupName: `/aws/rds/instance/${this.instanceIdentifier}/${logType}`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: this.encryptionKey,
      removalPolicy: keepData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    }));

    this.parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine: version.engine(),
      description: `PostgreSQL ${version.majorVersion} parameters of ${this.node.path}`,
      parameters,
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `PostgreSQL ${this.node.path}: ingress only from the peers allowed by the caller`,
      allowAllOutbound: false,
    });

    this.instance = new rds.DatabaseInstance(this, 'Resource', {
      engine: version.engine(),
      instanceIdentifier: this.instanceIdentifier,
      instanceType,
      vpc: props.vpc,
      vpcSubnets: selection,
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      port,
      multiAz,
      databaseName,
      credentials: manageMasterUserPassword
        ? rds.Credentials.fromUsername(masterUsername)
        : rds.Credentials.fromGeneratedSecret(masterUsername, { encryptionKey: this.encryptionKey }),
      manageMasterUserPassword: manageMasterUserPassword ? true : undefined,
      storageEncrypted: true,
      storageEncryptionKey: this.encryptionKey,
      storageType: rds.StorageType.GP3,
      allocatedStorage,
      maxAllocatedStorage,
      iops: props.iops,
      storageThroughput: props.storageThroughput,
      backupRetention,
      preferredBackupWindow,
      preferredMaintenanceWindow,
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      deletionProtection,
      removalPolicy,
      autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? true,
      allowMajorVersionUpgrade: false,
      iamAuthentication: props.iamAuthentication ?? false,
      parameterGroup: this.parameterGroup,
      cloudwatchLogsExports: LOG_EXPORTS,
      monitoringInterval,
      enablePerformanceInsights: props.performanceInsights ?? true,
      performanceInsightEncryptionKey: (props.performanceInsights ?? true) ? this.encryptionKey : undefined,
      performanceInsightRetention: (props.performanceInsights ?? true)
        ? props.performanceInsightRetention ?? rds.PerformanceInsightRetention.DEFAULT
        : undefined,
    });
    const cfnInstance = this.instance.node.defaultChild as rds.CfnDBInstance;
    for (const logGroup of this.logGroups) {
      cfnInstance.addResourceDependency(logGroup.node.defaultChild as logs.CfnLogGroup);
    }

    // Our own connections: a literal port keeps ingress rules readable (and checkable).
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(port) });
    this.endpointAddress = this.instance.dbInstanceEndpointAddress;

    if (manageMasterUserPassword) {
      cfnInstance.masterUserSecret = { kmsKeyId: this.encryptionKey.keyArn };
      // With the key, `secret.grantRead(...)` also grants kms:Decrypt on it.
      this.secret = secretsmanager.Secret.fromSecretAttributes(this, 'ManagedSecret', {
        secretCompleteArn: cfnInstance.attrMasterUserSecretSecretArn,
        encryptionKey: this.encryptionKey,
      });
    } else {
      this.secret = this.instance.secret!;
      // The secret must outlive the instance: restoring a snapshot needs its password.
      const generatedSecret = this.instance.node.findChild('Secret') as secretsmanager.Secret;
      generatedSecret.applyRemovalPolicy(keyRemovalPolicy);
      if (useRotation) {
        new secretsmanager.SecretRotation(this.instance, 'RotationSingleUser', {
          application: secretsmanager.SecretRotationApplication.POSTGRES_ROTATION_SINGLE_USER,
          secret: this.secret,
          target: this,
          vpc: props.vpc,
          vpcSubnets: props.rotationSubnets ?? (hasEgress ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : selection),
          automaticallyAfter: rotationSchedule,
          excludeCharacters: PASSWORD_EXCLUDE_CHARACTERS,
          endpoint: props.secretsManagerEndpoint,
        });
      } else {
        Validations.of(generatedSecret).acknowledge(
          { id: 'AwsSolutions-SMG4', reason: 'rotation turned off by the caller (rotation: false)' },
          { id: 'HIPAA.Security-SecretsManagerRotationEnabled', reason: 'rotation turned off by the caller (rotation: false)' },
          { id: 'NIST.800.53.R5-SecretsManagerRotationEnabled', reason: 'rotation turned off by the caller (rotation: false)' },
        );
      }
    }

    this.acknowledgeInstanceFindings(this.instance, port, multiAz);

    this.readReplicas = [];
    for (let i = 1; i <= readReplicaCount; i++) {
      const replica = new rds.DatabaseInstanceReadReplica(this, `ReadReplica${i}`, {
        sourceDatabaseInstance: this.instance,
        instanceType: props.readReplicaInstanceType ?? instanceType,
        vpc: props.vpc,
        vpcSubnets: selection,
        securityGroups: [this.securityGroup],
        publiclyAccessible: false,
        port,
        storageType: rds.StorageType.GP3,
        maxAllocatedStorage,
        autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? true,
        parameterGroup: this.parameterGroup,
        cloudwatchLogsExports: LOG_EXPORTS,
        monitoringInterval,
        monitoringRole: this.instance.node.tryFindChild('MonitoringRole') as iam.IRole | undefined,
        enablePerformanceInsights: props.performanceInsights ?? true,
        performanceInsightEncryptionKey: (props.performanceInsights ?? true) ? this.encryptionKey : undefined,
        performanceInsightRetention: (props.performanceInsights ?? true)
          ? props.performanceInsightRetention ?? rds.PerformanceInsightRetention.DEFAULT
          : undefined,
        preferredMaintenanceWindow,
        deletionProtection: false,
        removalPolicy: RemovalPolicy.DESTROY,
        iamAuthentication: props.iamAuthentication ?? false,
      });
      const encryptedReason = 'a same-region read replica inherits storage encryption and the KMS key of its encrypted source (CloudFormation rejects StorageEncrypted with SourceDBInstanceIdentifier)';
      Validations.of(replica).acknowledge(
        { id: 'AwsSolutions-RDS2', reason: encryptedReason },
        { id: 'HIPAA.Security-RDSStorageEncrypted', reason: encryptedReason },
        { id: 'NIST.800.53.R5-RDSStorageEncrypted', reason: encryptedReason },
        { id: 'AwsSolutions-RDS3', reason: 'a read replica is a single-AZ copy; the primary is the Multi-AZ instance' },
        { id: 'HIPAA.Security-RDSMultiAZSupport', reason: 'a read replica is a single-AZ copy; the primary is the Multi-AZ instance' },
        { id: 'NIST.800.53.R5-RDSMultiAZSupport', reason: 'a read replica is a single-AZ copy; the primary is the Multi-AZ instance' },
        { id: 'AwsSolutions-RDS10', reason: 'a read replica holds no data of its own: it can be removed and recreated from the primary' },
        { id: 'HIPAA.Security-RDSInstanceDeletionProtectionEnabled', reason: 'a read replica holds no data of its own' },
        { id: 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled', reason: 'a read replica holds no data of its own' },
        { id: 'HIPAA.Security-RDSInstanceBackupEnabled', reason: 'the primary is backed up; a replica is rebuilt from it' },
        { id: 'NIST.800.53.R5-RDSInstanceBackupEnabled', reason: 'the primary is backed up; a replica is rebuilt from it' },
        { id: 'AwsSolutions-RDS13', reason: 'the primary is backed up; a replica is rebuilt from it' },
        { id: 'HIPAA.Security-RDSInBackupPlan', reason: 'the primary is in the backup plan; a replica is rebuilt from it' },
        { id: 'NIST.800.53.R5-RDSInBackupPlan', reason: 'the primary is in the backup plan; a replica is rebuilt from it' },
      );
      this.acknowledgePortFinding(replica, port);
      this.readReplicas.push(replica);
    }

    this.alarms = [];
    if (props.alarms ?? true) {
      this.createAlarms(props);
    }
  }

  /**
   * Allows a peer (e.g. the application's security group) to connect on the database port, and nothing else.
   * The ingress rule lives in the database's stack: create the peer's security group in a
   * stack the database's stack may depend on (e.g. the network stack), not in one that depends on it.
   */
  public allowConnectionsFrom(other: ec2.IConnectable): void {
    this.connections.allowDefaultPortFrom(other, 'PostgreSQL from an allowed peer');
  }

  /**
   * Grants an IAM principal `rds-db:connect` as a database user (needs `iamAuthentication`).
   *
   * @param grantee the principal
   * @param dbUser the database user
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    return this.instance.grantConnect(grantee, dbUser);
  }

  /**
   * The connection settings an application needs, without secrets:
   * `DB_HOST`, `DB_PORT` and `DB_NAME`.
   */
  public connectionEnvironment(): { [key: string]: string } {
    return {
      DB_HOST: this.endpointAddress,
      DB_PORT: String(this.port),
      DB_NAME: this.databaseName,
    };
  }

  /**
   * The secrets an application needs, to pass as environment secrets (never as
   * plaintext): `DB_SECRET`, a JSON document with `username` and `password`.
   */
  public secretEnvironment(): { [key: string]: secretsmanager.ISecret } {
    return { DB_SECRET: this.secret };
  }

  /** A metric of the instance, e.g. `ReadIOPS`. */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instance.metric(metricName, props);
  }

  /** The CPU utilization, in percent (average over 5 minutes). */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instance.metricCPUUtilization(props);
  }

  /** The free storage space, in bytes (minimum over 5 minutes). */
  public metricFreeStorageSpace(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instance.metricFreeStorageSpace({ statistic: 'Minimum', ...props });
  }

  /** The freeable memory, in bytes (minimum over 5 minutes). */
  public metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instance.metricFreeableMemory({ statistic: 'Minimum', ...props });
  }

  /** The number of connections (maximum over 5 minutes). */
  public metricDatabaseConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instance.metricDatabaseConnections({ statistic: 'Maximum', ...props });
  }

  /** The replication lag of a read replica, in seconds (maximum over 5 minutes). */
  public metricReplicaLag(replica: rds.IDatabaseInstance, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName: 'ReplicaLag',
      dimensionsMap: { DBInstanceIdentifier: replica.instanceIdentifier },
      statistic: 'Maximum',
      period: Duration.minutes(5),
      ...props,
    });
  }

  private createAlarms(props: PostgresDatabaseProps): void {
    const add = (id: string, alarmProps: cloudwatch.AlarmProps) => {
      const alarm = new cloudwatch.Alarm(this, id, alarmProps);
      if (props.alarmTopic) {
        alarm.addAlarmAction(new cw_actions.SnsAction(props.alarmTopic));
        alarm.addOkAction(new cw_actions.SnsAction(props.alarmTopic));
      }
      if (!props.alarmTopic) {
        const reason = 'no alarmTopic given: the alarm shows in the CloudWatch console; pass alarmTopic to be notified';
        Validations.of(alarm).acknowledge(
          { id: 'HIPAA.Security-CloudWatchAlarmAction', reason },
          { id: 'NIST.800.53.R5-CloudWatchAlarmAction', reason },
        );
      }
      this.alarms.push(alarm);
    };
    const freeStorage = props.freeStorageAlarmThreshold ?? Size.mebibytes(Math.ceil(this.allocatedStorage * 1024 / 10));
    const freeMemory = props.freeableMemoryAlarmThreshold ?? Size.mebibytes(64);
    add('CpuAlarm', {
      metric: this.metricCpuUtilization(),
      threshold: props.cpuAlarmThreshold ?? 80,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: `${this.node.path}: CPU utilization above ${props.cpuAlarmThreshold ?? 80}% for 15 minutes`,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
    add('FreeStorageAlarm', {
      metric: this.metricFreeStorageSpace(),
      threshold: freeStorage.toBytes(),
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      alarmDescription: `${this.node.path}: free storage below ${freeStorage.toMebibytes()} MiB`,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
    add('FreeableMemoryAlarm', {
      metric: this.metricFreeableMemory(),
      threshold: freeMemory.toBytes(),
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      alarmDescription: `${this.node.path}: freeable memory below ${freeMemory.toMebibytes()} MiB for 15 minutes`,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
    add('ConnectionsAlarm', {
      metric: this.metricDatabaseConnections(),
      threshold: props.connectionsAlarmThreshold ?? 100,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: `${this.node.path}: more than ${props.connectionsAlarmThreshold ?? 100} connections for 10 minutes`,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
    const lag = props.replicaLagAlarmThreshold ?? Duration.seconds(60);
    this.readReplicas.forEach((replica, i) => add(`ReadReplica${i + 1}LagAlarm`, {
      metric: this.metricReplicaLag(replica),
      threshold: lag.toSeconds(),
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: `${this.node.path}: read replica ${i + 1} lags more than ${lag.toSeconds()} seconds for 15 minutes`,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    }));
  }

  private acknowledgeInstanceFindings(instance: rds.DatabaseInstance, port: number, multiAz: boolean): void {
    const backupPlanReason = 'automated backups (point-in-time restore) are on; the AWS Backup plan lives in a separate stack (@ebkit/backups AppBackupPlan selects this instance)';
    Validations.of(instance).acknowledge(
      { id: 'HIPAA.Security-RDSInBackupPlan', reason: backupPlanReason },
      { id: 'NIST.800.53.R5-RDSInBackupPlan', reason: backupPlanReason },
    );
    if (!multiAz) {
      const reason = 'single-AZ chosen by the caller (multiAz: false), e.g. for a non-production environment';
      Validations.of(instance).acknowledge(
        { id: 'AwsSolutions-RDS3', reason },
        { id: 'HIPAA.Security-RDSMultiAZSupport', reason },
        { id: 'NIST.800.53.R5-RDSMultiAZSupport', reason },
      );
    }
    this.acknowledgePortFinding(instance, port);
    const role = instance.node.tryFindChild('MonitoringRole');
    if (role) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
        reason: 'AmazonRDSEnhancedMonitoringRole is the AWS-managed policy RDS documents for enhanced monitoring; it only writes the RDSOSMetrics log group',
      });
    }
  }

  private acknowledgePortFinding(instance: Construct, port: number): void {
    if (port === 5432) {
      Validations.of(instance).acknowledge({
        id: 'AwsSolutions-RDS11',
        reason: 'the standard port is kept for client compatibility; a non-standard port only obscures, access is limited by the security group to peers the caller allows (set port to change it)',
      });
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A valid RDS instance identifier derived from the stack name and construct path. */
function defaultIdentifier(scope: Construct): string {
  const raw = Names.uniqueResourceName(scope, { maxLength: 60, separator: '-' }).toLowerCase();
  let name = raw.replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(name)) {
    name = `db-${name}`;
  }
  return Token.isUnresolved(name) ? name : name.slice(0, 63).replace(/-+$/, '');
}
