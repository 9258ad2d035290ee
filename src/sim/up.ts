import path from 'node:path';
import { sql } from 'kysely';
import { toWire } from '../agencies/runtime/prints.ts';
import { impressionTemplates, type SubjectMinutiae } from '../biometrics/synth/index.ts';
import { InProcessBus } from '../bus/index.ts';
import { connectNats, NatsJetStreamBus } from '../bus/nats-jetstream.ts';
import { InputError } from '../errors.ts';
import type { Body } from '../messages/index.ts';
import { Rng } from '../random.ts';
import { openStore, type Store } from '../store/database.ts';
import { dropSchemas } from '../store/postgres.ts';
import { carOf, demoCounties, Network, networkSpecs, oriOf, withholdsImmigrationAnswers } from './network.ts';
import { loadCounties, type County } from './counties.ts';
import { CRIMINAL_IMPRESSION, ENCOUNTER_IMPRESSION, enrolCriminalRecord, enrolIdentEncounter, enrolImmigrationStatus, templateSubjects } from './enrol-population.ts';
import { intakeSubject, nodeSchema, type Intake } from './node-process.ts';
import { createPopulation, drawBooking, type SyntheticPerson } from './population.ts';
import { ProcessNetwork } from './processes.ts';

export interface UpOptions {
  bookings: number;
  /** Bookings submitted per second (paced; each one retried until its agency took it). */
  rate: number;
  /** Nodes to SIGKILL (and start again at once) at a second after the stream began. */
  kills: { address: string; atSeconds: number }[];
  /** Booking agencies (one county each) and so states: the first N of the demo's ten. */
  states: number;
  seed: number;
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  /** Folder of the node logs. */
  dir: string;
  /** Keep the schemas and streams afterwards (to inspect them). */
  keep: boolean;
  /** Give up on bookings not answered this long after the last progress. */
  stallSeconds: number;
  progress?: (line: string) => void;
}

export interface UpSummary {
  bookings: number;
  completed: number;
  lost: number;
  duplicateEffects: number;
  restarts: number;
  p50EndToEndMs: number;
  p95EndToEndMs: number;
  maxEndToEndMs: number;
  /** Node processes that died without being killed (each was started again). */
  crashes: number;
  deadLetters: number;
  rejected: number;
  processes: number;
  rate: number;
  achievedRate: number;
  streamSeconds: number;
  seedSeconds: number;
  totalSeconds: number;
  population: number;
  /** Where the time goes: each hop of the IDENT path (CAR to IDR), from the inbox timestamps of the nodes, p50/p95 ms. */
  hops: Record<string, { p50: number; p95: number; n: number }>;
  duplicates: { auditEntries: number; cjisArrests: number };
  namespace: string;
  logs: string;
}

const FROM = Date.UTC(2008, 9, 1);
const TO = Date.UTC(2013, 2, 31);

/**
 * `scomm up`: the network as separate processes over NATS JetStream and PostgreSQL, on the template
 * fast path. The population is enrolled into the CJIS, IDENT and LESC schemas first (as the demo
 * does), then one `scomm node start` per agency node, then N bookings at the given rate through the
 * booking agencies' intake, with nodes SIGKILLed and restarted on schedule. Completion, latency and
 * duplicate effects are read from the nodes' stores, never from the processes' word.
 */
