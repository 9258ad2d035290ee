import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { InProcessBus } from '../bus/index.ts';
import type { StoreConfig } from '../config/index.ts';
import type { County } from '../sim/counties.ts';
import { demoCounties, Network, oriOf } from '../sim/network.ts';
import { openStore, type Store } from '../store/database.ts';
import { migrate } from '../store/migrations.ts';
import { ServerContext, type ServerLimits } from './context.ts';
import { serverMigrations } from './store.ts';

export interface HostOptions {
  /** Folder of the nodes' SQLite stores (one file per node). */
  dir: string;
  /** The configured store: the oversight node (audit chain, complaints, opt-outs) and the statistics live there, shared with the CLI. */
  store: StoreConfig;
  /** The server's own store (credentials, sessions). */
  serverStore: StoreConfig;
  counties: County[];
  now?: () => Date;
  limits?: Partial<ServerLimits>;
}

/**
 * Starts the whole agency network in this process for `scomm serve`: CJIS knows every county's
 * activation date, every state has its bureau, every field office runs; booking agencies are the
 * demo's ten plus every agency that booked here before (their stores in `dir`), more being created
 * on first use. Bookings submitted over HTTP travel through every node like the demo's.
 */
export async function hostNetwork(o: HostOptions): Promise<ServerContext> {
  const fileOf = (address: string) => path.join(o.dir, `${address.replace(':', '-')}.db`);
  // The oversight node migrates this store's audit, complaint, opt-out and statistics tables at start.
  const shared = openStore(o.store);
  const storeFor = (address: string): Store => (address === 'oversight' ? shared : openStore({ kind: 'sqlite', file: fileOf(address) }));
  const demoOris = new Set(demoCounties(o.counties).map((c) => `booking:${oriOf(c)}`));
  const network = await Network.start({
    counties: o.counties,
    bus: new InProcessBus(),
    storeFor,
    only: (a) => !a.startsWith('booking:') || demoOris.has(a) || existsSync(fileOf(a)),
  });
  const server = openStore(o.serverStore);
  await migrate(server.db, serverMigrations);
  const ctx = new ServerContext({ network, storeFor, serverDb: server.db, statsDb: shared.db, counties: o.counties, now: o.now, limits: o.limits, onClose: () => server.close() });
  // Agencies with ORIs outside the county list (created on first use in an earlier run).
  const earlier = existsSync(o.dir) ? readdirSync(o.dir).map((f) => /^booking-([A-Z]{2}[A-Z0-9]{7})\.db$/.exec(f)?.[1]).filter((x): x is string => Boolean(x)) : [];
  for (const ori of earlier) await ctx.bookingNode(ori);
  return ctx;
}

/** The server's own store beside the configured one: `server.db` in the data folder, or the same PostgreSQL database (tables srv_*). */
export function serverStoreOf(config: { store: StoreConfig; dataDir: string }): StoreConfig {
  return config.store.kind === 'sqlite' ? { kind: 'sqlite', file: path.join(config.dataDir, 'server.db') } : config.store;
}
