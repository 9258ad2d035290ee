import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { jetstream } from '@nats-io/jetstream';
import pg from 'pg';
import { pino } from 'pino';
import client from 'prom-client';
import { book } from '../src/agencies/booking/node.ts';
import { seedCriminalRecord } from '../src/agencies/cjis/node.ts';
import { enrolEncounter } from '../src/agencies/ident/node.ts';
import { recordStatus } from '../src/agencies/lesc/node.ts';
import { verifyAudit } from '../src/agencies/oversight/audit.ts';
import { toWire } from '../src/agencies/runtime/prints.ts';
import { createTemplateSubject, impressionTemplates } from '../src/biometrics/synth/index.ts';
import { InProcessBus, type Bus } from '../src/bus/index.ts';
import { connectNats, NatsJetStreamBus } from '../src/bus/nats-jetstream.ts';
import type { Body, Envelope } from '../src/messages/index.ts';
import { Rng } from '../src/random.ts';
import { loadCounties } from '../src/sim/counties.ts';
import { demoCounties, Network, oriOf } from '../src/sim/network.ts';
import { nodeSchema } from '../src/sim/node-process.ts';
import { createPopulation, drawCharge } from '../src/sim/population.ts';
import { runUp } from '../src/sim/up.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { checkPostgres, dropSchemas, isConnectionError, withUser } from '../src/store/postgres.ts';

/**
 * Distributed mode against the real services: PostgreSQL and NATS JetStream at their default local
 * ports (SCOMM_TEST_DATABASE_URL / SCOMM_TEST_NATS_URL to point elsewhere). Skipped, saying why, when
 * they are not reachable; never mocked. Every run has its own schema and stream prefix, removed after.
 */
