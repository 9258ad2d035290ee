import type { Kysely } from 'kysely';
import type { NamedMigration } from '../store/migrations.ts';

/** The server's own tables: credentials (hashed secrets, failure count, lock) and sessions (hashed tokens). */
export interface ServerTables {
  srv_credential: {
    id: string;
    role: string;
    ori: string | null;
    state: string | null;
    field_office: string | null;
    secret_hash: string;
    failed_logins: number;
    locked_at: string | null;
    created_at: string;
  };
  srv_session: { token_hash: string; credential_id: string; created_at: string; last_seen_at: string };
}

export const serverMigrations: NamedMigration[] = [
  {
    name: 'server-0001-credentials-sessions',
    up: async (db: Kysely<any>) => {
      await db.schema
        .createTable('srv_credential')
        .ifNotExists()
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('ori', 'text')
        .addColumn('state', 'text')
        .addColumn('field_office', 'text')
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('srv_session')
        .ifNotExists()
        .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('credential_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
];
