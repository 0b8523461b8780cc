import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A throwaway PostgreSQL server for tests: the system's PostgreSQL (Debian's
 * `postgresql` package, binaries in `/usr/lib/postgresql/<major>/bin`), started
 * on loopback on a free port with password (scram-sha-256) authentication and,
 * by default, TLS with a fresh self-signed certificate for `localhost`.
 *
 * Everything the server touches (data directory, socket directory, log,
 * certificate, password file) lives under a fresh `mkdtemp` directory in the
 * system temp directory, never under the checkout. As root, the server runs as
 * the `postgres` user (PostgreSQL refuses to run as root): that directory is
 * then owned by `postgres`, the commands run with it as working directory and
 * only system binaries are executed, so a checkout in a private directory
 * (e.g. a mode-700 home of root, as in many CI containers) does not matter.
 */

/** Options of `LocalPostgres.start`. */
export interface LocalPostgresOptions {
  /** Serve TLS with a self-signed certificate for `localhost` (default true). */
  readonly tls?: boolean;
  /** The password of the `postgres` superuser (default a random one). */
  readonly password?: string;
  /** A PostgreSQL major version to use, when several are installed (default the newest). */
  readonly major?: number;
}

/** The directories holding PostgreSQL server binaries, newest major version first. */
export function postgresBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) {
    return [];
  }
  return fs.readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((name) => path.join(root, name, 'bin'))
    .filter((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')));
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** A free TCP port on loopback (asked of the kernel: listen on port 0, read it, close). */
export function freePort(): number {
  const probe = spawnSync(process.execPath, ['-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();})"],
  { encoding: 'utf-8' });
  const port = Number(probe.stdout);
  if (probe.status !== 0 || !Number.isInteger(port) || port <= 0) {
    throw new Error(`could not find a free port: ${probe.stderr}`);
  }
  return port;
}

function check(what: string, result: SpawnSyncReturns<string>): string {
  if (result.error || result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status}${result.error ? `, ${result.error.message}` : ''}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
  return result.stdout;
}

/** A running local PostgreSQL server; `stop()` it (tests: in `afterAll`). */
export class LocalPostgres {
  /**
   * Why a server cannot be started here, or undefined when it can: the
   * server binaries, `psql` and (for TLS) `openssl` must be installed, and as
   * root the `postgres` user must exist and `runuser` be available.
   */
  public static unavailableReason(options: LocalPostgresOptions = {}): string | undefined {
    if (postgresBinDirs().length === 0) {
      return 'no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)';
    }
    if (!has('psql')) {
      return 'psql is not on PATH';
    }
    if ((options.tls ?? true) && !has('openssl')) {
      return 'openssl is not on PATH';
    }
    if (isRoot() && (!has('runuser') || spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' }).status !== 0)) {
      return 'running as root needs runuser and a postgres user to run the server as';
    }
    return undefined;
  }

  /** Starts a server; throws with the server's log when it does not come up. */
  public static start(options: LocalPostgresOptions = {}): LocalPostgres {
    const reason = LocalPostgres.unavailableReason(options);
    if (reason) {
      throw new Error(`cannot start a local PostgreSQL: ${reason}`);
    }
    const dirs = postgresBinDirs();
    const binDir = options.major !== undefined ? dirs.find((d) => d.endsWith(`/${options.major}/bin`)) : dirs[0];
    if (!binDir) {
      throw new Error(`PostgreSQL ${options.major} is not installed (found ${dirs.join(', ')})`);
    }
    // fs.realpathSync: on some systems the temp directory is a symlink; PostgreSQL wants real paths
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(isRoot() ? '/tmp' : os.tmpdir(), 'ebkit-pg-')));
    const server = new LocalPostgres(binDir, dir, options.password ?? `pw-${process.pid}-${Math.random().toString(36).slice(2)}`, options.tls ?? true);
    try {
      server.init();
      let lastError: unknown;
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          server.launch(freePort());
          return server;
        } catch (e) {
          lastError = e; // the port was taken between probing and listening: try another one
        }
      }
      throw lastError;
    } catch (e) {
      server.stop();
      throw e;
    }
  }

  /** The host to connect to (matches the TLS certificate). */
  public readonly host = 'localhost';
  /** The superuser. */
  public readonly user = 'postgres';
  /** The port the server listens on (set once started). */
  public port = 0;
  /** The major version of the server, e.g. 15. */
  public readonly major: number;
  /** The certificate the server presents (also its CA), when TLS is on. */
  public readonly certFile?: string;

  private readonly dataDir: string;
  private running = false;

  private constructor(
    /** The directory of the server binaries. */
    public readonly binDir: string,
    /** The temporary directory that holds everything of this server. */
    public readonly dir: string,
    /** The superuser's password. */
    public readonly password: string,
    private readonly tls: boolean,
  ) {
    this.major = Number(path.basename(path.dirname(binDir)));
    this.dataDir = path.join(dir, 'data');
    if (tls) {
      this.certFile = path.join(dir, 'server.crt');
    }
  }

  /**
   * The libpq environment of a client of this server (`PGHOST`, `PGPORT`,
   * `PGUSER`, `PGPASSWORD`, `PGDATABASE` and, with TLS, `PGSSLMODE=verify-full`).
   */
  public env(database = 'postgres'): { [key: string]: string } {
    const env: { [key: string]: string } = {
      PGHOST: this.host,
      PGPORT: String(this.port),
      PGUSER: this.user,
      PGPASSWORD: this.password,
      PGDATABASE: database,
      PGCONNECT_TIMEOUT: '10',
    };
    if (this.certFile) {
      env.PGSSLMODE = 'verify-full';
      env.PGSSLROOTCERT = this.certFile;
    } else {
      env.PGSSLMODE = 'disable';
    }
    return env;
  }

  /** Runs SQL with psql (`ON_ERROR_STOP`, unaligned, tuples only) and returns its trimmed output. */
  public sql(database: string, statement: string): string {
    return check(`psql -d ${database}`, spawnSync('psql', ['-X', '-v', 'ON_ERROR_STOP=1', '-At', '-d', database, '-c', statement], {
      encoding: 'utf-8',
      env: { ...process.env, ...this.env(database) },
      cwd: this.dir,
    })).trim();
  }

  /** Stops the server (immediately) and removes its directory. Safe to call twice. */
  public stop(): void {
    if (this.running) {
      this.asServerUser(path.join(this.binDir, 'pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
      this.running = false;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private init(): void {
    fs.chmodSync(this.dir, 0o700);
    const pwfile = path.join(this.dir, 'pwfile');
    fs.writeFileSync(pwfile, `${this.password}\n`, { mode: 0o600 });
    if (this.tls) {
      check('openssl req', spawnSync('openssl', ['req', '-new', '-x509', '-days', '2', '-nodes', '-subj', '/CN=localhost',
        '-addext', 'subjectAltName=DNS:localhost',
        '-keyout', path.join(this.dir, 'server.key'), '-out', this.certFile!], { encoding: 'utf-8', cwd: this.dir }));
      fs.chmodSync(path.join(this.dir, 'server.key'), 0o600);
      fs.chmodSync(this.certFile!, 0o644);
    }
    if (isRoot()) {
      // the server user owns its directory; others (the tests, as root) may still enter it to read the certificate
      check('chown', spawnSync('chown', ['-R', 'postgres:', this.dir], { encoding: 'utf-8' }));
      fs.chmodSync(this.dir, 0o711);
    }
    this.asServerUser(path.join(this.binDir, 'initdb'), ['-D', this.dataDir, '-U', this.user, '--auth=scram-sha-256',
      `--pwfile=${pwfile}`, '--no-sync', '--encoding=UTF8', '--locale=C']);
    fs.rmSync(pwfile);
  }

  private launch(port: number): void {
    const options = [`-p ${port}`, `-k ${this.dir}`, '-c listen_addresses=localhost', '-c fsync=off', '-c full_page_writes=off',
      '-c max_connections=30'];
    if (this.tls) {
      options.push('-c ssl=on', `-c ssl_cert_file=${this.certFile}`, `-c ssl_key_file=${path.join(this.dir, 'server.key')}`);
    }
    this.asServerUser(path.join(this.binDir, 'pg_ctl'), ['-D', this.dataDir, '-w', '-t', '60', '-l', path.join(this.dir, `server-${port}.log`),
      '-o', options.join(' '), 'start']);
    this.port = port;
    this.running = true;
  }

  private asServerUser(command: string, args: string[]): string {
    const [cmd, cmdArgs] = isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    try {
      return check(path.basename(command), spawnSync(cmd, cmdArgs, { encoding: 'utf-8', cwd: this.dir, timeout: 120_000 }));
    } catch (e) {
      const logs = fs.existsSync(this.dir) ? fs.readdirSync(this.dir).filter((f) => f.endsWith('.log')) : [];
      const tail = logs.map((f) => fs.readFileSync(path.join(this.dir, f), 'utf-8').slice(-2000)).join('\n');
      throw new Error(`${(e as Error).message}${tail ? `\nserver log:\n${tail}` : ''}`);
    }
  }
}
