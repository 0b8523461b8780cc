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
 * Skipped when the PostgreSQL server binaries are not installed (`LocalPostgres.unavailableReason`).
 */

const unavailable = LocalPostgres.unavailableReason();
const HAS_TOOLS = unavailable === undefined && ['pg_dump', 'gzip', 'jq', 'sha256sum'].every((tool) => spawnSync('which', [tool]).status === 0);
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

  function runJob(overrides: { [key: string]: string }, wrapper?: string): SpawnSyncReturns<string> {
    const script = pgClientBuildSpec().phases.build.commands.join('\n');
    fs.rmSync(awsDir, { recursive: true, force: true });
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
        VERIFY_QUERY: "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
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

  test('verifies a restored database the way the restore drill does', () => {
    sql('postgres', 'CREATE DATABASE app_verified');
    sql('app_verified', 'CREATE TABLE t (x int)');
    const job = runJob({ MODE: 'verify', DB_NAME: 'app_verified' });
    expect(job.status).toBe(0);
    expect(job.stdout).toContain('verification query returned: 1');
  }, 60_000);

  test('fails the verification of an empty database', () => {
    sql('postgres', 'CREATE DATABASE app_empty');
    const job = runJob({ MODE: 'verify', DB_NAME: 'app_empty' });
    expect(job.status).toBe(1);
    expect(job.stderr).toMatch(/verification failed: empty result/);
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
});
