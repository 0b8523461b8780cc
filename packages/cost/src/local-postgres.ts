import { execFileSync, spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface LocalPostgresOptions {
  /** Directory holding initdb, pg_ctl and postgres. @default - $PG_BIN, else the newest /usr/lib/postgresql/<v>/bin, else initdb on the PATH */
  readonly binDir?: string;
  /** Port on 127.0.0.1. @default - a free port */
  readonly port?: number;
  /** User (superuser) and database created. @default 'app' */
  readonly user?: string;
}

/** A PostgreSQL server started on loopback for a local load test. */
export interface LocalPostgres {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** postgres://user@127.0.0.1:port/database */
  readonly url: string;
  readonly dataDir: string;
  /** Environment variables for an app: DATABASE_URL and PGHOST/PGPORT/PGUSER/PGDATABASE. */
  readonly env: Record<string, string>;
  /** Stops the server and deletes its data directory. */
  stop(): void;
}

/** The PostgreSQL binaries directory, or undefined when none is installed. */
export function findPostgresBinDir(): string | undefined {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    candidates.push(...fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a)).map((v) => path.join(debian, v, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(path.delimiter));
  return candidates.find((dir) => dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')));
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throwaway PostgreSQL server on 127.0.0.1 (trust authentication, loopback only) with the
 * distribution's binaries. PostgreSQL refuses to run as root: as root it runs as the `postgres` user.
 *
 * @throws when no PostgreSQL server is installed
 */
export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const binDir = options.binDir ?? findPostgresBinDir();
  if (!binDir) {
    throw new Error('no PostgreSQL server found: install the postgresql package (Debian: apt-get install postgresql) or set PG_BIN');
  }
  const port = options.port ?? await freePort();
  const user = options.user ?? 'app';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(binDir, cmd), ...args]] : [path.join(binDir, cmd), args];
    execFileSync(file, argv, { stdio: 'pipe' });
  };
  if (asRoot) execFileSync('chown', ['postgres', dataDir]);
  const pgdata = path.join(dataDir, 'data');
  const stop = () => {
    try {
      run('pg_ctl', ['-D', pgdata, '-m', 'fast', '-w', 'stop']);
    } catch {
      // already stopped
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', pgdata, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync']);
    run('pg_ctl', ['-D', pgdata, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '60', '-o',
      `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  } catch (e) {
    const log = fs.existsSync(path.join(dataDir, 'server.log')) ? fs.readFileSync(path.join(dataDir, 'server.log'), 'utf-8') : '';
    stop();
    throw new Error(`cannot start PostgreSQL from ${binDir}: ${(e as Error).message.split('\n')[0]}${log ? `\n${log}` : ''}`);
  }
  const database = 'postgres';
  const url = `postgres://${user}@127.0.0.1:${port}/${database}`;
  return {
    host: '127.0.0.1',
    port,
    user,
    database,
    url,
    dataDir,
    stop,
    env: { DATABASE_URL: url, PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: user, PGDATABASE: database },
  };
}

/** An app process started for a load test. */
export interface AppProcess {
  readonly process: ChildProcess;
  /** Output of the app so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts an app with a shell command and waits until `url` answers (any HTTP status).
 * PORT is set from the URL; `env` is added to the environment (e.g. a local PostgreSQL's).
 */
export async function startApp(command: string, url: string, env: Record<string, string> = {}, timeoutMs: number = 60000): Promise<AppProcess> {
  const port = new URL(url).port || '80';
  const child = spawn(command, { shell: true, env: { ...process.env, PORT: port, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout?.on('data', (d) => { out += d; });
  child.stderr?.on('data', (d) => { out += d; });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const app: AppProcess = {
    process: child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, 'SIGTERM'); // the shell and the app it started
        } catch {
          // already gone
        }
        await exited;
      }
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await app.stop();
      throw new Error(`the app (${command}) ${child.exitCode !== null ? `exited with code ${child.exitCode}` : `did not answer ${url} within ${timeoutMs} ms`}\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return app;
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(true); });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => { req.destroy(); resolve(false); });
  });
}
