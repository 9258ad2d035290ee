import { userInfo } from 'node:os';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { InputError } from '../errors.ts';

export interface PostgresStoreOptions {
  url: string;
  /**
   * The node's own schema: created if missing and set as the session's search_path, so a node's
   * unqualified queries (and its migration tables) land there unchanged. One schema per node keeps
   * "nodes never read each other's tables" true in one database, as separate databases would.
   */
  schema?: string;
  /** Connections in the pool. A node handles one message at a time: 2 (transaction + relay) is plenty. */
  poolSize?: number;
  /** Shows in pg_stat_activity.application_name (operators, and the tests that drop our connections). */
  applicationName?: string;
  /** How long to keep retrying a connection the server refuses (restart, too many clients), in ms. */
  connectRetryMs?: number;
  onError?: (err: Error) => void;
}

/** As libpq does: no user in the URL nor PGUSER means the operating-system user (pg itself reads only $USER). */
export function withUser(url: string): string {
  const u = new URL(url);
  if (u.username || process.env.PGUSER || process.env.USER) return url;
  u.username = userInfo().username;
  return u.toString();
}

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;

/** Errors that mean the connection, not the statement, failed: worth a new connection and a retry. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  // 57P01 admin_shutdown (pg_terminate_backend), 57P02 crash_shutdown, 57P03 cannot_connect_now,
  // 53300 too_many_connections, class 08 connection exceptions.
  if (e.code && (/^(57P0[123]|53300|08\d{3})$/.test(e.code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(e.code))) return true;
  return /Connection terminated|terminating connection|Client has encountered a connection error/.test(e.message ?? '');
}

/**
 * A PostgreSQL pool for one node. Connection failures are survived two ways: a dropped connection
 * is discarded (the statement in flight fails, its transaction rolls back whole, and the message is
 * redelivered by the bus with backoff); opening a connection that the server refuses is retried with
 * exponential backoff up to `connectRetryMs`.
 */
export function openPostgres<DB = any>(o: PostgresStoreOptions): { db: Kysely<DB>; close: () => Promise<void> } {
  if (o.schema !== undefined && !schemaName.test(o.schema)) throw new InputError(`schema name '${o.schema}' must be lower-case letters, digits and _ (at most 63)`);
  const onError = o.onError ?? (() => {});
  // Every client listens for errors from birth: a connection killed while connecting, idle or checked
  // out between two statements would otherwise raise an unhandled 'error' and end the process.
  class GuardedClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      this.on('error', onError);
    }
  }
  const pool = new pg.Pool({
    Client: GuardedClient,
    connectionString: withUser(o.url),
    max: o.poolSize ?? 2,
    application_name: o.applicationName ?? (o.schema ? `scomm:${o.schema}` : 'scomm'),
    ...(o.schema ? { options: `-c search_path=${o.schema}` } : {}),
  });
  pool.on('error', onError);
  const retryMs = o.connectRetryMs ?? 30_000;
  const raw = async (): Promise<pg.PoolClient> => {
    const t0 = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await pool.connect();
      } catch (err) {
        if (!isConnectionError(err) || Date.now() - t0 > retryMs) throw err;
        onError(err as Error);
        await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      }
    }
  };
  // The schema is created on first use, so opening a store stays synchronous.
  let ready: Promise<void> | undefined;
  const connect = async (): Promise<pg.PoolClient> => {
    if (o.schema) {
      ready ??= ensureSchema(raw, o.schema).catch((err) => {
        ready = undefined;
        throw err;
      });
      await ready;
    }
    return raw();
  };
  const wrapped: PostgresPool = { connect, end: () => pool.end() };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: wrapped }) });
  return { db, close: () => db.destroy() };
}

async function ensureSchema(connect: () => Promise<pg.PoolClient>, schema: string): Promise<void> {
  const client = await connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (err) {
    // Two processes creating the same schema at once: one wins, the other sees a duplicate.
    if (!['42P06', '23505'].includes((err as { code?: string }).code ?? '')) throw err;
  } finally {
    client.release();
  }
}

/** Drops schemas whose name starts with the prefix (a finished `scomm up` run, a test). */
export async function dropSchemas(url: string, prefix: string): Promise<number> {
  if (!schemaName.test(prefix)) throw new InputError(`schema prefix '${prefix}' must be lower-case letters, digits and _`);
  const client = new pg.Client({ connectionString: withUser(url) });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`, [prefix]);
    for (const r of rows) await client.query(`DROP SCHEMA IF EXISTS ${r.nspname} CASCADE`);
    return rows.length;
  } finally {
    await client.end();
  }
}

/** Connects once, briefly, to say at start whether the server is there (a node then retries on its own). */
export async function checkPostgres(url: string, timeoutMs = 5000): Promise<void> {
  const client = new pg.Client({ connectionString: withUser(url), connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}
