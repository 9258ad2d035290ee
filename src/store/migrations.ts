import { Migrator, type Kysely, type Migration } from 'kysely';
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
 * skipped). Owners migrate independently, so the order across owners is not fixed.
 */
export async function migrate(db: Kysely<any>, migrations: NamedMigration[]): Promise<void> {
  const byName: Record<string, Migration> = {};
  for (const m of migrations) {
    if (byName[m.name]) throw new InputError(`duplicate migration name ${m.name}`);
    byName[m.name] = { up: m.up, down: m.down };
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => byName },
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`);
  }
}
