import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort, LocalPostgres, postgresBinDirs } from '../src/postgres';

const unavailable = LocalPostgres.unavailableReason();
const describeWithPostgres = unavailable === undefined ? describe : describe.skip;
if (unavailable) {
  // visible in the test output: a skipped suite must say why
  console.warn(`LocalPostgres tests skipped: ${unavailable}`);
}
const IS_ROOT = process.getuid?.() === 0;

describe('postgresBinDirs and freePort', () => {
  test('lists only directories with initdb and pg_ctl, newest first', () => {
    const dirs = postgresBinDirs();
    for (const dir of dirs) {
      expect(fs.existsSync(path.join(dir, 'initdb'))).toBe(true);
    }
    const majors = dirs.map((d) => Number(path.basename(path.dirname(d))));
    expect([...majors].sort((a, b) => b - a)).toEqual(majors);
  });

  test('gives a port nobody listens on', () => {
    const port = freePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
  });
});

describeWithPostgres('LocalPostgres', () => {
  test('serves TLS with password authentication on loopback and is gone after stop', () => {
    // WHEN
    const pg = LocalPostgres.start({ password: 'secret-1' });
    let dir: string;
    try {
      dir = pg.dir;
      // THEN
      expect(pg.sql('postgres', 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).toBe('t');
      expect(pg.sql('postgres', "SELECT current_setting('listen_addresses')")).toBe('localhost');
      expect(Math.floor(Number(pg.sql('postgres', 'SHOW server_version_num')) / 10000)).toBe(pg.major);
      // a wrong password is refused
      const wrong = spawnSync('psql', ['-X', '-At', '-c', 'SELECT 1'], { encoding: 'utf-8', env: { ...process.env, ...pg.env(), PGPASSWORD: 'wrong' } });
      expect(wrong.status).not.toBe(0);
      expect(wrong.stderr).toMatch(/password authentication failed/);
      // the data directory is outside the checkout and, as root, owned by the server user
      expect(dir.startsWith(process.cwd())).toBe(false);
      if (IS_ROOT) {
        const owner = spawnSync('stat', ['-c', '%U', path.join(dir, 'data')], { encoding: 'utf-8' }).stdout.trim();
        expect(owner).toBe('postgres');
      }
    } finally {
      pg.stop();
    }
    // AND after stop: nothing listens, nothing is left on disk
    expect(fs.existsSync(dir)).toBe(false);
    const after = spawnSync('psql', ['-X', '-At', '-c', 'SELECT 1'], { encoding: 'utf-8', env: { ...process.env, ...pg.env() } });
    expect(after.status).not.toBe(0);
    expect(after.stderr).toMatch(/connection refused|could not connect/i);
  }, 120_000);

  test('two servers run side by side on different ports', () => {
    const a = LocalPostgres.start({ tls: false });
    try {
      const b = LocalPostgres.start({ tls: false });
      try {
        expect(a.port).not.toBe(b.port);
        a.sql('postgres', 'CREATE DATABASE only_in_a');
        expect(a.sql('postgres', "SELECT count(*) FROM pg_database WHERE datname = 'only_in_a'")).toBe('1');
        expect(b.sql('postgres', "SELECT count(*) FROM pg_database WHERE datname = 'only_in_a'")).toBe('0');
      } finally {
        b.stop();
      }
    } finally {
      a.stop();
    }
  }, 120_000);

  // The regression of issue 13: as root, from a directory the postgres user cannot enter.
  (IS_ROOT ? test : test.skip)('starts as root from a private (mode 700) working directory', () => {
    const privateDir = fs.mkdtempSync(path.join(os.homedir(), 'ebkit-private-'));
    fs.chmodSync(privateDir, 0o700);
    const cwd = process.cwd();
    process.chdir(privateDir);
    try {
      const denied = spawnSync('runuser', ['-u', 'postgres', '--', 'ls', privateDir], { encoding: 'utf-8' });
      expect(denied.status).not.toBe(0); // the planted condition holds: postgres cannot enter it
      const pg = LocalPostgres.start();
      try {
        expect(pg.sql('postgres', 'SELECT 40 + 2')).toBe('42');
      } finally {
        pg.stop();
      }
    } finally {
      process.chdir(cwd);
      fs.rmSync(privateDir, { recursive: true, force: true });
    }
  }, 120_000);

  test('refuses a major version that is not installed', () => {
    expect(() => LocalPostgres.start({ major: 3 })).toThrow(/PostgreSQL 3 is not installed/);
  });
});
