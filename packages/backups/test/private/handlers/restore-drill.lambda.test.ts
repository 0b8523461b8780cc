import {
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  RestoreDBInstanceFromDBSnapshotCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import {
  configFromEnvironment,
  deleteDrillInstance,
  deleteStaleDrillInstances,
  DrillConfig,
  drillInstanceId,
  findLatestSnapshot,
  handler,
  instanceState,
  manageMasterPassword,
  runStep,
  startRestore,
} from '../../../src/private/handlers/restore-drill.lambda';

const rdsMock = mockClient(RDSClient);
const rds = new RDSClient({});

const config: DrillConfig = {
  sourceInstanceId: 'app-db',
  drillPrefix: 'app-db-drill',
  subnetGroupName: 'drill-subnets',
  securityGroupIds: ['sg-1', 'sg-2'],
  instanceClass: 'db.t4g.micro',
};

const NOW = new Date('2026-11-25T18:30:45Z');

function notFound(): Error {
  const error = new Error('DBInstance app-db-drill-202611251830 not found');
  error.name = 'DBInstanceNotFoundFault';
  return error;
}

beforeEach(() => {
  rdsMock.reset();
});

describe('findLatestSnapshot', () => {
  test('picks the newest available snapshot among automated, manual and AWS Backup ones', async () => {
    // GIVEN
    rdsMock.on(DescribeDBSnapshotsCommand, { DBInstanceIdentifier: 'app-db', SnapshotType: undefined, Marker: undefined }).resolves({
      DBSnapshots: [
        { DBSnapshotIdentifier: 'rds:app-db-2026-11-24', Status: 'available', SnapshotCreateTime: new Date('2026-11-24T03:10:00Z') },
        { DBSnapshotIdentifier: 'manual-copying', Status: 'creating', SnapshotCreateTime: new Date('2026-11-25T10:00:00Z') },
      ],
      Marker: 'page2',
    });
    rdsMock.on(DescribeDBSnapshotsCommand, { DBInstanceIdentifier: 'app-db', SnapshotType: undefined, Marker: 'page2' }).resolves({
      DBSnapshots: [{ DBSnapshotIdentifier: 'rds:app-db-2026-11-23', Status: 'available', SnapshotCreateTime: new Date('2026-11-23T03:10:00Z') }],
    });
    rdsMock.on(DescribeDBSnapshotsCommand, { DBInstanceIdentifier: 'app-db', SnapshotType: 'awsbackup' }).resolves({
      DBSnapshots: [{
        DBSnapshotIdentifier: 'awsbackup:job-abc',
        DBSnapshotArn: 'arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-abc',
        Status: 'available',
        SnapshotCreateTime: new Date('2026-11-25T05:20:00Z'),
      }],
    });
    // WHEN
    const snapshot = await findLatestSnapshot(rds, 'app-db');
    // THEN
    expect(snapshot.DBSnapshotIdentifier).toBe('awsbackup:job-abc');
    expect(rdsMock.commandCalls(DescribeDBSnapshotsCommand)).toHaveLength(3);
  });

  test('fails when there is no available snapshot', async () => {
    rdsMock.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [{ DBSnapshotIdentifier: 'x', Status: 'creating', SnapshotCreateTime: NOW }] });
    await expect(findLatestSnapshot(rds, 'app-db')).rejects.toThrow(/no available snapshot of app-db: nothing to restore/);
  });

  test('fails when the API fails', async () => {
    rdsMock.on(DescribeDBSnapshotsCommand).rejects(new Error('AccessDenied'));
    await expect(findLatestSnapshot(rds, 'app-db')).rejects.toThrow(/AccessDenied/);
  });
});

