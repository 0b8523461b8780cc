import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LocalPostgres } from '@ebkit/testing';
import { pgClientBuildSpec } from '../../src/private/pg-client-buildspec';

/**
 * The pg_dump job's script against a real PostgreSQL server on loopback (with
 * TLS and password authentication), with the `aws` CLI replaced by a stand-in
 * that keeps "S3" in a directory (fake-aws-cli.js): atomic publication, the
 * manifest, and every way the dump can fail. Faults are planted with a
 * `pg_dump` on PATH in front of the real one (killed mid-stream, cut between
 * two statements, an old version).
 * Skipped when the PostgreSQL server binaries or jq are not installed (`LocalPostgres.unavailableReason`),
 * except under CI, where that fails the suite.
 */

const unavailable = LocalPostgres.unavailableReason();
const MISSING_TOOLS = ['pg_dump', 'gzip', 'jq', 'sha256sum'].filter((tool) => spawnSync('which', [tool]).status !== 0);
const HAS_TOOLS = unavailable === undefined && MISSING_TOOLS.length === 0;
// In CI (.ci/run installs PostgreSQL and jq) a missing tool is a failure, never a silent skip.
if (!HAS_TOOLS && process.env.CI) {
  const why = unavailable ?? `missing ${MISSING_TOOLS.join(', ')}`;
  throw new Error(`the dump and drill script tests need PostgreSQL, pg_dump, gzip, jq and sha256sum in CI: ${why}`);
}
const describeWithPostgres = HAS_TOOLS ? describe : describe.skip;
const REAL_PG_DUMP = spawnSync('which', ['pg_dump'], { encoding: 'utf-8' }).stdout.trim();

const PASSWORD = 'drill-pass-123';

/** `pg_dump`s that plant a fault in front of the real one ($REAL_PG_DUMP). */
const WRAPPERS: { [name: string]: string } = {
  // killed (SIGKILL, as by the OOM killer) once it has written 1 MiB: in the middle of the COPY data of `events`
  killed: `#!/usr/bin/env bash
[ "$1" = --version ] && exec "$REAL_PG_DUMP" --version
coproc DUMP { exec "$REAL_PG_DUMP" "$@"; }
pid=$DUMP_PID
head -c 1048576 <&"\${DUMP[0]}"
kill -9 "$pid"; wait "$pid"`,
  // stops between two statements and exits 0: what psql restores without any error, tables missing
  cut: `#!/usr/bin/env bash
[ "$1" = --version ] && exec "$REAL_PG_DUMP" --version
"$REAL_PG_DUMP" "$@" | sed '/^-- Data for Name: orders;/,$d'
exit 0`,
  // an older client than the server
  old: `#!/usr/bin/env bash
[ "$1" = --version ] && { echo "pg_dump (PostgreSQL) 12.22"; exit 0; }
exec "$REAL_PG_DUMP" "$@"`,
};

