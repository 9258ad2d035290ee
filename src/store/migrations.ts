import { Migrator, PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';
import { InputError } from '../errors.ts';

/**
 * A named, versioned migration. Each module (a node's store, the oversight store...) exports its
 * own list; names are `<owner>-<NNNN>-<what>` so they sort per owner and never collide.
 */
export interface NamedMigration extends Migration {
  name: string;
}

/**
 * Brings the database up to date with the given migrations (idempotent: already-applied ones are
 * skipped). Each owner keeps its own migration table, so a command that opens only some owners'
 * tables never sees another owner's history as "missing" migrations.
 */
export async function migrate(db: Kysely<any>, migrations: NamedMigration[]): Promise<void> {
  const byOwner = new Map<string, Record<string, Migration>>();
  for (const m of migrations) {
    const owner = /^([a-z][a-z0-9]*)-\d{4}-/.exec(m.name)?.[1];
    if (!owner) throw new InputError(`migration name ${m.name} is not <owner>-NNNN-what`);
    const group = byOwner.get(owner) ?? {};
    if (group[m.name]) throw new InputError(`duplicate migration name ${m.name}`);
    group[m.name] = { up: m.up, down: m.down };
    byOwner.set(owner, group);
  }
  // PostgreSQL: the migration tables live in the session's own schema (a node's search_path). Named,
  // because Kysely otherwise takes another schema's table of the same name as ours.
  const schema = db.getExecutor().adapter instanceof PostgresAdapter ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  for (const [owner, group] of byOwner) {
    const migrator = new Migrator({
      db,
      ...(schema ? { migrationTableSchema: schema } : {}),
      provider: { getMigrations: async () => group },
      migrationTableName: `kysely_migration_${owner}`,
      migrationLockTableName: `kysely_migration_lock_${owner}`,
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error');
      const cause = error instanceof Error ? error.message : String(error);
      throw new Error(`migration ${failed?.migrationName ?? `of ${owner}`} failed: ${cause}`);
    }
  }
}