describe('startRestore', () => {
  test('restores the latest snapshot into a private, single-AZ, tagged drill instance', async () => {
    rdsMock.on(DescribeDBSnapshotsCommand).resolves({
      DBSnapshots: [{
        DBSnapshotIdentifier: 'rds:app-db-2026-11-25',
        DBSnapshotArn: 'arn:aws:rds:us-east-1:123456789012:snapshot:rds:app-db-2026-11-25',
        Status: 'available',
        SnapshotCreateTime: new Date('2026-11-25T03:10:00Z'),
      }],
    });
    rdsMock.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    const state = await startRestore(rds, config, NOW);
    expect(state).toEqual({
      checkedAt: NOW.toISOString(),
      drillInstanceId: 'app-db-drill-20261125183045',
      snapshotId: 'rds:app-db-2026-11-25',
      snapshotTime: '2026-11-25T03:10:00.000Z',
      status: 'creating',
      ready: false,
      failed: false,
    });
    expect(rdsMock.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)[0].args[0].input).toEqual({
      DBInstanceIdentifier: 'app-db-drill-20261125183045',
      DBSnapshotIdentifier: 'arn:aws:rds:us-east-1:123456789012:snapshot:rds:app-db-2026-11-25',
      DBInstanceClass: 'db.t4g.micro',
      DBSubnetGroupName: 'drill-subnets',
      VpcSecurityGroupIds: ['sg-1', 'sg-2'],
      MultiAZ: false,
      PubliclyAccessible: false,
      DeletionProtection: false,
      AutoMinorVersionUpgrade: false,
      CopyTagsToSnapshot: false,
      Tags: [{ Key: 'ebkit:restore-drill', Value: 'app-db' }],
    });
  });

  test('fails without restoring when there is no snapshot', async () => {
    rdsMock.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
    await expect(startRestore(rds, config, NOW)).rejects.toThrow(/no available snapshot/);
    expect(rdsMock.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)).toHaveLength(0);
  });

  test('fails when RDS refuses the restore', async () => {
    rdsMock.on(DescribeDBSnapshotsCommand).resolves({
      DBSnapshots: [{ DBSnapshotIdentifier: 's', Status: 'available', SnapshotCreateTime: NOW }],
    });
    rdsMock.on(RestoreDBInstanceFromDBSnapshotCommand).rejects(new Error('InstanceQuotaExceeded'));
    await expect(startRestore(rds, config, NOW)).rejects.toThrow(/InstanceQuotaExceeded/);
  });
});

describe('instanceState', () => {
  test('is ready when the instance is available and its managed secret is active', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [{
        DBInstanceStatus: 'available',
        Endpoint: { Address: 'drill.abc.us-east-1.rds.amazonaws.com', Port: 5432 },
        MasterUserSecret: { SecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1', SecretStatus: 'active' },
      }],
    });
    expect(await instanceState(rds, 'app-db-drill-1')).toEqual({
      drillInstanceId: 'app-db-drill-1',
      status: 'available',
      endpoint: 'drill.abc.us-east-1.rds.amazonaws.com',
      port: '5432',
      secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1',
      ready: true,
      failed: false,
      checkedAt: expect.stringMatching(/^\d{4}-/),
    });
  });

  test('is not ready while the secret is being created', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [{ DBInstanceStatus: 'available', MasterUserSecret: { SecretArn: 'arn:s', SecretStatus: 'creating' } }],
    });
    const state = await instanceState(rds, 'app-db-drill-1');
    expect(state.ready).toBe(false);
    expect(state.secretArn).toBeUndefined();
    expect(state.endpoint).toBeUndefined();
  });

  test('reports an instance that will not recover as failed', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'incompatible-restore' }] });
    expect(await instanceState(rds, 'app-db-drill-1')).toMatchObject({ status: 'incompatible-restore', ready: false, failed: true });
  });

  test('reports an instance that no longer exists as deleted', async () => {
    rdsMock.on(DescribeDBInstancesCommand).rejects(notFound());
    expect(await instanceState(rds, 'app-db-drill-1')).toMatchObject({ status: 'deleted', failed: false });
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
    expect(await instanceState(rds, 'app-db-drill-1')).toMatchObject({ status: 'deleted' });
  });

  test('fails on other API errors', async () => {
    rdsMock.on(DescribeDBInstancesCommand).rejects(new Error('Throttling'));
    await expect(instanceState(rds, 'app-db-drill-1')).rejects.toThrow(/Throttling/);
  });

  test('reports an unknown status when RDS gives none', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{}] });
    expect(await instanceState(rds, 'app-db-drill-1')).toMatchObject({ status: 'unknown', ready: false, failed: false });
  });
});

describe('manageMasterPassword', () => {
  test('lets RDS generate a new password into its own secret, immediately', async () => {
    rdsMock.on(ModifyDBInstanceCommand).resolves({});
    expect(await manageMasterPassword(rds, 'app-db-drill-1')).toMatchObject({ status: 'modifying' });
    expect(rdsMock.commandCalls(ModifyDBInstanceCommand)[0].args[0].input).toEqual({
      DBInstanceIdentifier: 'app-db-drill-1', ManageMasterUserPassword: true, ApplyImmediately: true,
    });
  });
});