const PG_URL = process.env.SCOMM_TEST_DATABASE_URL ?? 'postgres://127.0.0.1:5432/test';
const NATS_URL = process.env.SCOMM_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const NATS_SERVER = '/usr/sbin/nats-server';
const run = `t${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

const unreachable = await Promise.all([
  checkPostgres(PG_URL, 3000).then(() => null, (e: Error) => `PostgreSQL at ${PG_URL} is not reachable (${e.message})`),
  connectNats(NATS_URL).then((nc) => nc.close().then(() => null), (e: Error) => `NATS at ${NATS_URL} is not reachable (${e.message})`),
]);
const skip = unreachable.filter(Boolean).join('; ') || false;
if (skip) process.stderr.write(`distributed tests skipped: ${skip}\n`);

const tmp = mkdtempSync(path.join(tmpdir(), 'scomm-distributed-'));
const namespaces: string[] = [];
after(async () => {
  if (skip) return;
  for (const ns of namespaces) {
    await dropSchemas(PG_URL, `${ns}_`).catch(() => undefined);
    const bus = await NatsJetStreamBus.connect({ url: NATS_URL, namespace: ns }).catch(() => null);
    await bus?.destroyNamespace().catch(() => undefined);
    await bus?.close();
  }
  rmSync(tmp, { recursive: true, force: true });
});

const counties = demoCounties(loadCounties()).slice(0, 3);

interface Outcome {
  bookings: number;
  sre: number;
  idr: number;
  identMatches: number;
  iar: number;
  detainers: number;
  auditEntries: number;
  auditValid: boolean;
}

/**
 * A network in this process on the given adapters: a small population enrolled, N bookings booked
 * (a booking command that loses its connection is retried, as the intake's caller does), then
 * settled: every inbox empty and every outbox delivered. `during` runs while bookings flow.
 */
async function runNetwork(bus: Bus, storeFor: (a: string) => Store, bookings: number, during?: (i: number) => Promise<void>): Promise<{ outcome: Outcome; network: Network }> {
  const network = await Network.start({ counties, bus, storeFor, resendEveryMs: 300 });
  const people = createPopulation(60, 3);
  for (const p of people) {
    const s = createTemplateSubject(p.fingerSeed);
    if (p.priorConvictions.length) await seedCriminalRecord(network.node('cjis'), network.cjisGallery, impressionTemplates(s, 2), p.priorConvictions, p.ref);
    if (p.encounterId) await enrolEncounter(network.node('ident'), network.identGallery, p.encounterId, p.aNumber!, 'border', impressionTemplates(s, 1));
    if (p.aNumber) await recordStatus(network.node('lesc'), p.aNumber, p.status === 'lpr' ? 'lpr' : p.status === 'naturalized' ? 'citizen' : 'removable');
  }
  const rng = new Rng('distributed');
  for (let i = 0; i < bookings; i++) {
    await during?.(i);
    const person = people[rng.int(people.length)];
    const county = counties[i % counties.length];
    const car: Body<'car'> = {
      ori: oriOf(county),
      county: county.fips,
      bookedAt: `2012-0${1 + rng.int(9)}-15`,
      subject: { name: person.name, dob: person.dob, pob: person.pob, sex: person.sex },
      charges: [drawCharge(rng)],
      flags: { victimOrWitness: false, claimsUsCitizenship: false, juvenile: false },
      templates: toWire(impressionTemplates(createTemplateSubject(person.fingerSeed), 100 + i)),
    };
    await retrying(() => book(network.node(`booking:${car.ori}`), `D${String(i).padStart(6, '0')}`, person.ref, car));
  }
  await retrying(() => settle(network));
  return { outcome: await retrying(() => outcomeOf(network)), network };
}

/** The harness's own reads, while connections are being dropped under it. */
async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isConnectionError(err) || attempt > 50) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Until the bus is idle and no node has an undelivered outbox row, twice in a row. */
async function settle(network: Network): Promise<void> {
  for (let quiet = 0; quiet < 2; ) {
    await network.drain();
    let undelivered = 0;
    for (const n of network.nodes.values()) {
      const r = await n.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('delivered', '=', 0).executeTakeFirstOrThrow();
      undelivered += Number(r.n);
    }
    quiet = undelivered === 0 ? quiet + 1 : 0;
    if (quiet < 2) await new Promise((r) => setTimeout(r, 400));
  }
}

async function outcomeOf(network: Network): Promise<Outcome> {
  const rows = async (prefix: string, table: string) => (await Promise.all(network.select(prefix).map((n) => n.db.selectFrom(table).selectAll().execute()))).flat();
  const bookings = await rows('booking:', 'booking');
  const searches = await rows('ident', 'ident_search');
  const cases = await rows('ero:', 'ero_case');
  const audit = await verifyAudit(network.node('oversight').db);
  return {
    bookings: bookings.length,
    sre: bookings.filter((b) => b.sre).length,
    idr: bookings.filter((b) => b.idr).length,
    identMatches: searches.filter((s) => s.matched).length,
    iar: cases.length,
    detainers: cases.filter((c) => c.detainer).length,
    auditEntries: audit.entries,
    auditValid: audit.valid,
  };
}

/** The bus's log lines, kept (alerts are asserted) instead of printed. */
function captureLog(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { logger: pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s)) }), lines };
}

const pgStores = (ns: string) => (a: string) => openStore({ kind: 'postgres', url: PG_URL }, { schema: nodeSchema(ns, a), poolSize: 2, connectRetryMs: 20_000, pipelineWrites: true });

let baseline: Outcome | undefined;
async function inProcessBaseline(bookings: number): Promise<Outcome> {
  if (!baseline) {
    const { outcome, network } = await runNetwork(new InProcessBus(), () => openStore({ kind: 'sqlite', file: ':memory:' }), bookings);
    await network.close();
    baseline = outcome;
  }
  return baseline;
}

const BOOKINGS = 45;

test('PostgreSQL connections dropped mid-stream and poison messages: the same outcome as in one process, the poison dead-lettered', { skip, timeout: 180_000 }, async () => {
  const ns = `${run}a`;
  namespaces.push(ns);
  const expected = await inProcessBaseline(BOOKINGS);
  const log = captureLog();
  const bus = await NatsJetStreamBus.connect({ url: NATS_URL, namespace: ns, retry: { attempts: 6, backoffMs: 50 }, logger: log.logger, transient: isConnectionError });
  const admin = new pg.Client({ connectionString: withUser(PG_URL) });
  const raw = await connectNats(NATS_URL);
  // Another process may drop this session too (the machine is shared): that must not end the test.
  admin.on('error', () => undefined);
  await admin.connect();
  let terminated = 0;
  let killer: NodeJS.Timeout | undefined;
  const deadBefore = (await client.register.getSingleMetric('scomm_bus_dead_letters_total')?.get())?.values.reduce((s, v) => s + v.value, 0) ?? 0;
  try {
    const { outcome, network } = await runNetwork(bus, pgStores(ns), BOOKINGS, async (i) => {
      if (i !== 0) return;
      // Two poison messages into CJIS's inbox: one that is not JSON, one that fails its schema.
      await jetstream(raw).publish(bus.subject('cjis'), 'this is not a message', { msgID: `${ns}-garbage` });
      const poison = { id: 'POISON-1/car/cjis', tcn: 'POISON-1', from: 'sib:TX', to: 'cjis', sentAt: new Date().toISOString(), type: 'car', body: { ori: 'nonsense' } };
      await bus.publish(poison as unknown as Envelope);
      // Every node's connections dropped, again and again, while the bookings flow.
      killer = setInterval(() => {
        admin
          .query(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE starts_with(application_name, $1) AND pid <> pg_backend_pid()`, [`scomm:${ns}_`])
          .then((r) => (terminated += r.rows[0].n as number), () => undefined);
      }, 400);
    });
    clearInterval(killer);
    assert.ok(terminated >= 10, `connections were dropped (${terminated})`);
    assert.deepEqual(outcome, expected, `dead letters: ${JSON.stringify((await bus.readDeadLetters()).map((d) => [d.address, d.error]))}`);
    assert.equal(outcome.sre, BOOKINGS);
    assert.ok(outcome.identMatches > 0 && outcome.auditValid);
    const dead = await bus.readDeadLetters();
    assert.equal(dead.length, 2, JSON.stringify(dead));
    assert.ok(dead.some((d) => d.error === 'not JSON' && d.address === 'cjis'));
    assert.ok(dead.some((d) => /body\.ori/.test(d.error) && (d.message as Envelope).id === 'POISON-1/car/cjis'));
    const deadAfter = (await client.register.getSingleMetric('scomm_bus_dead_letters_total')!.get()).values.reduce((s, v) => s + v.value, 0);
    assert.equal(deadAfter - deadBefore, 2, 'the dead-letter counter counted both');
    assert.equal(log.lines.filter((l) => l.alert === 'dead_letter').length, 2, 'an alert in the log for each');
    assert.ok(log.lines.some((l) => l.msg === 'handler failed, redelivery scheduled'), 'dropped connections were retried by redelivery');
    await network.close();
  } finally {
    clearInterval(killer);
    await admin.end();
    await raw.close();
  }
});

