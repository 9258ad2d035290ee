import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { buildConfig } from '../src/config/index.ts';
import { openStore } from '../src/store/database.ts';
import { migrate } from '../src/store/migrations.ts';

const demoMigrations = [
  {
    name: 'demo-0001-things',
    up: async (db: any) => {
      await db.schema.createTable('demo_things').addColumn('id', 'integer', (c: any) => c.primaryKey()).addColumn('label', 'text').execute();
    },
  },
];

test('migrations apply once and are idempotent on SQLite', async () => {
  const store = openStore({ kind: 'sqlite', file: ':memory:' });
  await migrate(store.db, demoMigrations);
  await migrate(store.db, demoMigrations);
  await store.db.insertInto('demo_things').values({ id: 1, label: 'x' }).execute();
  const rows = await sql<{ n: number }>`select count(*) as n from kysely_migration_demo`.execute(store.db);
  assert.equal(Number(rows.rows[0].n), 1);
  // Another owner's migrations later on the same database: neither history gets in the other's way.
  await migrate(store.db, [{ name: 'other-0001-x', up: async (db: any) => db.schema.createTable('other_x').addColumn('id', 'integer').execute() }]);
  await migrate(store.db, demoMigrations);
  await assert.rejects(() => migrate(store.db, [{ name: 'badname', up: async () => {} }]), /not <owner>-NNNN-what/);
  await store.close();
});

test('config: unset variables mean the embedded default, bad URLs are named', () => {
  const cfg = buildConfig({}, '/tmp/x');
  assert.deepEqual(cfg.store, { kind: 'sqlite', file: '/tmp/x/.scomm/scomm.db' });
  assert.deepEqual(cfg.transport, { kind: 'in-process' });
  assert.throws(() => buildConfig({ databaseUrl: 'mysql://x' }), /SCOMM_DATABASE_URL must be a postgres/);
  assert.throws(() => buildConfig({ natsUrl: 'http://x' }), /SCOMM_NATS_URL must be a nats/);
  assert.deepEqual(buildConfig({ natsUrl: 'nats://127.0.0.1:4222' }).transport, { kind: 'nats', url: 'nats://127.0.0.1:4222' });
});