export async function runUp(o: UpOptions): Promise<UpSummary> {
  const t0 = performance.now();
  const say = o.progress ?? (() => {});
  const counties = demoCounties(loadCounties()).slice(0, o.states);
  const addresses = networkSpecs(counties).specs.map((s) => s.address);
  const storeOf = (address: string, poolSize = 1): Store => openStore({ kind: 'postgres', url: o.databaseUrl }, { schema: nodeSchema(o.namespace, address), poolSize, applicationName: `scomm-up:${o.namespace}` });

  const populationSize = Math.max(200, Math.round(o.bookings * 0.7));
  const people = createPopulation(populationSize, o.seed);
  const subjectOf = templateSubjects();
  say(`up: enrolling a population of ${populationSize} into CJIS, IDENT and LESC (namespace ${o.namespace})`);
  const seededArrests = await seed(counties, people, subjectOf, storeOf);
  const seedSeconds = (performance.now() - t0) / 1000;

  const nc = await connectNats(o.natsUrl);
  const bus = await NatsJetStreamBus.connect({ url: nc, namespace: o.namespace });
  let crashes = 0;
  const net = new ProcessNetwork({
    namespace: o.namespace,
    databaseUrl: o.databaseUrl,
    natsUrl: o.natsUrl,
    logDir: o.dir,
    onUnexpectedExit: (address, code, signal) => {
      crashes++;
      say(`up: ${address} exited unasked (code ${code}, signal ${signal}); starting it again`);
    },
  });
  const bookingStores = counties.map((c) => ({ county: c, store: storeOf(`booking:${oriOf(c)}`) }));
  let restarts = 0;
  let aborted = false;
  // Interrupted (Ctrl-C, SIGTERM): the node processes and the run's schemas and streams go too.
  let interrupted: ((signal: string) => void) | undefined;
  const stop = new Promise<never>((_, reject) => (interrupted = (signal) => reject(new InputError(`interrupted by ${signal}; node processes stopped`))));
  stop.catch(() => undefined);
  const onSignal = (signal: string) => interrupted?.(signal);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await Promise.race([stop, stream()]);
  } finally {
    aborted = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await net.stopAll();
    for (const b of bookingStores) await b.store.close();
    if (!o.keep) {
      await bus.destroyNamespace().catch(() => undefined);
      await dropSchemas(o.databaseUrl, `${o.namespace}_`).catch(() => undefined);
    }
    await bus.close();
    await nc.close();
  }

  async function stream(): Promise<UpSummary> {
    say(`up: starting ${addresses.length} node processes`);
    await Promise.all(addresses.map((a) => net.start(a)));

    // Bookings: who, where, when, what; deterministic from the seed.
    const rng = new Rng(`up-bookings-${o.seed}`);
    const weights = counties.map((c) => c.population);
    const submittedAt = new Map<string, number>();
    let rejected = 0;
    let inFlight = 0;
    const next = (i: number): Intake => {
      const draw = drawBooking(rng, people, counties, weights, FROM, TO);
      const car: Body<'car'> = { ...carOf(draw), templates: toWire(impressionTemplates(subjectOf(draw.person), 100 + i)) };
      return { tcn: `U${String(o.seed).padStart(4, '0')}-${String(i).padStart(8, '0')}`, personRef: draw.person.ref, car };
    };
    const submit = async (b: Intake): Promise<void> => {
      const payload = JSON.stringify(b);
      for (let attempt = 0; !aborted; attempt++) {
        try {
          const r = (await nc.request(intakeSubject(o.namespace, b.car.ori), payload, { timeout: 5000 })).json<{ ok?: boolean; error?: string; retry?: boolean }>();
          if (r.ok) return;
          if (!r.retry) {
            rejected++;
            say(`up: booking ${b.tcn} rejected: ${r.error}`);
            return;
          }
        } catch {
          // The agency is down or busy (no responders, timeout): the same TCN again books once.
        }
        await sleep(Math.min(2000, 100 * 2 ** attempt));
      }
    };

    const streamStart = performance.now();
    const killTimers = o.kills.map((k) =>
      setTimeout(() => {
        if (aborted) return;
        say(`up: SIGKILL ${k.address} at ${k.atSeconds} s`);
        void net
          .kill(k.address)
          .then(() => net.start(k.address))
          .then(() => {
            restarts++;
            say(`up: ${k.address} restarted`);
          })
          .catch((err: Error) => say(`up: restarting ${k.address} failed: ${err.message}`));
      }, k.atSeconds * 1000),
    );
    const submissions: Promise<void>[] = [];
    let completed = 0;
    let lastProgress = performance.now();
    const poll = async () => {
      const n = await countCompleted(bookingStores);
      if (n > completed) lastProgress = performance.now();
      completed = n;
    };
    let lastNote = 0;
    for (let i = 0; i < o.bookings && !aborted; ) {
      const due = Math.min(o.bookings, Math.floor(((performance.now() - streamStart) / 1000) * o.rate) + 1);
      while (i < due && inFlight < 2000) {
        const b = next(i++);
        submittedAt.set(b.tcn, Date.now());
        inFlight++;
        submissions.push(submit(b).finally(() => inFlight--));
      }
      if (performance.now() - lastNote > 2000) {
        await poll();
        lastNote = performance.now();
        say(`up: submitted ${i}/${o.bookings}, answered ${completed}, ${Math.round((performance.now() - streamStart) / 1000)} s`);
      }
      await sleep(5);
    }
    await Promise.all(submissions);
    const streamSeconds = (performance.now() - streamStart) / 1000;
    lastProgress = performance.now();
    while (!aborted && completed < o.bookings - rejected && performance.now() - lastProgress < o.stallSeconds * 1000) {
      await sleep(1000);
      await poll();
      say(`up: answered ${completed}/${o.bookings}`);
    }
    for (const t of killTimers) clearTimeout(t);
    // A restart still in progress is waited for, so the counts below see the whole network.
    while (restarts < o.kills.filter((k) => k.atSeconds * 1000 < performance.now() - streamStart).length && performance.now() - lastProgress < o.stallSeconds * 1000) await sleep(200);

    const latency = await endToEnd(bookingStores, submittedAt);
    const hops = await hopTimes(counties, storeOf, submittedAt);
    const duplicates = await duplicateEffects(storeOf, seededArrests);
    const deadLetters = (await bus.readDeadLetters()).length;
    return {
      bookings: o.bookings,
      completed,
      lost: o.bookings - rejected - completed,
      duplicateEffects: duplicates.auditEntries + duplicates.cjisArrests,
      restarts,
      p50EndToEndMs: quantile(latency, 0.5),
      p95EndToEndMs: quantile(latency, 0.95),
      maxEndToEndMs: latency.length ? latency[latency.length - 1] : 0,
      crashes,
      deadLetters,
      rejected,
      processes: addresses.length,
      rate: o.rate,
      achievedRate: round1(o.bookings / streamSeconds),
      streamSeconds: round1(streamSeconds),
      seedSeconds: round1(seedSeconds),
      totalSeconds: round1((performance.now() - t0) / 1000),
      population: populationSize,
      hops,
      duplicates,
      namespace: o.namespace,
      logs: o.dir,
    };
  }
}

