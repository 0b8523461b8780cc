import {
  DBSnapshot,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  RestoreDBInstanceFromDBSnapshotCommand,
} from '@aws-sdk/client-rds';

/**
 * The restore drill: restore the latest snapshot of a database into a
 * temporary instance, let the PostgreSQL client job run a query against it,
 * and tear it down. A Step Functions state machine calls `handler` once per
 * step; every step is a plain function over an RDS client so that it can be
 * tested with aws-sdk-client-mock.
 */

/** The tag that marks a drill instance; only instances carrying it are ever deleted. */
export const DRILL_TAG = 'ebkit:restore-drill';

/** The tag that names the execution of the drill that made the instance. */
export const EXECUTION_TAG = 'ebkit:restore-drill-execution';

/** Statuses in which RDS accepts DeleteDBInstance only later (the cleanup waits and tries again). */
const BUSY_STATUSES = ['creating', 'modifying', 'backing-up', 'rebooting', 'renaming', 'resetting-master-credentials',
  'configuring-enhanced-monitoring', 'configuring-log-exports', 'upgrading', 'maintenance', 'starting', 'stopping', 'storage-optimization'];

/** Where and how the drill restores. */
export interface DrillConfig {
  /** The instance whose snapshots are restored. */
  readonly sourceInstanceId: string;
  /** The prefix of drill instance identifiers, e.g. `app-db-drill`. */
  readonly drillPrefix: string;
  /** The DB subnet group of the drill instance. */
  readonly subnetGroupName: string;
  /** The security groups of the drill instance. */
  readonly securityGroupIds: string[];
  /** The instance class of the drill instance, e.g. `db.t4g.micro`. */
  readonly instanceClass: string;
  /** The janitor deletes drill instances created longer ago than this (minutes). */
  readonly staleAfterMinutes?: number;
}

/** One step of the drill, as the state machine passes it. */
export interface DrillEvent {
  readonly step: string;
  readonly drillInstanceId?: string;
  /** The execution of the state machine (start: tagged on the instance). */
  readonly executionId?: string;
}

/** What a step returns to the state machine. */
export interface DrillState {
  readonly drillInstanceId: string;
  readonly snapshotId?: string;
  readonly snapshotTime?: string;
  readonly status: string;
  readonly endpoint?: string;
  readonly port?: string;
  readonly secretArn?: string;
  /** The instance is available (and its RDS-managed secret exists). */
  readonly ready: boolean;
  /** The instance is in a state it will not leave by itself. */
  readonly failed: boolean;
  /** When this state was observed (ISO 8601). */
  readonly checkedAt?: string;
}

/** What the janitor did. */
export interface JanitorResult {
  /** The stale drill instances it started deleting. */
  readonly deleted: string[];
  /** The drill instances it left alone (younger than the bound, or already being deleted). */
  readonly kept: string[];
}

const FAILED_STATUSES = ['failed', 'incompatible-restore', 'incompatible-parameters', 'incompatible-network', 'storage-full', 'inaccessible-encryption-credentials'];

/** Reads the drill configuration from the function's environment. */
export function configFromEnvironment(env: { [key: string]: string | undefined }): DrillConfig {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) {
      throw new Error(`environment variable ${name} is not set`);
    }
    return value;
  };
  return {
    sourceInstanceId: required('SOURCE_INSTANCE_ID'),
    drillPrefix: required('DRILL_PREFIX'),
    subnetGroupName: required('SUBNET_GROUP_NAME'),
    securityGroupIds: required('SECURITY_GROUP_IDS').split(',').map((s) => s.trim()).filter((s) => s.length > 0),
    instanceClass: required('INSTANCE_CLASS'),
    staleAfterMinutes: env.STALE_AFTER_MINUTES ? Number(env.STALE_AFTER_MINUTES) : undefined,
  };
}

/**
 * The newest available snapshot of an instance: automated, manual or made by
 * AWS Backup. Throws when there is none: a database without a restorable
 * snapshot is exactly what the drill exists to find.
 */
export async function findLatestSnapshot(rds: RDSClient, instanceId: string): Promise<DBSnapshot> {
  const snapshots: DBSnapshot[] = [];
  for (const snapshotType of [undefined, 'awsbackup']) {
    let marker: string | undefined;
    do {
      const page = await rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: instanceId, SnapshotType: snapshotType, Marker: marker }));
      snapshots.push(...(page.DBSnapshots ?? []));
      marker = page.Marker;
    } while (marker);
  }
  const available = snapshots
    .filter((s) => s.Status === 'available' && s.SnapshotCreateTime !== undefined)
    .sort((a, b) => b.SnapshotCreateTime!.getTime() - a.SnapshotCreateTime!.getTime());
  if (available.length === 0) {
    throw new Error(`no available snapshot of ${instanceId}: nothing to restore`);
  }
  return available[0];
}