describe('deleteDrillInstance', () => {
  test('deletes a tagged drill instance without a final snapshot', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [{ DBInstanceStatus: 'available', TagList: [{ Key: 'ebkit:restore-drill', Value: 'app-db' }] }],
    });
    rdsMock.on(DeleteDBInstanceCommand).resolves({});
    expect(await deleteDrillInstance(rds, config, 'app-db-drill-202611251830')).toMatchObject({ status: 'deleting' });
    expect(rdsMock.commandCalls(DeleteDBInstanceCommand)[0].args[0].input).toEqual({
      DBInstanceIdentifier: 'app-db-drill-202611251830', SkipFinalSnapshot: true, DeleteAutomatedBackups: true,
    });
  });

  test('fails when asked to delete an instance outside the drill prefix', async () => {
    await expect(deleteDrillInstance(rds, config, 'app-db')).rejects.toThrow(/refusing to delete app-db: not a drill instance/);
    expect(rdsMock.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('fails when the instance does not carry the drill tag', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', TagList: [{ Key: 'app', Value: 'x' }] }] });
    await expect(deleteDrillInstance(rds, config, 'app-db-drill-1')).rejects.toThrow(/does not carry the ebkit:restore-drill tag/);
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });
    await expect(deleteDrillInstance(rds, config, 'app-db-drill-1')).rejects.toThrow(/does not carry/);
    expect(rdsMock.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('succeeds when the instance is already gone or being deleted', async () => {
    rdsMock.on(DescribeDBInstancesCommand).rejects(notFound());
    expect(await deleteDrillInstance(rds, config, 'app-db-drill-1')).toMatchObject({ status: 'deleted' });
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
    expect(await deleteDrillInstance(rds, config, 'app-db-drill-1')).toMatchObject({ status: 'deleted' });
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'deleting', TagList: [{ Key: 'ebkit:restore-drill' }] }] });
    expect(await deleteDrillInstance(rds, config, 'app-db-drill-1')).toMatchObject({ status: 'deleting' });
    expect(rdsMock.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('fails on other API errors', async () => {
    rdsMock.on(DescribeDBInstancesCommand).rejects(new Error('Throttling'));
    await expect(deleteDrillInstance(rds, config, 'app-db-drill-1')).rejects.toThrow(/Throttling/);
  });
});

describe('deleteDrillInstance while RDS cannot delete yet', () => {
  test.each(['creating', 'modifying', 'backing-up'])('waits (no delete call) while the instance is %s', async (status) => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: status, TagList: [{ Key: 'ebkit:restore-drill', Value: 'app-db' }] }] });
    const state = await deleteDrillInstance(rds, config, 'app-db-drill-1');
    expect(state.status).toBe(status);
    expect(rdsMock.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  test('waits when RDS refuses the delete because the instance became busy', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', TagList: [{ Key: 'ebkit:restore-drill', Value: 'app-db' }] }] });
    const busy = new Error('Instance is in modifying state');
    busy.name = 'InvalidDBInstanceStateFault';
    rdsMock.on(DeleteDBInstanceCommand).rejects(busy);
    expect((await deleteDrillInstance(rds, config, 'app-db-drill-1')).status).toBe('available');
  });

  test('reports deleted when the instance disappears between describe and delete', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', TagList: [{ Key: 'ebkit:restore-drill', Value: 'app-db' }] }] });
    rdsMock.on(DeleteDBInstanceCommand).rejects(notFound());
    expect((await deleteDrillInstance(rds, config, 'app-db-drill-1')).status).toBe('deleted');
  });
});

describe('deleteStaleDrillInstances (the janitor)', () => {
  const tag = [{ Key: 'ebkit:restore-drill', Value: 'app-db' }];
  const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);

  test('deletes tagged drill instances older than the bound, and nothing else', async () => {
    rdsMock.on(DescribeDBInstancesCommand, { Marker: undefined }).resolves({
      DBInstances: [
        { DBInstanceIdentifier: 'app-db-drill-old', DBInstanceStatus: 'available', InstanceCreateTime: hoursAgo(9), TagList: tag },
        { DBInstanceIdentifier: 'app-db-drill-young', DBInstanceStatus: 'creating', InstanceCreateTime: hoursAgo(1), TagList: tag },
        { DBInstanceIdentifier: 'app-db', DBInstanceStatus: 'available', InstanceCreateTime: hoursAgo(900), TagList: tag },
      ],
      Marker: 'p2',
    });
    rdsMock.on(DescribeDBInstancesCommand, { Marker: 'p2' }).resolves({
      DBInstances: [
        { DBInstanceIdentifier: 'app-db-drill-untagged', DBInstanceStatus: 'available', InstanceCreateTime: hoursAgo(20), TagList: [] },
        { DBInstanceIdentifier: 'app-db-drill-going', DBInstanceStatus: 'deleting', InstanceCreateTime: hoursAgo(20), TagList: tag },
      ],
    });
    rdsMock.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'app-db-drill-old' }).resolves({
      DBInstances: [{ DBInstanceIdentifier: 'app-db-drill-old', DBInstanceStatus: 'available', TagList: tag }],
    });
    rdsMock.on(DeleteDBInstanceCommand).resolves({});
    const result = await runStep(rds, { ...config, staleAfterMinutes: 480 }, { step: 'janitor' }, NOW);
    expect(result).toEqual({ deleted: ['app-db-drill-old'], kept: ['app-db-drill-young', 'app-db-drill-going'] });
    expect(rdsMock.commandCalls(DeleteDBInstanceCommand).map((c) => c.args[0].input.DBInstanceIdentifier)).toEqual(['app-db-drill-old']);
  });

  test('keeps a stale instance RDS cannot delete yet, for its next run', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [{ DBInstanceIdentifier: 'app-db-drill-old', DBInstanceStatus: 'modifying', InstanceCreateTime: hoursAgo(9), TagList: tag }],
    });
    expect(await deleteStaleDrillInstances(rds, { ...config, staleAfterMinutes: 480 }, NOW)).toEqual({ deleted: [], kept: ['app-db-drill-old'] });
  });

  test('refuses to run without a bound', async () => {
    await expect(deleteStaleDrillInstances(rds, config, NOW)).rejects.toThrow(/STALE_AFTER_MINUTES/);
  });
});

