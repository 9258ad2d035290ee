import type { Kysely } from 'kysely';

type Column = [name: string, type: 'text' | 'integer' | 'real', options?: 'pk' | 'notnull'];

/** Creates a table if missing: the few column shapes nodes need, written once for every node. */
export async function createTable(db: Kysely<any>, name: string, columns: Column[]): Promise<void> {
  let t = db.schema.createTable(name).ifNotExists();
  for (const [col, type, opt] of columns) {
    const sqlType = type === 'text' ? (opt === 'pk' ? 'varchar(200)' : 'text') : type;
    t = t.addColumn(col, sqlType, (c) => (opt === 'pk' ? c.primaryKey() : opt === 'notnull' ? c.notNull() : c));
  }
  await t.execute();
}
