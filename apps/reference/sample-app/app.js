'use strict';
// The sample application: an HTTP server whose /health endpoint checks the
// database connection described by the environment Elastic Beanstalk gives it.
const http = require('node:http');

/**
 * Reads the database settings that the reference architecture passes to the
 * environment: DB_HOST, DB_PORT, DB_NAME as plain variables and DB_SECRET as an
 * Elastic Beanstalk environment secret (the Secrets Manager JSON with username
 * and password). Returns undefined when the app runs without a database.
 */
function databaseConfig(env) {
  if (env.DATABASE_URL) {
    // a local run (e.g. `ebkit-cost loadtest --start-postgres --app ...`) passes one URL instead
    return {
      connectionString: env.DATABASE_URL,
      connectionTimeoutMillis: Number(env.DB_CONNECT_TIMEOUT_MS || 3000),
    };
  }
  if (!env.DB_HOST) {
    return undefined;
  }
  let credentials = {};
  if (env.DB_SECRET) {
    try {
      credentials = JSON.parse(env.DB_SECRET);
    } catch (e) {
      throw new Error('DB_SECRET is not the JSON secret that Secrets Manager holds for the database');
    }
  }
  const ssl = env.DB_SSL === 'disable'
    ? false
    : env.DB_SSL_CA_FILE
      ? { ca: require('node:fs').readFileSync(env.DB_SSL_CA_FILE, 'utf8') }
      // RDS enforces TLS (rds.force_ssl=1): encrypt; verify the server when DB_SSL_CA_FILE points at the RDS CA bundle.
      : { rejectUnauthorized: false };
  return {
    host: env.DB_HOST,
    port: Number(env.DB_PORT || 5432),
    database: env.DB_NAME || credentials.dbname || 'app',
    user: env.DB_USER || credentials.username,
    password: env.DB_PASSWORD || credentials.password,
    ssl,
    connectionTimeoutMillis: Number(env.DB_CONNECT_TIMEOUT_MS || 3000),
  };
}

/** Checks the database with `SELECT 1` over a fresh connection. */
function postgresCheck(config, Client = require('pg').Client) {
  return async () => {
    const client = new Client(config);
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => undefined);
    }
  };
}

/**
 * Creates the HTTP server.
 * @param {{ checkDatabase?: () => Promise<void>, version?: string }} options
 */
function createServer(options = {}) {
  const version = options.version || process.env.APP_VERSION || 'dev';
  return http.createServer(async (req, res) => {
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url || '/').split('?')[0];
    if (path === '/health') {
      if (!options.checkDatabase) {
        return send(200, { status: 'ok', database: 'not configured', version });
      }
      try {
        await options.checkDatabase();
        return send(200, { status: 'ok', database: 'ok', version });
      } catch (e) {
        return send(503, { status: 'unhealthy', database: 'unreachable', error: String(e && e.message || e), version });
      }
    }
    if (path === '/') {
      return send(200, { message: 'Hello from the ebkit sample app', version });
    }
    return send(404, { error: 'not found' });
  });
}

module.exports = { createServer, databaseConfig, postgresCheck };
