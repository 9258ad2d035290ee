import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { StoreConfig } from '../config/index.ts';
import { openPostgres, type PostgresStoreOptions } from './postgres.ts';

export type Dialect = StoreConfig['kind'];

/** An open store: a Kysely instance over SQLite or PostgreSQL, and which one it is. */
export interface Store<DB = any> {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Opens the configured database. SQLite files are created with their folder (`:memory:` for tests);
 * PostgreSQL is reached through a pool (in the given schema, if any: see openPostgres). Queries written against the returned Kysely must be
 * dialect-neutral: both adapters run the same code.
 */
export function openStore<DB = any>(config: StoreConfig, postgres: Omit<PostgresStoreOptions, 'url'> = {}): Store<DB> {
  if (config.kind === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(path.dirname(config.file), { recursive: true });
    const database = new SqliteDatabase(config.file);
    // WAL + NORMAL: durable at commit boundaries, fast enough for the booking stream; a crash loses
    // nothing that was committed.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    cacheStatements(database);
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const { db, close } = openPostgres<DB>({ poolSize: 10, ...postgres, url: config.url });
  return { db, dialect: 'postgres', close };
}

/**
 * Kysely's SQLite driver prepares every query anew; nodes run the same few statements per message,
 * so compiled statements are kept by their SQL text (better-sqlite3 statements are reusable, and
 * the driver never iterates two results of one statement at once: it reads each fully).
 */
function cacheStatements(database: SqliteDatabase.Database): void {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, SqliteDatabase.Statement>();
  database.prepare = ((source: string) => {
    let st = cache.get(source);
    if (!st) {
      st = prepare(source);
      if (cache.size >= 500) cache.clear();
      cache.set(source, st);
    }
    return st;
  }) as typeof database.prepare;
}
