import { AddressInfo } from 'node:net';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sample = require(path.join(__dirname, '..', 'sample-app', 'app.js'));

async function get(server: any, urlPath: string): Promise<{ status: number; body: any }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}${urlPath}`);
    return { status: res.status, body: await res.json() };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('sample app', () => {
  test('/health answers 200 when the database answers', async () => {
    // GIVEN
    const server = sample.createServer({ checkDatabase: async () => undefined, version: 'v1' });
    // WHEN
    const res = await get(server, '/health');
    // THEN
    expect(res).toEqual({ status: 200, body: { status: 'ok', database: 'ok', version: 'v1' } });
  });

  test('/health answers 503 when the database does not', async () => {
    const server = sample.createServer({
      checkDatabase: async () => {
        throw new Error('connection refused');
      },
    });
    const res = await get(server, '/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'unhealthy', database: 'unreachable', error: 'connection refused' });
  });

  test('/health says when no database is configured', async () => {
    const res = await get(sample.createServer({}), '/health');
    expect(res).toMatchObject({ status: 200, body: { database: 'not configured' } });
  });

  test('unknown paths answer 404 and / answers 200', async () => {
    expect((await get(sample.createServer({}), '/nope')).status).toBe(404);
    expect((await get(sample.createServer({}), '/?a=b')).status).toBe(200);
  });

  test('reads the database settings Elastic Beanstalk passes, with the secret as JSON', () => {
    const config = sample.databaseConfig({
      DB_HOST: 'db.example.internal',
      DB_PORT: '5433',
      DB_NAME: 'app',
      DB_SECRET: JSON.stringify({ username: 'postgres', password: 'p' }),
    });
    expect(config).toMatchObject({ host: 'db.example.internal', port: 5433, database: 'app', user: 'postgres', password: 'p' });
    expect(config.ssl).toEqual({ rejectUnauthorized: false });
  });

  test('takes a DATABASE_URL for local runs', () => {
    expect(sample.databaseConfig({ DATABASE_URL: 'postgres://app@127.0.0.1:5432/app' })).toEqual({
      connectionString: 'postgres://app@127.0.0.1:5432/app',
      connectionTimeoutMillis: 3000,
    });
  });

  test('has no database without DB_HOST', () => {
    expect(sample.databaseConfig({})).toBeUndefined();
  });

  test('fails when DB_SECRET is not JSON', () => {
    expect(() => sample.databaseConfig({ DB_HOST: 'h', DB_SECRET: 'plain' })).toThrow(/DB_SECRET is not the JSON secret/);
  });

  test('the check runs SELECT 1 and always closes the connection', async () => {
    const calls: string[] = [];
    class FakeClient {
      constructor(public readonly config: any) {}
      async connect() { calls.push('connect'); }
      async query(sql: string) { calls.push(sql); }
      async end() { calls.push('end'); }
    }
    await sample.postgresCheck({ host: 'h' }, FakeClient)();
    expect(calls).toEqual(['connect', 'SELECT 1', 'end']);

    class FailingClient extends FakeClient {
      async connect() { throw new Error('refused'); }
    }
    calls.length = 0;
    await expect(sample.postgresCheck({ host: 'h' }, FailingClient)()).rejects.toThrow('refused');
    expect(calls).toEqual(['end']);
  });
});
