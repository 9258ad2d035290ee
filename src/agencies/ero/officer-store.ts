import type { Kysely } from 'kysely';
import type { NamedMigration } from '../../store/migrations.ts';
import { createTable } from '../runtime/tables.ts';

/** What officers did to a case (claim, decision, detainer action): the case's human history, one row each. */
export const officerMigrations: NamedMigration[] = [
  {
    name: 'ero-0002-officer-actions',
    up: async (db: Kysely<any>) => {
      await createTable(db, 'ero_case_action', [
        ['id', 'text', 'pk'],
        ['tcn', 'text', 'notnull'],
        ['n', 'integer', 'notnull'],
        ['at', 'text', 'notnull'],
        ['officer', 'text', 'notnull'],
        ['kind', 'text', 'notnull'],
        ['action', 'text', 'notnull'],
        ['reason', 'text', 'notnull'],
      ]);
    },
  },
];
