import type { Kysely } from 'kysely';
import type { NamedMigration } from '../../store/migrations.ts';

/** The oversight node's own tables: the audit chain and its head, complaints, opt-out requests. */
export interface OversightTables {
  audit_log: {
    seq: number;
    at: string;
    actor: string;
    action: string;
    subject: string;
    reason: string;
    payload: string;
    prev_hash: string;
    hash: string;
  };
  audit_head: { id: number; seq: number; hash: string };
  complaints: { id: number; filed_at: string; fips: string; category: string; summary: string; case_ids: string; status: string };
  complaint_events: { complaint_id: number; at: string; status: string; note: string };
  opt_out_requests: { id: number; fips: string; requested_at: string; requested_by: string; status: string; note: string };
  opt_out_events: { request_id: number; at: string; status: string; note: string };
  /** Cases whose match and action the statistics already count (once per TCN). */
  oversight_stats_case: { tcn: string };
}

export const oversightMigrations: NamedMigration[] = [
  {
    name: 'oversight-0001-audit',
    up: async (db: Kysely<any>) => {
      await db.schema
        .createTable('audit_log')
        .ifNotExists()
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      // The head (last seq and hash) is kept apart so that deleting the newest entries shows too.
      await db.schema
        .createTable('audit_head')
        .ifNotExists()
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    name: 'oversight-0002-complaints-opt-out',
    up: async (db: Kysely<any>) => {
      const id = (t: ReturnType<Kysely<any>['schema']['createTable']>) => t.addColumn('id', 'integer', (c) => c.primaryKey());
      await id(db.schema.createTable('complaints').ifNotExists())
        .addColumn('filed_at', 'text', (c) => c.notNull())
        .addColumn('fips', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('case_ids', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('complaint_events')
        .ifNotExists()
        .addColumn('complaint_id', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .execute();
      await id(db.schema.createTable('opt_out_requests').ifNotExists())
        .addColumn('fips', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('opt_out_events')
        .ifNotExists()
        .addColumn('request_id', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    name: 'oversight-0003-stats-cases',
    up: async (db: Kysely<any>) => {
      await db.schema.createTable('oversight_stats_case').ifNotExists().addColumn('tcn', 'varchar(64)', (c) => c.primaryKey()).execute();
    },
  },
];