describe('runStep and handler', () => {
  test('dispatches each step', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'modifying' }] });
    rdsMock.on(ModifyDBInstanceCommand).resolves({});
    expect(await runStep(rds, config, { step: 'status', drillInstanceId: 'app-db-drill-1' }, NOW)).toMatchObject({ status: 'modifying' });
    expect(await runStep(rds, config, { step: 'managePassword', drillInstanceId: 'app-db-drill-1' }, NOW)).toMatchObject({ status: 'modifying' });
    rdsMock.on(DescribeDBInstancesCommand).rejects(notFound());
    expect(await runStep(rds, config, { step: 'cleanup', drillInstanceId: 'app-db-drill-1' }, NOW)).toMatchObject({ status: 'deleted' });
    rdsMock.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [{ DBSnapshotIdentifier: 's', Status: 'available', SnapshotCreateTime: NOW }] });
    rdsMock.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    expect(await runStep(rds, config, { step: 'start' }, NOW)).toMatchObject({ drillInstanceId: 'app-db-drill-20261125183045' });
    expect(await runStep(rds, config, { step: 'start', drillInstanceId: 'app-db-drill-0a1b2c3d4e5f', executionId: 'arn:exec' }, NOW))
      .toMatchObject({ drillInstanceId: 'app-db-drill-0a1b2c3d4e5f' });
    expect(rdsMock.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)[1].args[0].input.Tags).toEqual([
      { Key: 'ebkit:restore-drill', Value: 'app-db' }, { Key: 'ebkit:restore-drill-execution', Value: 'arn:exec' },
    ]);
  });

  test('refuses to restore into an identifier outside the drill prefix', async () => {
    await expect(runStep(rds, config, { step: 'start', drillInstanceId: 'app-db' }, NOW)).rejects.toThrow(/refusing to restore into app-db/);
    expect(rdsMock.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)).toHaveLength(0);
  });

  test('fails on an unknown step or a missing instance id', async () => {
    await expect(runStep(rds, config, { step: 'explode' }, NOW)).rejects.toThrow(/unknown step 'explode'/);
    await expect(runStep(rds, config, { step: 'status' }, NOW)).rejects.toThrow(/step status needs drillInstanceId/);
  });

  test('reads its configuration from the environment', () => {
    expect(configFromEnvironment({
      SOURCE_INSTANCE_ID: 'app-db',
      DRILL_PREFIX: 'app-db-drill',
      SUBNET_GROUP_NAME: 'drill-subnets',
      SECURITY_GROUP_IDS: 'sg-1, sg-2,',
      INSTANCE_CLASS: 'db.t4g.micro',
    })).toEqual(config);
    expect(() => configFromEnvironment({ SOURCE_INSTANCE_ID: 'app-db' })).toThrow(/environment variable DRILL_PREFIX is not set/);
  });

  test('names drill instances by the execution\'s suffix, else by the second they start', () => {
    expect(drillInstanceId('x-drill', new Date('2027-01-02T03:04:59Z'))).toBe('x-drill-20270102030459');
    expect(drillInstanceId('x-drill', NOW, '0a1b2c3d4e5f')).toBe('x-drill-0a1b2c3d4e5f');
    expect(() => drillInstanceId('x-drill', NOW, 'Bad-Suffix')).toThrow(/invalid drill instance suffix/);
  });

  test('runs a step from the Lambda entry point', async () => {
    const env = { ...process.env };
    Object.assign(process.env, {
      SOURCE_INSTANCE_ID: 'app-db', DRILL_PREFIX: 'app-db-drill', SUBNET_GROUP_NAME: 'g', SECURITY_GROUP_IDS: 'sg-1', INSTANCE_CLASS: 'db.t4g.micro',
    });
    try {
      rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'backing-up' }] });
      expect(await handler({ step: 'status', drillInstanceId: 'app-db-drill-1' })).toMatchObject({ status: 'backing-up', ready: false });
    } finally {
      process.env = env;
    }
  });
});