describeWithPostgres('the pg_dump job script against a real PostgreSQL', () => {
  let pg: LocalPostgres;
  let dir: string;
  let awsDir: string;
  let env: NodeJS.ProcessEnv;

  function sql(database: string, statement: string): string {
    return pg.sql(database, statement);
  }

  function runJob(overrides: { [key: string]: string }, wrapper?: string, keepS3 = false): SpawnSyncReturns<string> {
    const script = pgClientBuildSpec().phases.build.commands.join('\n');
    if (!keepS3) {
      fs.rmSync(awsDir, { recursive: true, force: true });
    }
    fs.mkdirSync(path.join(awsDir, 's3'), { recursive: true });
    const binDirs = [path.join(dir, 'bin'), ...(wrapper ? [path.join(dir, `bin-${wrapper}`)] : [])];
    return spawnSync('bash', ['-c', script], {
      encoding: 'utf-8',
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: dir,
      env: {
        PATH: `${binDirs.reverse().join(':')}:${process.env.PATH}`,
        FAKE_AWS_DIR: awsDir,
        FAKE_SECRET: JSON.stringify({ username: 'postgres', password: PASSWORD }),
        REAL_PG_DUMP,
        RDS_CA_BUNDLE: pg.certFile!,
        DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db',
        DB_HOST: 'localhost',
        DB_PORT: String(pg.port),
        DB_NAME: 'app',
        BUCKET: 'backups',
        PREFIX: 'pg_dump/',
        EXPECTED_SIZE: '1099511627776',
        MODE: 'dump',
        ...overrides,
      },
    });
  }

  /** Every object in the fake bucket, by key. */
  function objects(): string[] {
    const bucket = path.join(awsDir, 's3', 'backups');
    if (!fs.existsSync(bucket)) {
      return [];
    }
    return (fs.readdirSync(bucket, { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(bucket, f)).isFile())
      .map((f) => f.split(path.sep).join('/'))
      .sort();
  }

  function object(key: string): Buffer {
    return fs.readFileSync(path.join(awsDir, 's3', 'backups', key));
  }

  function calls(): string[] {
    const log = path.join(awsDir, 'calls.log');
    return fs.existsSync(log) ? fs.readFileSync(log, 'utf-8').trim().split('\n') : [];
  }

  beforeAll(() => {
    pg = LocalPostgres.start({ password: PASSWORD });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-pgdump-'));
    awsDir = path.join(dir, 'aws');
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(path.join(__dirname, 'fake-aws-cli.js'), path.join(dir, 'bin', 'aws'));
    fs.chmodSync(path.join(dir, 'bin', 'aws'), 0o755);
    for (const [name, script] of Object.entries(WRAPPERS)) {
      fs.mkdirSync(path.join(dir, `bin-${name}`));
      fs.writeFileSync(path.join(dir, `bin-${name}`, 'pg_dump'), `${script}\n`, { mode: 0o755 });
    }
    env = { ...process.env, ...pg.env() };
    sql('postgres', 'CREATE DATABASE app');
    sql('app', [
      "CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL); INSERT INTO orders (item) SELECT 'item ' || n FROM generate_series(1, 500) n",
      // a name that needs quoting, and values with newlines and tabs (one COPY line per row all the same)
      'CREATE TABLE "Order Lines" (id int REFERENCES orders, note text); INSERT INTO "Order Lines" SELECT n % 500 + 1, E\'line\\n\\t\' || n FROM generate_series(1, 1234) n',
      'CREATE TABLE audit_empty (at timestamptz)',
      // large enough that 1 MiB of dump ends inside its COPY data
      'CREATE TABLE events (id bigint, payload text); INSERT INTO events SELECT n, repeat(md5(n::text), 3) FROM generate_series(1, 40000) n',
    ].join('; '));
  }, 120_000);

  afterAll(() => {
    pg?.stop();
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('publishes the dump under its final key with a manifest: size, sha256, versions, exact row counts', () => {
    // WHEN
    const job = runJob({});
    // THEN
    expect({ status: job.status, stderr: job.stderr }).toEqual({ status: 0, stderr: '' });
    const keys = objects();
    expect(keys).toHaveLength(2); // the dump and its manifest; the temporary object is gone
    const [dumpKey, manifestKey] = [keys.find((k) => k.endsWith('.sql.gz'))!, keys.find((k) => k.endsWith('.manifest.json'))!];
    expect(dumpKey).toMatch(/^pg_dump\/app\/\d{4}\/\d{2}\/\d{2}\/app-\d{8}T\d{6}Z\.sql\.gz$/);
    expect(manifestKey).toBe(dumpKey.replace(/\.sql\.gz$/, '.manifest.json'));
    const dump = object(dumpKey);
    expect(dump.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const manifest = JSON.parse(object(manifestKey).toString('utf-8'));
    expect(manifest).toEqual({
      manifestVersion: 1,
      bucket: 'backups',
      key: dumpKey,
      database: 'app',
      format: 'plain',
      compression: 'gzip',
      size: dump.length,
      sha256: crypto.createHash('sha256').update(dump).digest('hex'),
      serverVersion: sql('postgres', 'SHOW server_version'),
      clientVersion: expect.stringMatching(new RegExp(`^${pg.major}\\.\\d+$`)),
      rowCounts: {
        'public.orders': Number(sql('app', 'SELECT count(*) FROM orders')),
        'public."Order Lines"': Number(sql('app', 'SELECT count(*) FROM "Order Lines"')),
        'public.audit_empty': 0,
        'public.events': 40000,
      },
      rowCountsExact: true,
      rowCountsSource: expect.any(String),
      startedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      finishedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    expect(manifest.rowCounts['public."Order Lines"']).toBe(1234);
    expect(manifest.finishedAt >= manifest.startedAt).toBe(true);
    expect(job.stdout).toContain(`dump written to s3://backups/${dumpKey} (${dump.length} bytes`);
    // published in order: temporary key, copy to the final key, manifest, then the temporary object removed
    const order = calls().filter((c) => /^s3 (cp|rm)/.test(c)).map((c) => c.split(' ').slice(0, 4).join(' '));
    expect(order).toEqual([
      expect.stringMatching(/^s3 cp - s3:\/\/backups\/pg_dump\/app\/incomplete\/app-\d{8}T\d{6}Z-\d+\.sql\.gz$/),
      expect.stringMatching(/^s3 cp s3:\/\/backups\/pg_dump\/app\/incomplete\/.* s3:\/\/backups\/pg_dump\/app\/\d{4}\/.*\.sql\.gz$/),
      expect.stringMatching(/^s3 cp \S+\/manifest\.json s3:\/\/backups\/.*\.manifest\.json$/),
      expect.stringMatching(/^s3 rm s3:\/\/backups\/pg_dump\/app\/incomplete\//),
    ]);

    // the runbook: createdb, then gunzip | psql; the counts are the manifest's
    sql('postgres', 'CREATE DATABASE app_restored');
    const file = path.join(dir, 'restore.sql.gz');
    fs.writeFileSync(file, dump);
    const restore = spawnSync('bash', ['-c', `set -o pipefail; gunzip -c "${file}" | psql -X -v ON_ERROR_STOP=1 -q -d app_restored`],
      { encoding: 'utf-8', env, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(restore.status).toBe(0);
    for (const [table, rows] of Object.entries(manifest.rowCounts)) {
      expect([table, Number(sql('app_restored', `SELECT count(*) FROM ${table}`))]).toEqual([table, rows]);
    }
  }, 120_000);

  test('a pg_dump killed mid-stream fails the job and leaves no object behind', () => {
    // WHEN
    const job = runJob({}, 'killed');
    // THEN
    expect(job.status).not.toBe(0);
    expect(job.stderr).toMatch(/the dump pipeline failed \(exit statuses of pg_dump, tee, gzip, tee, aws s3 cp: 137 0 0 0 0\)/);
    expect(job.stderr).toMatch(/nothing was published under s3:\/\/backups\/pg_dump\/app\//);
    // the partial upload did complete (as `aws s3 cp -` does when its input ends) and was removed
    expect(calls()).toEqual(expect.arrayContaining([
      expect.stringMatching(/^s3 cp - s3:\/\/backups\/pg_dump\/app\/incomplete\//),
      expect.stringMatching(/^s3 rm s3:\/\/backups\/pg_dump\/app\/incomplete\//),
    ]));
    expect(objects()).toEqual([]);
  }, 120_000);

  test('a dump cut between two statements (pg_dump exits 0, no trailer) fails the job and leaves no object', () => {
    const job = runJob({}, 'cut');
    expect(job.status).not.toBe(0);
    expect(job.stderr).toMatch(/the dump is incomplete: pg_dump's completion trailer is missing/);
    expect(objects()).toEqual([]);
    expect(calls().some((c) => /\.manifest\.json/.test(c))).toBe(false);
  }, 120_000);

  test('a client older than the server fails the job before it dumps anything', () => {
    const job = runJob({}, 'old');
    expect(job.status).toBe(3);
    expect(job.stderr).toContain(`pg_dump 12.22 is older than the server (${sql('postgres', 'SHOW server_version')}): `
      + `set postgresMajorVersion (PG_MAJOR) to at least ${pg.major}`);
    expect(calls().filter((c) => c.startsWith('s3'))).toEqual([]);
  }, 60_000);

  test('fails the dump when the database cannot be reached', () => {
    const job = runJob({ DB_NAME: 'no_such_db' });
    expect(job.status).not.toBe(0);
    expect(job.stderr).toMatch(/database "no_such_db" does not exist/);
    expect(objects()).toEqual([]);
  }, 60_000);

  test('fails the dump when the server certificate does not match the host', () => {
    const job = runJob({ DB_HOST: '127.0.0.1' });
    expect(job.status).not.toBe(0);
    expect(job.stderr).toMatch(/certificate|does not match host name/i);
    expect(objects()).toEqual([]);
  }, 60_000);
  describe('the restore drill (MODE=drill), on a second server standing for the drill instance', () => {
    let drill: LocalPostgres;
    let seed: string;
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

    /** The drill job against the drill server, on a copy of the bucket as the dump left it. */
    function runDrill(overrides: { [key: string]: string } = {}): SpawnSyncReturns<string> {
      fs.rmSync(awsDir, { recursive: true, force: true });
      fs.cpSync(seed, awsDir, { recursive: true });
      fs.rmSync(path.join(awsDir, 'calls.log'), { force: true });
      return runJob({
        MODE: 'drill',
        DB_PORT: String(drill.port),
        RDS_CA_BUNDLE: drill.certFile!,
        VERIFY_QUERY: 'SELECT count(*) FROM orders',
        MAX_AGE_SECONDS: '129600',
        SNAPSHOT_ID: 'rds:app-db-2026-12-04-05-00',
        SNAPSHOT_TIME: hoursAgo(2),
        DRILL_STARTED_AT: '2026-12-04T06:00:00Z',
        SNAPSHOT_RESTORED_AT: '2026-12-04T06:24:00Z',
        DRILL_INSTANCE_ID: 'app-db-drill-0a1b2c3d4e5f',
        DRILL_NAME: 'app-db-drill',
        METRIC_NAMESPACE: 'ebkit/RestoreDrill',
        REPORT_PREFIX: 'pg_dump/drill-reports/app/',
        ...overrides,
      }, undefined, true);
    }

    function report(): any {
      const key = objects().find((k) => k.startsWith('pg_dump/drill-reports/app/'));
      expect(key).toMatch(/^pg_dump\/drill-reports\/app\/\d{8}T\d{6}Z-app-db-drill-0a1b2c3d4e5f\.json$/);
      return JSON.parse(object(key!).toString('utf-8'));
    }

    function metrics(): Array<{ MetricName: string; Value: number; Unit: string; Namespace: string; Dimensions: unknown }> {
      const file = path.join(awsDir, 'metrics.jsonl');
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf-8').trim().split('\n').map((l) => JSON.parse(l)) : [];
    }

    function latestManifestKey(): string {
      return objects().filter((k) => k.endsWith('.manifest.json')).sort().pop()!;
    }

    beforeAll(() => {
      drill = LocalPostgres.start({ password: PASSWORD });
      // the latest dump, with its manifest
      const job = runJob({});
      expect(job.status).toBe(0);
      seed = path.join(dir, 'seed');
      fs.cpSync(awsDir, seed, { recursive: true });
      // "the snapshot restored into the drill instance": the same database, copied to the drill server
      drill.sql('postgres', 'CREATE DATABASE app');
      const copy = spawnSync('bash', ['-c', 'set -o pipefail; pg_dump -d app --no-owner | psql -X -q -v ON_ERROR_STOP=1 -d "host=localhost port=$DRILL_PORT dbname=app sslrootcert=$DRILL_CERT"'], {
        encoding: 'utf-8', env: { ...env, DRILL_PORT: String(drill.port), DRILL_CERT: drill.certFile! }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(copy.stderr).toBe('');
    }, 180_000);

    afterAll(() => {
      drill?.stop();
    });

    test('restores the latest dump next to the snapshot, matches every row count, publishes RTO and RPO, reports', () => {
      // WHEN
      const job = runDrill();
      // THEN
      expect({ status: job.status, stderr: job.stderr }).toEqual({ status: 0, stderr: '' });
      expect(job.stdout).toContain('restore drill passed');
      const manifest = JSON.parse(object(latestManifestKey()).toString('utf-8'));
      const r = report();
      expect(r).toMatchObject({
        drill: 'app-db-drill',
        drillInstance: 'app-db-drill-0a1b2c3d4e5f',
        database: 'app',
        passed: true,
        failures: [],
        maxRecoveryPointAgeSeconds: 129600,
        snapshot: { id: 'rds:app-db-2026-12-04-05-00', restoreSeconds: 24 * 60, rowCounts: manifest.rowCounts },
        dump: {
          manifestKey: latestManifestKey(),
          key: manifest.key,
          finishedAt: manifest.finishedAt,
          manifestRowCounts: manifest.rowCounts,
          rowCounts: manifest.rowCounts,
        },
      });
      expect(r.snapshot.ageSeconds).toBeGreaterThanOrEqual(7200);
      expect(r.dump.ageSeconds).toBeGreaterThanOrEqual(0);
      expect(r.dump.restoreSeconds).toBeGreaterThanOrEqual(0);
      // the restored dump is a database of its own on the drill instance, with the manifest's rows
      expect(drill.sql('ebkit_drill_dump', 'SELECT count(*) FROM events')).toBe('40000');
      expect(metrics().map((m) => [m.Namespace, m.MetricName, m.Unit, m.Dimensions])).toEqual([
        ['ebkit/RestoreDrill', 'SnapshotAgeSeconds', 'Seconds', [{ Name: 'Drill', Value: 'app-db-drill' }]],
        ['ebkit/RestoreDrill', 'SnapshotRestoreSeconds', 'Seconds', [{ Name: 'Drill', Value: 'app-db-drill' }]],
        ['ebkit/RestoreDrill', 'DumpAgeSeconds', 'Seconds', [{ Name: 'Drill', Value: 'app-db-drill' }]],
        ['ebkit/RestoreDrill', 'DumpRestoreSeconds', 'Seconds', [{ Name: 'Drill', Value: 'app-db-drill' }]],
        ['ebkit/RestoreDrill', 'DrillFailed', 'Count', [{ Name: 'Drill', Value: 'app-db-drill' }]],
      ]);
      expect(metrics().find((m) => m.MetricName === 'SnapshotRestoreSeconds')!.Value).toBe(1440);
      expect(metrics().find((m) => m.MetricName === 'DrillFailed')!.Value).toBe(0);
    }, 120_000);

    test('a restore that misses a table fails the drill', () => {
      // GIVEN a dump that restores without any error but lacks a table its manifest counts
      // (e.g. cut between two statements), with a matching sha256
      const manifestKey = latestManifestKey();
      const manifest = JSON.parse(fs.readFileSync(path.join(seed, 's3', 'backups', manifestKey), 'utf-8'));
      const short = spawnSync('bash', ['-c', 'set -o pipefail; pg_dump -d app --no-owner --no-privileges --exclude-table=events | gzip'], { env, maxBuffer: 256 * 1024 * 1024 });
      expect(short.status).toBe(0);
      const original = fs.readFileSync(path.join(seed, 's3', 'backups', manifest.key));
      fs.writeFileSync(path.join(seed, 's3', 'backups', manifest.key), short.stdout);
      fs.writeFileSync(path.join(seed, 's3', 'backups', manifestKey), JSON.stringify({
        ...manifest, size: short.stdout.length, sha256: crypto.createHash('sha256').update(short.stdout).digest('hex'),
      }));
      try {
        // WHEN
        const job = runDrill();
        // THEN
        expect(job.status).toBe(1);
        expect(job.stderr).toContain('DRILL FAILURE: the restored dump: table public.events (40000 rows in the manifest) is missing');
        expect(report()).toMatchObject({ passed: false, failures: ['the restored dump: table public.events (40000 rows in the manifest) is missing'] });
        expect(metrics().find((m) => m.MetricName === 'DrillFailed')!.Value).toBe(1);
      } finally {
        fs.writeFileSync(path.join(seed, 's3', 'backups', manifest.key), original);
        fs.writeFileSync(path.join(seed, 's3', 'backups', manifestKey), JSON.stringify(manifest));
      }
    }, 120_000);

    test('a row count that differs from the manifest fails the drill', () => {
      const manifestKey = latestManifestKey();
      const file = path.join(seed, 's3', 'backups', manifestKey);
      const manifest = JSON.parse(fs.readFileSync(file, 'utf-8'));
      fs.writeFileSync(file, JSON.stringify({ ...manifest, rowCounts: { ...manifest.rowCounts, 'public.orders': 501 } }));
      try {
        const job = runDrill();
        expect(job.status).toBe(1);
        expect(report().failures).toEqual(['the restored dump: table public.orders has 500 rows, the manifest 501']);
      } finally {
        fs.writeFileSync(file, JSON.stringify(manifest));
      }
    }, 120_000);

    test('a snapshot without a table of the dump fails the drill', () => {
      drill.sql('app', 'ALTER TABLE audit_empty RENAME TO audit_renamed');
      try {
        const job = runDrill();
        expect(job.status).toBe(1);
        expect(report().failures).toEqual(['the restored snapshot: table public.audit_empty (in the latest dump) is missing']);
      } finally {
        drill.sql('app', 'ALTER TABLE audit_renamed RENAME TO audit_empty');
      }
    }, 120_000);

    test('a recovery point older than the bound fails the drill', () => {
      const job = runDrill({ SNAPSHOT_TIME: hoursAgo(72) });
      expect(job.status).toBe(1);
      expect(report().failures).toEqual([expect.stringMatching(/^the snapshot rds:app-db-2026-12-04-05-00 is \d+ s old .*: older than the bound of 129600 s$/)]);
      expect(report().snapshot.ageSeconds).toBeGreaterThan(129600);
    }, 120_000);

    test('a check query that returns 0 fails the drill, on both restores', () => {
      const job = runDrill({ VERIFY_QUERY: "SELECT count(*) FROM orders WHERE item = 'no such item'" });
      expect(job.status).toBe(1);
      expect(report().failures).toEqual([
        "the restored snapshot: the check query returned '0' (nothing, 0 or false)",
        "the restored dump: the check query returned '0' (nothing, 0 or false)",
      ]);
    }, 120_000);

    test('a dump that does not match its manifest\'s sha256 fails the drill without restoring it', () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(seed, 's3', 'backups', latestManifestKey()), 'utf-8'));
      const file = path.join(seed, 's3', 'backups', manifest.key);
      const original = fs.readFileSync(file);
      const corrupt = Buffer.from(original);
      corrupt[corrupt.length - 20] = 255 - corrupt[corrupt.length - 20];
      fs.writeFileSync(file, corrupt);
      try {
        const job = runDrill();
        expect(job.status).toBe(1);
        expect(report().failures).toEqual([`the dump ${manifest.key} does not match the sha256 of its manifest`]);
      } finally {
        fs.writeFileSync(file, original);
      }
    }, 120_000);

    test('the latest dump is the newest with a manifest; without any, the drill fails', () => {
      // a newer dump without a manifest is never the latest
      const manifestKey = latestManifestKey();
      const manifest = JSON.parse(fs.readFileSync(path.join(seed, 's3', 'backups', manifestKey), 'utf-8'));
      const newer = manifest.key.replace(/\d{2}Z\.sql\.gz$/, '59Z.sql.gz').replace(/\/app-\d{8}T/, '/app-99991231T');
      fs.mkdirSync(path.dirname(path.join(seed, 's3', 'backups', newer)), { recursive: true });
      fs.writeFileSync(path.join(seed, 's3', 'backups', newer), 'not a dump');
      try {
        const job = runDrill();
        expect(job.status).toBe(0);
        expect(report().dump.key).toBe(manifest.key);
        // and with no manifest at all
        fs.renameSync(path.join(seed, 's3', 'backups', manifestKey), path.join(dir, 'manifest.bak'));
        const none = runDrill();
        expect(none.status).toBe(1);
        expect(report().failures).toEqual(['no dump with a manifest under s3://backups/pg_dump/app/']);
      } finally {
        fs.rmSync(path.join(seed, 's3', 'backups', newer));
        if (fs.existsSync(path.join(dir, 'manifest.bak'))) {
          fs.renameSync(path.join(dir, 'manifest.bak'), path.join(seed, 's3', 'backups', manifestKey));
        }
      }
    }, 120_000);
  });
});