test('NATS restarted mid-stream (a server of our own, same store folder): nothing lost, nothing done twice', { skip, timeout: 180_000 }, async () => {
  const ns = `${run}b`;
  namespaces.push(ns);
  const expected = await inProcessBaseline(BOOKINGS);
  const port = await freePort();
  const sd = path.join(tmp, 'nats-store');
  let server = await startNats(port, sd);
  const url = `nats://127.0.0.1:${port}`;
  const bus = await NatsJetStreamBus.connect({ url, namespace: ns, retry: { attempts: 8, backoffMs: 50 }, logger: captureLog().logger });
  try {
    const { outcome, network } = await runNetwork(bus, pgStores(ns), BOOKINGS, async (i) => {
      if (i !== Math.floor(BOOKINGS / 3)) return;
      await stopNats(server);
      await new Promise((r) => setTimeout(r, 800));
      server = await startNats(port, sd);
    });
    assert.deepEqual(outcome, expected);
    assert.equal(bus.deadLetters().length, 0);
    await network.close();
  } finally {
    await stopNats(server);
  }
});

test('scomm up: a node SIGKILLed mid-stream and started again; every booking answered once', { skip, timeout: 240_000 }, async () => {
  const ns = `${run}c`;
  namespaces.push(ns);
  const s = await runUp({ bookings: 40, rate: 30, kills: [{ address: 'cjis', atSeconds: 1 }], states: 1, seed: 5, databaseUrl: PG_URL, natsUrl: NATS_URL, namespace: ns, dir: path.join(tmp, 'up'), keep: false, stallSeconds: 60 });
  assert.equal(s.completed, 40, JSON.stringify(s));
  assert.equal(s.lost, 0);
  assert.equal(s.duplicateEffects, 0);
  assert.equal(s.restarts, 1);
  assert.equal(s.crashes, 0);
  assert.equal(s.deadLetters, 0);
  assert.ok(s.hops['CJIS (search) -> IDENT'].n > 0, 'some bookings went on to IDENT');
});

