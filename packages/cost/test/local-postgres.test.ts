import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import { findPostgresBinDir, freePort, startApp, startLocalPostgres } from '../src/local-postgres';

const installed = findPostgresBinDir() !== undefined;

describe('startLocalPostgres', () => {
  // the machines this runs on have Debian's postgresql package; elsewhere the test is reported as skipped
  (installed ? test : test.skip)('starts a real PostgreSQL on loopback that a client can use, and removes it on stop', async () => {
    // GIVEN
    const pg = await startLocalPostgres();
    let version = '';
    try {
      // WHEN
      const client = new Client({ connectionString: pg.url });
      await client.connect();
      version = (await client.query('SHOW server_version')).rows[0].server_version;
      await client.end();
    } finally {
      pg.stop();
    }
    // THEN
    expect([pg.host, pg.env.DATABASE_URL, version]).toEqual(['127.0.0.1', pg.url, expect.stringMatching(/^\d+/)]);
    expect(fs.existsSync(pg.dataDir)).toBe(false);
  }, 60000);

  test('fails with a clear message when no server is installed', async () => {
    await expect(startLocalPostgres({ binDir: '' })).rejects.toThrow(/no PostgreSQL server found: install the postgresql package/);
  });

  test('fails with the server log when the binaries cannot start a server', async () => {
    await expect(startLocalPostgres({ binDir: '/nonexistent-bin' })).rejects.toThrow(/cannot start PostgreSQL from \/nonexistent-bin/);
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