/**
 * The identifier of a drill instance: `<prefix>-<suffix>`, where the state
 * machine makes the suffix unique per execution (12 hex digits of a UUID), so
 * that two drills started in the same minute never share an instance; without
 * a suffix, `<prefix>-<yyyymmddhhmmss>`.
 */
export function drillInstanceId(prefix: string, now: Date, suffix?: string): string {
  if (suffix !== undefined) {
    if (!/^[a-z0-9]{1,20}$/.test(suffix)) {
      throw new Error(`invalid drill instance suffix '${suffix}': expected 1 to 20 lowercase letters and digits`);
    }
    return `${prefix}-${suffix}`;
  }
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${prefix}-${stamp}`;
}

/** Starts restoring the latest snapshot into a new, private, single-AZ drill instance named `id`. */
export async function startRestore(rds: RDSClient, config: DrillConfig, now: Date, id: string = drillInstanceId(config.drillPrefix, now),
  executionId?: string): Promise<DrillState> {
  if (!id.startsWith(`${config.drillPrefix}-`)) {
    throw new Error(`refusing to restore into ${id}: not a drill instance identifier (prefix ${config.drillPrefix}-)`);
  }
  const snapshot = await findLatestSnapshot(rds, config.sourceInstanceId);
  await rds.send(new RestoreDBInstanceFromDBSnapshotCommand({
    DBInstanceIdentifier: id,
    DBSnapshotIdentifier: snapshot.DBSnapshotArn ?? snapshot.DBSnapshotIdentifier,
    DBInstanceClass: config.instanceClass,
    DBSubnetGroupName: config.subnetGroupName,
    VpcSecurityGroupIds: config.securityGroupIds,
    MultiAZ: false,
    PubliclyAccessible: false,
    DeletionProtection: false,
    AutoMinorVersionUpgrade: false,
    CopyTagsToSnapshot: false,
    Tags: [{ Key: DRILL_TAG, Value: config.sourceInstanceId }, ...(executionId ? [{ Key: EXECUTION_TAG, Value: executionId.slice(0, 256) }] : [])],
  }));
  return {
    drillInstanceId: id,
    snapshotId: snapshot.DBSnapshotIdentifier,
    snapshotTime: snapshot.SnapshotCreateTime?.toISOString(),
    status: 'creating',
    ready: false,
    failed: false,
    checkedAt: now.toISOString(),
  };
}

/** The state of a drill instance. */
export async function instanceState(rds: RDSClient, id: string, now: Date = new Date()): Promise<DrillState> {
  let instance;
  try {
    const result = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
    instance = result.DBInstances?.[0];
  } catch (e) {
    if ((e as Error).name === 'DBInstanceNotFoundFault') {
      return { drillInstanceId: id, status: 'deleted', ready: false, failed: false };
    }
    throw e;
  }
  if (!instance) {
    return { drillInstanceId: id, status: 'deleted', ready: false, failed: false };
  }
  const status = instance.DBInstanceStatus ?? 'unknown';
  const secretArn = instance.MasterUserSecret?.SecretStatus === 'active' ? instance.MasterUserSecret.SecretArn : undefined;
  return {
    drillInstanceId: id,
    status,
    endpoint: instance.Endpoint?.Address,
    port: instance.Endpoint?.Port !== undefined ? String(instance.Endpoint.Port) : undefined,
    secretArn,
    ready: status === 'available' && secretArn !== undefined,
    failed: FAILED_STATUSES.includes(status),
    checkedAt: now.toISOString(),
  };
}

/**
 * Lets RDS generate a new master password into a secret of its own: the
 * snapshot holds the password of the day it was taken, which rotation has
 * since changed. The secret is deleted with the instance.
 */
export async function manageMasterPassword(rds: RDSClient, id: string): Promise<DrillState> {
  await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: id, ManageMasterUserPassword: true, ApplyImmediately: true }));
  return { drillInstanceId: id, status: 'modifying', ready: false, failed: false };
}

/**
 * Deletes a drill instance, without a final snapshot. Refuses any instance
 * whose identifier does not start with the drill prefix or that does not
 * carry the drill tag: the drill never deletes a real database.
 */
export async function deleteDrillInstance(rds: RDSClient, config: DrillConfig, id: string): Promise<DrillState> {
  if (!id.startsWith(`${config.drillPrefix}-`)) {
    throw new Error(`refusing to delete ${id}: not a drill instance (prefix ${config.drillPrefix}-)`);
  }
  let instance;
  try {
    instance = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances?.[0];
  } catch (e) {
    if ((e as Error).name === 'DBInstanceNotFoundFault') {
      return { drillInstanceId: id, status: 'deleted', ready: false, failed: false };
    }
    throw e;
  }
  if (!instance) {
    return { drillInstanceId: id, status: 'deleted', ready: false, failed: false };
  }
  if (!(instance.TagList ?? []).some((t) => t.Key === DRILL_TAG)) {
    throw new Error(`refusing to delete ${id}: it does not carry the ${DRILL_TAG} tag`);
  }
  const status = instance.DBInstanceStatus ?? 'unknown';
  if (status === 'deleting') {
    return { drillInstanceId: id, status: 'deleting', ready: false, failed: false };
  }
  if (BUSY_STATUSES.includes(status)) {
    // RDS refuses to delete it now (InvalidDBInstanceState): the state machine waits and calls again
    return { drillInstanceId: id, status, ready: false, failed: false };
  }
  try {
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: id, SkipFinalSnapshot: true, DeleteAutomatedBackups: true }));
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'InvalidDBInstanceStateFault') {
      return { drillInstanceId: id, status, ready: false, failed: false }; // it became busy meanwhile: try again later
    }
    if (name === 'DBInstanceNotFoundFault') {
      return { drillInstanceId: id, status: 'deleted', ready: false, failed: false };
    }
    throw e;
  }
  return { drillInstanceId: id, status: 'deleting', ready: false, failed: false };
}

/**
 * Deletes the drill instances (identifier prefix and tag) created more than
 * `staleAfterMinutes` ago: what a drill left behind when its execution timed
 * out, was aborted, or its cleanup failed. Instances RDS will not delete yet
 * are left for the next run.
 */
export async function deleteStaleDrillInstances(rds: RDSClient, config: DrillConfig, now: Date): Promise<JanitorResult> {
  const staleAfter = config.staleAfterMinutes;
  if (staleAfter === undefined || !(staleAfter > 0)) {
    throw new Error('the janitor needs STALE_AFTER_MINUTES (a positive number)');
  }
  const deleted: string[] = [];
  const kept: string[] = [];
  let marker: string | undefined;
  do {
    const page = await rds.send(new DescribeDBInstancesCommand({ Marker: marker }));
    for (const instance of page.DBInstances ?? []) {
      const id = instance.DBInstanceIdentifier ?? '';
      if (!id.startsWith(`${config.drillPrefix}-`) || !(instance.TagList ?? []).some((t) => t.Key === DRILL_TAG)) {
        continue; // not ours: never touched
      }
      const ageMinutes = instance.InstanceCreateTime ? (now.getTime() - instance.InstanceCreateTime.getTime()) / 60_000 : Infinity;
      if (ageMinutes < staleAfter || instance.DBInstanceStatus === 'deleting') {
        kept.push(id);
        continue;
      }
      const state = await deleteDrillInstance(rds, config, id);
      (state.status === 'deleting' || state.status === 'deleted' ? deleted : kept).push(id);
    }
    marker = page.Marker;
  } while (marker);
  return { deleted, kept };
}

/** Runs one step of the drill. */
export async function runStep(rds: RDSClient, config: DrillConfig, event: DrillEvent, now: Date): Promise<DrillState | JanitorResult> {
  const id = (): string => {
    if (!event.drillInstanceId) {
      throw new Error(`step ${event.step} needs drillInstanceId`);
    }
    return event.drillInstanceId;
  };
  switch (event.step) {
    case 'start':
      return startRestore(rds, config, now, event.drillInstanceId ?? drillInstanceId(config.drillPrefix, now), event.executionId);
    case 'status':
      return instanceState(rds, id(), now);
    case 'managePassword':
      return manageMasterPassword(rds, id());
    case 'cleanup':
      return deleteDrillInstance(rds, config, id());
    case 'janitor':
      return deleteStaleDrillInstances(rds, config, now);
    default:
      throw new Error(`unknown step '${event.step}' (expected start, status, managePassword, cleanup or janitor)`);
  }
}

let client: RDSClient | undefined;

/** The Lambda entry point. */
export async function handler(event: DrillEvent): Promise<DrillState | JanitorResult> {
  client = client ?? new RDSClient({});
  return runStep(client, configFromEnvironment(process.env), event, new Date());
}
