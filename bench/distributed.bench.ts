/**
 * The same demo (template fast path, same seed, same bookings) in one process on the embedded
 * adapters (SQLite files, in-process bus) and on the distributed ones (one PostgreSQL schema per
 * node, one JetStream stream per inbox), still in one process: what the adapters cost per booking,
 * as a ratio measured side by side. The network of processes is measured by `scomm up` itself.
 *
 *   npx tsx bench/distributed.bench.ts [bookings=100]
 *
 * Needs PostgreSQL and NATS (SCOMM_DATABASE_URL / SCOMM_NATS_URL or the local defaults).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NatsJetStreamBus } from '../src/bus/nats-jetstream.ts';
import { runDemo } from '../src/sim/demo.ts';
import { nodeSchema } from '../src/sim/node-process.ts';
import { openStore } from '../src/store/database.ts';
import { dropSchemas } from '../src/store/postgres.ts';

const bookings = Number(process.argv[2] ?? 100);
const pgUrl = process.env.SCOMM_DATABASE_URL ?? 'postgres://127.0.0.1:5432/test';
const natsUrl = process.env.SCOMM_NATS_URL ?? 'nats://127.0.0.1:4222';
const dir = mkdtempSync(path.join(tmpdir(), 'scomm-bench-distributed-'));
const ns = `bench${Date.now().toString(36)}`;

const embedded = await runDemo({ bookings, templates: true, seed: 11, dir: path.join(dir, 'embedded'), resume: false });
const bus = await NatsJetStreamBus.connect({ url: natsUrl, namespace: ns });
let distributed;
try {
  distributed = await runDemo({
    bookings,
    templates: true,
    seed: 11,
    dir: path.join(dir, 'distributed'),
    resume: false,
    adapters: { bus, storeFor: (a) => openStore({ kind: 'postgres', url: pgUrl }, { schema: nodeSchema(ns, a), poolSize: 2 }) },
  });
} finally {
  // The demo closed its bus (and connection) with its network; another one removes the streams.
  const admin = await NatsJetStreamBus.connect({ url: natsUrl, namespace: ns });
  await admin.destroyNamespace();
  await admin.close();
  await dropSchemas(pgUrl, `${ns}_`);
  rmSync(dir, { recursive: true, force: true });
}
const same = embedded.sre === distributed.sre && embedded.identMatches === distributed.identMatches && embedded.iar === distributed.iar;
console.log(
  JSON.stringify(
    {
      bookings,
      embedded: { ms: embedded.ms, bookingsPerSecond: embedded.bookingsPerSecond },
      distributed: { ms: distributed.ms, bookingsPerSecond: distributed.bookingsPerSecond },
      slowdown: Math.round((distributed.ms / embedded.ms) * 10) / 10,
      sameOutcome: same,
    },
    null,
    2,
  ),
);
