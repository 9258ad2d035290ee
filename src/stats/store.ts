import { sql, type Kysely } from 'kysely';
import type { NamedMigration } from '../store/migrations.ts';
import type { EventSource, StatEvent } from './events.ts';

export interface StatsTables {
  stats_events: {
    source: EventSource;
    month: string;
    fips: string;
    state: string;
    kind: string;
    level: number;
    convicted: number;
    count: number;
    match_level: number;
  };
}

export const statsMigrations: NamedMigration[] = [
  {
    name: 'stats-0001-events',
    up: async (db) => {
      await db.schema
        .createTable('stats_events')
        .ifNotExists()
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('fips', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('convicted', 'integer', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('stats_events_month').ifNotExists().on('stats_events').columns(['month', 'kind']).execute();
    },
  },
  {
    // Removals of the people identified as Level 1 ("4,000 of those removed") need the match level beside the conviction level.
    name: 'stats-0002-match-level',
    up: async (db) => {
      await db.schema.alterTable('stats_events').addColumn('match_level', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await sql`update stats_events set match_level = level`.execute(db);
    },
  },
];

const BATCH = 500; // rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits

/** Removes every event of a source (a new run replaces the previous one's). */
export async function deleteEvents(db: Kysely<StatsTables>, source: EventSource): Promise<void> {
  await db.deleteFrom('stats_events').where('source', '=', source).execute();
}

/** One row per event, inside a transaction the caller holds (a node handling a message). */
export async function insertEvents(trx: Kysely<StatsTables>, source: EventSource, events: StatEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx.insertInto('stats_events').values(events.map((e) => row(source, e))).execute();
}

function row(source: EventSource, e: StatEvent): StatsTables['stats_events'] {
  return { source, month: e.month, fips: e.fips, state: e.state, kind: e.kind, level: e.level, convicted: e.convicted ? 1 : 0, count: e.count, match_level: e.matchLevel ?? e.level };
}

/** Appends events in batches inside one transaction: all of them or none. */
export async function appendEvents(db: Kysely<StatsTables>, source: EventSource, events: Iterable<StatEvent>, opts: { replace?: boolean } = {}): Promise<number> {
  let n = 0;
  await db.transaction().execute(async (trx) => {
    if (opts.replace) await trx.deleteFrom('stats_events').where('source', '=', source).execute();
    let batch: StatsTables['stats_events'][] = [];
    const flush = async () => {
      if (batch.length) await trx.insertInto('stats_events').values(batch).execute();
      batch = [];
    };
    for (const e of events) {
      batch.push(row(source, e));
      n++;
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  });
  return n;
}
