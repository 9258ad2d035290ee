import { loadConfig } from '../config/index.ts';
import { openStore, type Store } from '../store/database.ts';
import { migrate, type NamedMigration } from '../store/migrations.ts';

/** Opens the configured store (SQLite under ./.scomm/ by default) with the given migrations applied. */
export async function openMigratedStore(migrations: NamedMigration[]): Promise<Store> {
  const store = openStore(loadConfig().store);
  await migrate(store.db, migrations);
  return store;
}
