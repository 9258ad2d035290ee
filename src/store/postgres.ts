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
  /**
   * Inside a transaction, hold writes that return nothing (INSERT, UPDATE, DELETE without
   * RETURNING) and BEGIN, and send them with the next statement that needs an answer (at the
   * latest COMMIT) in one round trip. For callers that never read a held write's affected-row
   * count (reported as 0): an agency node's transactions. A held write that fails, fails that
   * later statement, and so the transaction.
   */
  pipelineWrites?: boolean;
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
  const Client = o.pipelineWrites ? pipelined(GuardedClient) : GuardedClient;
  const pool = new pg.Pool({
    Client,
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

/**
 * A client that holds a transaction's BEGIN and its writes without RETURNING and sends them, their
 * parameters written in as literals, in one simple-protocol query with the next statement that
 * returns something (see PostgresStoreOptions.pipelineWrites). A node's message was 5-7 round trips
 * (BEGIN, inbox, the handler's statements, outbox, COMMIT), each a socket write and wakeup on both
 * sides, which were most of the message's CPU; it becomes one per read, plus one.
 */
function pipelined(Base: typeof pg.Client): typeof pg.Client {
  return class PipelinedClient extends Base {
    /** Statements not sent yet, in order. */
    private held: string[] = [];
    /** Inside a transaction whose BEGIN the server has seen. */
    private begun = false;

    // pg's other overloads (config objects, callbacks, cursors) pass through; kysely calls (text, values).
    override query(...args: any[]): any {
      const [text, values] = args;
      if (typeof text !== 'string' || args.length > 2) return (super.query as (...a: any[]) => any)(...args);
      const verb = /^\s*(\w+)/.exec(text)?.[1].toLowerCase();
      if (verb === 'begin' || verb === 'start') {
        this.held = [inlineParameters(text, values)];
        this.begun = false;
        return Promise.resolve(heldResult('BEGIN'));
      }
      const inTransaction = this.begun || this.held.length > 0;
      if (!inTransaction) return super.query(text, values);
      if (verb === 'rollback') {
        const begun = this.begun;
        this.held = [];
        this.begun = false;
        // BEGIN never sent: the server has no transaction to roll back.
        return begun ? super.query(text, values) : Promise.resolve(heldResult('ROLLBACK'));
      }
      if ((verb === 'insert' || verb === 'update' || verb === 'delete') && !/\breturning\b/i.test(text)) {
        this.held.push(inlineParameters(text, values));
        return Promise.resolve(heldResult(verb.toUpperCase()));
      }
      const ends = verb === 'commit';
      if (this.held.length === 0) {
        this.begun = !ends;
        return super.query(text, values);
      }
      const batch = [...this.held, inlineParameters(text, values)].join(';\n');
      this.held = [];
      this.begun = !ends;
      return (super.query(batch) as unknown as Promise<pg.QueryResult | pg.QueryResult[]>).then(
        (r) => (Array.isArray(r) ? r[r.length - 1] : r),
        (err: unknown) => {
          // The transaction failed on the server; kysely's ROLLBACK follows and is sent as it is.
          this.begun = !ends;
          throw err;
        },
      );
    }
  } as unknown as typeof pg.Client;
}

function heldResult(command: string): pg.QueryResult {
  return { command, rowCount: 0, rows: [], fields: [], oid: 0 };
}

/**
 * $1, $2 ... of a statement replaced by its values as literals, each as pg would send it (the same
 * text, of unknown type, so PostgreSQL resolves its type from the context as for a parameter).
 * Quoted identifiers and string literals are copied unchanged.
 */
function inlineParameters(text: string, values: unknown[] | undefined): string {
  if (!values || values.length === 0) return text;
  return text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (token, n?: string) => {
    if (n === undefined) return token;
    const i = Number(n) - 1;
    if (i < 0 || i >= values.length) throw new Error(`statement refers to parameter $${n} of ${values.length}`);
    return literal(values[i]);
  });
}

/** pg's own conversion of a parameter to its text (dates, arrays, JSON), which its typings leave out. */
const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): string | Buffer | null } }).utils.prepareValue;

/**
 * A string literal, as pg.escapeLiteral writes it (quotes doubled; with a backslash, an E'' literal
 * with backslashes doubled) but by native replaces: pg's loop of one concatenation per character
 * was the pipelined client's largest cost on a CAR's outbox row (several kB of JSON).
 */
function literal(v: unknown): string {
  const prepared = prepareValue(v);
  if (prepared === null) return 'NULL';
  const s = Buffer.isBuffer(prepared) ? `\\x${prepared.toString('hex')}` : prepared;
  const quoted = `'${s.replace(/'/g, "''")}'`;
  return s.includes('\\') ? ` E${quoted.replace(/\\/g, '\\\\')}` : quoted;
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
