import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LocalPostgres } from '@ebkit/testing';
import { pgClientBuildSpec } from '../../src/private/pg-client-buildspec';

/**
 * The pg_dump job's script against a real PostgreSQL server on loopback (with
 * TLS and password authentication), with the `aws` CLI replaced by a stub
 * that keeps "S3" in a directory: dump, restore the dump the way the README's
 * runbook says, and verify the restore the way the restore drill does.
 * Skipped when the PostgreSQL server binaries are not installed (`LocalPostgres.unavailableReason`).
 */

const unavailable = LocalPostgres.unavailableReason();
const HAS_TOOLS = unavailable === undefined && ['pg_dump', 'gzip', 'jq'].every((tool) => spawnSync('which', [tool]).status === 0);
const describeWithPostgres = HAS_TOOLS ? describe : describe.skip;

const PASSWORD = 'drill-pass-123';

const AWS_STUB = `#!/usr/bin/env bash
set -euo pipefail
case "$1 $2" in
  "secretsmanager get-secret-value") echo '{"username":"postgres","password":"${PASSWORD}"}' ;;
  "s3 cp") key="\${4#s3://}"; mkdir -p "$FAKE_S3/$(dirname "$key")"; cat > "$FAKE_S3/$key"; echo "$4" > "$FAKE_S3/last-key" ;;
  "s3api head-object") stat -c %s "$FAKE_S3/$4/$6" ;;
  *) echo "unexpected aws call: $*" >&2; exit 2 ;;
esac
`;

describeWithPostgres('the pg_dump job script against a real PostgreSQL', () => {
  let pg: LocalPostgres;
  let dir: string;
  let s3: string;
  let env: NodeJS.ProcessEnv;

  function sql(database: string, statement: string): string {
    return pg.sql(database, statement);
  }

  function runJob(overrides: { [key: string]: string }): SpawnSyncReturns<string> {
    const script = pgClientBuildSpec().phases.build.commands.join('\n');
    return spawnSync('bash', ['-c', script], {
      encoding: 'utf-8',
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: dir,
      env: {
        PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
        FAKE_S3: s3,
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

  beforeAll(() => {
    pg = LocalPostgres.start({ password: PASSWORD });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-pgdump-'));
    s3 = path.join(dir, 's3');
    fs.mkdirSync(s3);
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'bin', 'aws'), AWS_STUB, { mode: 0o755 });
    env = { ...process.env, ...pg.env() };
    sql('postgres', 'CREATE DATABASE app');
    sql('app', "CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL); INSERT INTO orders (item) SELECT 'item ' || n FROM generate_series(1, 500) n");
  }, 120_000);

  afterAll(() => {
    pg?.stop();
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('dumps over TLS to a gzip file under a timestamped key, restorable with psql as the runbook says', () => {
    // WHEN
    const job = runJob({});
    // THEN
    expect({ status: job.status, stderr: job.stderr }).toEqual({ status: 0, stderr: expect.not.stringMatching(/error|fatal/i) });
    const url = fs.readFileSync(path.join(s3, 'last-key'), 'utf-8').trim();
    expect(url).toMatch(/^s3:\/\/backups\/pg_dump\/app\/\d{4}\/\d{2}\/\d{2}\/app-\d{8}T\d{6}Z\.sql\.gz$/);
    expect(job.stdout).toContain(`dump written to ${url}`);
    const file = path.join(s3, url.replace('s3://', ''));
    expect(fs.readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));

    // the runbook: createdb, then gunzip | psql
    sql('postgres', 'CREATE DATABASE app_restored');
    const restore = spawnSync('bash', ['-c', `set -o pipefail; gunzip -c "${file}" | psql -v ON_ERROR_STOP=1 -q -d app_restored`], { encoding: 'utf-8', env, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(restore.status).toBe(0);
    expect(sql('app_restored', 'SELECT count(*) FROM orders')).toBe('500');
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
  }, 60_000);

  test('fails the dump when the server certificate does not match the host', () => {
    const job = runJob({ DB_HOST: '127.0.0.1' });
    expect(job.status).not.toBe(0);
    expect(job.stderr).toMatch(/certificate|does not match host name/i);
  }, 60_000);
});