/** Criminal records into CJIS, encounters into IDENT, statuses into LESC: the three in parallel, each in order. Returns the arrests on record. */
async function seed(counties: County[], people: SyntheticPerson[], subjectOf: (p: SyntheticPerson) => SubjectMinutiae, storeOf: (a: string, pool?: number) => Store): Promise<number> {
  const seeders = ['cjis', 'ident', 'lesc'];
  const network = await Network.start({ counties, bus: new InProcessBus(), storeFor: (a) => storeOf(a, 2), only: (a) => seeders.includes(a) });
  let arrests = 0;
  try {
    await Promise.all([
      (async () => {
        for (const p of people) if (p.priorConvictions.length > 0) arrests += await enrolCriminalRecord(network, p, { criminal: impressionTemplates(subjectOf(p), CRIMINAL_IMPRESSION) });
      })(),
      (async () => {
        for (const p of people) if (p.encounterId) await enrolIdentEncounter(network, p, { encounter: impressionTemplates(subjectOf(p), ENCOUNTER_IMPRESSION) });
      })(),
      (async () => {
        for (const p of people) await enrolImmigrationStatus(network, p);
      })(),
    ]);
  } finally {
    await network.close();
  }
  return arrests;
}

/**
 * Bookings whose final answer is recorded at their agency: an ERRT, or the SRE and, where CJIS sent
 * the prints on to IDENT and the state passes immigration answers on, the IDR too.
 */
async function countCompleted(stores: { county: County; store: Store }[]): Promise<number> {
  let n = 0;
  for (const { county, store } of stores) {
    const withholds = withholdsImmigrationAnswers(county.state);
    const r = await store.db
      .selectFrom('booking')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) =>
        eb.or([
          eb('errt', 'is not', null),
          withholds ? eb('sre', 'is not', null) : eb.and([eb('sre', 'is not', null), eb.or([eb('idr', 'is not', null), eb('sre', 'like', '%"interoperability":false%')])]),
        ]),
      )
      .executeTakeFirstOrThrow();
    n += Number(r.n);
  }
  return n;
}

/** CAR submitted (at the intake) -> final answer recorded at the booking agency (its inbox timestamp), sorted. */
async function endToEnd(stores: { county: County; store: Store }[], submittedAt: Map<string, number>): Promise<number[]> {
  const out: number[] = [];
  for (const { county, store } of stores) {
    const handled = new Map((await store.db.selectFrom('inbox').select(['id', 'handled_at']).execute()).map((r) => [r.id as string, Date.parse(r.handled_at)]));
    const address = `booking:${oriOf(county)}`;
    for (const b of await store.db.selectFrom('booking').select(['tcn', 'sre', 'idr', 'errt']).execute()) {
      const viaIdent = String(b.sre ?? '').includes('"interoperability":true') && !withholdsImmigrationAnswers(county.state);
      const final = b.errt ? 'errt' : !b.sre ? null : viaIdent ? (b.idr ? 'idr' : null) : 'sre';
      const at = final ? handled.get(`${b.tcn}/${final}/${address}`) : undefined;
      const from = submittedAt.get(b.tcn);
      if (at !== undefined && from !== undefined) out.push(at - from);
    }
  }
  return out.sort((a, b) => a - b);
}