test('pipelined writes: held statements carry their values exactly, and a failing one rolls its whole transaction back', { skip, timeout: 60_000 }, async () => {
  const ns = `${run}d`;
  namespaces.push(ns);
  const store = openStore({ kind: 'postgres', url: PG_URL }, { schema: `${ns}_pipe`, poolSize: 1, pipelineWrites: true });
  try {
    await store.db.schema.createTable('t').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('n', 'integer').addColumn('x', 'real').addColumn('doc', 'text').execute();
    const tricky = [`it's`, 'back\\slash \\x41', '$1 and $2', '"quoted"', 'ünïcødé ✓', '', "''", 'line\nbreak; DROP TABLE t; --'];
    const rows = tricky.map((doc, i) => ({ id: `r${i}`, n: i, x: i + 0.25, doc }));
    const inside = await store.db.transaction().execute(async (tx) => {
      for (const r of rows) await tx.insertInto('t').values(r).execute();
      await tx.insertInto('t').values({ id: 'null', n: null, x: null, doc: null }).execute();
      await tx.updateTable('t').set({ n: 100 }).where('id', 'in', ['r0', 'r1']).execute();
      // A read inside the transaction sees the held writes (they go with it).
      return tx.selectFrom('t').selectAll().orderBy('id').execute();
    });
    const after = await store.db.selectFrom('t').selectAll().orderBy('id').execute();
    assert.deepEqual(after, inside);
    const expected = [...rows.map((r) => ({ ...r, n: ['r0', 'r1'].includes(r.id) ? 100 : r.n })), { id: 'null', n: null, x: null, doc: null }].sort((a, b) => (a.id < b.id ? -1 : 1));
    assert.deepEqual(after, expected);
    await assert.rejects(
      store.db.transaction().execute(async (tx) => {
        await tx.insertInto('t').values({ id: 'new', n: 1, x: 1, doc: 'kept?' }).execute();
        await tx.insertInto('t').values({ id: 'r0', n: 1, x: 1, doc: 'duplicate' }).execute();
      }),
      /duplicate key/,
    );
    const ids = (await store.db.selectFrom('t').select('id').execute()).map((r) => r.id);
    assert.ok(!ids.includes('new'), 'the failed transaction left nothing behind');
    assert.equal(ids.length, expected.length, 'and the connection is usable after it');
  } finally {
    await store.close();
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function startNats(port: number, sd: string): Promise<ChildProcess> {
  const child = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', sd], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const nc = await connectNats(`nats://127.0.0.1:${port}`).catch(() => null);
    if (nc) {
      await nc.close();
      return child;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`nats-server on port ${port} did not come up`);
}

async function stopNats(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