/** The IDENT path hop by hop, from each node's inbox timestamp (when it began handling the message). */
async function hopTimes(counties: County[], storeOf: (a: string) => Store, submittedAt: Map<string, number>): Promise<UpSummary['hops']> {
  const at = new Map<string, number>();
  const read = async (address: string) => {
    const s = storeOf(address);
    try {
      for (const r of await s.db.selectFrom('inbox').select(['id', 'handled_at']).execute()) at.set(r.id, Date.parse(r.handled_at));
    } finally {
      await s.close();
    }
  };
  const states = [...new Set(counties.map((c) => c.state))];
  for (const a of ['cjis', 'ident', ...states.map((s) => `sib:${s}`), ...counties.map((c) => `booking:${oriOf(c)}`)]) await read(a);
  const hops: [string, (tcn: string, st: string, ori: string) => [string | number, string]][] = [
    ['intake -> SIB', (t, s) => [submittedAt.get(t)!, `${t}/car/sib:${s}`]],
    ['SIB -> CJIS', (t, s) => [`${t}/car/sib:${s}`, `${t}/car/cjis`]],
    ['CJIS (search) -> IDENT', (t) => [`${t}/car/cjis`, `${t}/ident_search/ident`]],
    ['IDENT (search) -> CJIS', (t) => [`${t}/ident_search/ident`, `${t}/idr/cjis`]],
    ['CJIS -> SIB', (t, s) => [`${t}/idr/cjis`, `${t}/idr/sib:${s}`]],
    ['SIB -> booking', (t, s, ori) => [`${t}/idr/sib:${s}`, `${t}/idr/booking:${ori}`]],
  ];
  const out: UpSummary['hops'] = {};
  const oriOfTcn = new Map<string, string>();
  for (const c of counties) {
    const s = storeOf(`booking:${oriOf(c)}`);
    try {
      for (const r of await s.db.selectFrom('booking').select('tcn').execute()) oriOfTcn.set(r.tcn, oriOf(c));
    } finally {
      await s.close();
    }
  }
  for (const [name, ids] of hops) {
    const d: number[] = [];
    for (const [tcn, ori] of oriOfTcn) {
      if (withholdsImmigrationAnswers(ori.slice(0, 2)) && name === 'SIB -> booking') continue;
      const [a, b] = ids(tcn, ori.slice(0, 2), ori);
      const from = typeof a === 'number' ? a : at.get(a);
      const to = at.get(b);
      if (from !== undefined && to !== undefined) d.push(to - from);
    }
    d.sort((x, y) => x - y);
    out[name] = { p50: quantile(d, 0.5), p95: quantile(d, 0.95), n: d.length };
  }
  return out;
}

/**
 * Effects that happened twice, from the stores: a decision or detainer state entered twice in the
 * audit chain for one TCN (no dispositions in this run, so each is once), and CJIS arrest counts
 * beyond one per booking it recorded.
 */
async function duplicateEffects(storeOf: (a: string) => Store, seededArrests: number): Promise<UpSummary['duplicates']> {
  const oversight = storeOf('oversight');
  const cjis = storeOf('cjis');
  try {
    const repeated = await oversight.db
      .selectFrom('audit_log')
      .select(['subject', 'action', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['subject', 'action'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    const auditEntries = repeated.reduce((s, r) => s + Number(r.n) - 1, 0);
    const arrests = await cjis.db.selectFrom('cjis_subject').select(sql<number>`coalesce(sum(arrests), 0)`.as('n')).executeTakeFirstOrThrow();
    const bookings = await cjis.db.selectFrom('cjis_booking').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { auditEntries, cjisArrests: Math.max(0, Number(arrests.n) - seededArrests - Number(bookings.n)) };
  } finally {
    await oversight.close();
    await cjis.close();
  }
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export const defaultUpDir = (namespace: string) => path.join('.scomm', 'up', namespace);
