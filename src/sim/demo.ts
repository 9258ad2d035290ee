import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { book, bookAll, reportDisposition } from '../agencies/booking/node.ts';
import { blockingRules } from '../agencies/ero/node.ts';
import { verifyAudit } from '../agencies/oversight/audit.ts';
import { toWire } from '../agencies/runtime/prints.ts';
import { createTemplateSubject, impressionTemplates, type SubjectMinutiae } from '../biometrics/synth/index.ts';
import { InProcessBus, type Bus, type InProcessOptions } from '../bus/index.ts';
import type { Body } from '../messages/index.ts';
import type { CarInput } from '../nist/index.ts';
import type { Decision } from '../policy/index.ts';
import { openStore, type Store } from '../store/database.ts';
import { Rng } from '../random.ts';
import { SearchPool } from '../biometrics/search/index.ts';
import { SEARCH_PREPARED_CACHE } from '../biometrics/parameters.ts';
import { CapturePool } from './capture-pool.ts';
import { loadCounties, type County } from './counties.ts';
import { CRIMINAL_IMPRESSION, ENCOUNTER_IMPRESSION, enrolPerson, enrolPrints, needsPrints, recordPrints, type RecordPrints } from './enrol-population.ts';
import { Network, carOf, demoCounties, oriOf } from './network.ts';
import { createPopulation, drawBooking, type SyntheticPerson } from './population.ts';

export interface DemoOptions {
  bookings: number;
  /** Minutiae templates instead of rendered images, WSQ and ANSI/NIST (fast path). */
  templates: boolean;
  seed: number;
  /** Folder of the nodes' SQLite stores. */
  dir: string;
  /** Keep the stores of an interrupted run and finish it. */
  resume: boolean;
  countiesFile?: string;
  bus?: InProcessOptions;
  /** Another transport and other stores (NATS JetStream and PostgreSQL): the same run over the distributed adapters. */
  adapters?: { bus: Bus; storeFor: (address: string) => Store };
  progress?: (done: number, total: number, phase: string) => void;
}

export interface DemoSummary {
  bookings: number;
  sre: number;
  errt: number;
  identSearches: number;
  identMatches: number;
  iaq: number;
  iar: number;
  detainersIssued: number;
  detainersHonored: number;
  detainersDeclined: number;
  detainersBlocked: number;
  byLevel: { level1: number; level2: number; level3: number; none: number };
  byAction: Record<string, number>;
  dispositions: number;
  auditChainValid: boolean;
  auditEntries: number;
  deadLetters: number;
  groundTruth: { identMatchesCorrect: number; falseMatches: number; missedMatches: number; cjisHitsCorrect: number; cjisFalseHits: number };
  population: number;
  mode: 'images' | 'templates';
  ms: number;
  /** CPU time of the whole process (every thread, user + system): on a busy machine, the honest measure of cost. */
  cpuMs: number;
  bookingsPerSecond: number;
}

/**
 * Bookings between drains of the bus (and progress reports): enough in flight that CJIS's, IDENT's
 * and the other nodes' work overlap (10,000 bookings: 118 bookings/s at 100, 134 at 500), and at
 * least five drains in a run, so a short one reports progress too.
 */
const batchOf = (bookings: number): number => Math.max(1, Math.min(500, Math.ceil(bookings / 5)));
/** Search threads: on two cores, the main thread and one search thread each keep a core busy, and a second search thread lets CJIS and IDENT search at once. */
const SEARCH_THREADS = 2;
/** People per chunk of the template path's population enrolment, and chunks (of people or bookings) drawn ahead. */
const ENROL_CHUNK = 250;
const AHEAD = 3;
/** Bookings ahead of the one being booked whose people's captures are already queued. */
const CAPTURE_LOOKAHEAD = 8;
const FROM = Date.UTC(2008, 9, 1);
const TO = Date.UTC(2013, 2, 31);

/**
 * The whole network in one process: booking agencies, their state bureaus, CJIS, IDENT, LESC, the
 * ERO field offices and oversight, each node with its own store, talking only through the bus.
 * A synthetic population (with known ground truth) is enrolled where it belongs (criminal records
 * in CJIS, encounters in IDENT, statuses at LESC), then bookings run end to end; dispositions on
 * minor traffic bookings follow. The summary is read from the nodes' stores.
 */
export async function runDemo(o: DemoOptions): Promise<DemoSummary> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  if (!o.resume && existsSync(o.dir)) rmSync(o.dir, { recursive: true, force: true });
  mkdirSync(o.dir, { recursive: true });
  const counties = demoCounties(loadCounties(o.countiesFile));
  const pool = new CapturePool();
  // CJIS's and IDENT's searches off the main thread, which meanwhile runs every other node.
  const searchPool = new SearchPool(SEARCH_THREADS, SEARCH_PREPARED_CACHE / SEARCH_THREADS);
  try {
    const network = await Network.start({
      counties,
      bus: o.adapters?.bus ?? new InProcessBus(o.bus),
      storeFor: o.adapters?.storeFor ?? ((address) => openStore({ kind: 'sqlite', file: path.join(o.dir, `${address.replace(':', '-')}.db`) })),
      // Images path: CJIS decodes and extracts the CARs' prints on the capture pool's threads.
      prints: o.templates ? undefined : pool.prints,
      searchPool,
    });
    const populationSize = o.templates ? Math.max(200, Math.round(o.bookings * 0.7)) : Math.max(20, Math.round(o.bookings * 0.25));
    const people = createPopulation(populationSize, o.seed);
    const plan = bookingPlan(o, people, counties);
    const dispositions = o.templates ? await runTemplates(o, network, pool, people, plan) : await runImages(o, network, pool, people, plan);
    await network.drain();
    const summary = await summarise(network, plan, people, network.bus.deadLetters().length, dispositions, populationSize, o.templates, t0, cpu0);
    await network.close();
    return summary;
  } finally {
    await pool.destroy();
    await searchPool.close();
  }
}

interface PlannedBooking {
  tcn: string;
  person: SyntheticPerson;
  county: County;
  bookedAt: string;
  charges: Body<'car'>['charges'];
  flags: Body<'car'>['flags'];
  convicted: boolean;
  impression: number;
}

/** Bookings: who, where, when, what; deterministic from the seed, so a resumed run books the same. */
function bookingPlan(o: DemoOptions, people: SyntheticPerson[], counties: County[]): PlannedBooking[] {
  const rng = new Rng(`bookings-${o.seed}`);
  const countyWeights = counties.map((c) => c.population);
  return Array.from({ length: o.bookings }, (_, i) => {
    const { person, county, bookedAt, charges, flags } = drawBooking(rng, people, counties, countyWeights, FROM, TO);
    const convicted = rng.chance(0.55);
    return { tcn: `T${String(o.seed).padStart(4, '0')}-${String(i).padStart(8, '0')}`, person, county, bookedAt, charges, flags, convicted, impression: 100 + i };
  });
}

/**
 * Template fast path: the bus drained every batchOf() bookings. The minutiae-level prints are
 * drawn on the capture pool's threads (the records' with their index keys), a few chunks ahead of
 * the main thread, which enrols and books; the searches run on the search pool's.
 */
async function runTemplates(o: DemoOptions, network: Network, pool: CapturePool, people: SyntheticPerson[], plan: PlannedBooking[]): Promise<number> {
  const seededMarker = path.join(o.dir, 'seeded');
  if (!existsSync(seededMarker)) {
    // Records in chunks of ENROL_CHUNK people, each person's impressions in record order (criminal, encounter).
    const chunks = Math.ceil(people.length / ENROL_CHUNK);
    const draw = (c: number) => {
      const chunk = people.slice(c * ENROL_CHUNK, (c + 1) * ENROL_CHUNK);
      const wanted = chunk.flatMap((p) => [
        ...(p.priorConvictions.length > 0 ? [{ fingerSeed: p.fingerSeed, impression: CRIMINAL_IMPRESSION }] : []),
        ...(p.encounterId ? [{ fingerSeed: p.fingerSeed, impression: ENCOUNTER_IMPRESSION }] : []),
      ]);
      return pool.keyed(wanted).then((drawn) => ({ chunk, drawn }));
    };
    const ahead = drawnAhead(chunks, draw);
    for (let c = 0; c < chunks; c++) {
      const { chunk, drawn } = await ahead(c);
      let at = 0;
      for (const p of chunk) {
        const prints: RecordPrints = {};
        if (p.priorConvictions.length > 0) {
          const k = drawn[at++];
          network.cjisGallery.keep(k.fingers, k.keys);
          prints.criminal = k.fingers;
        }
        if (p.encounterId) {
          const k = drawn[at++];
          network.identGallery.keep(k.fingers, k.keys);
          prints.encounter = k.fingers;
        }
        await enrolPerson(network, p, prints);
      }
      o.progress?.(Math.min(people.length, (c + 1) * ENROL_CHUNK), people.length, 'enrolling the population');
    }
    writeFileSync(seededMarker, new Date().toISOString());
  }
  const batch = batchOf(plan.length);
  const batches = Math.ceil(plan.length / batch);
  const ahead = drawnAhead(batches, (c) => pool.impressions(plan.slice(c * batch, (c + 1) * batch).map((b) => ({ fingerSeed: b.person.fingerSeed, impression: b.impression }))));
  for (let c = 0; c < batches; c++) {
    const prints = await ahead(c);
    // Each agency's bookings of the batch sent together (one transaction each), in plan order.
    const byAgency = new Map<string, { tcn: string; personRef: string; car: Body<'car'> }[]>();
    for (let k = 0; k < prints.length; k++) {
      const b = plan[c * batch + k];
      const address = `booking:${oriOf(b.county)}`;
      if (!byAgency.has(address)) byAgency.set(address, []);
      byAgency.get(address)!.push({ tcn: b.tcn, personRef: b.person.ref, car: { ...carOf(b), templates: toWire(prints[k]) } });
    }
    for (const [address, bookings] of byAgency) await bookAll(network.node(address), bookings);
    await network.bus.idle();
    o.progress?.(Math.min(plan.length, (c + 1) * batch), plan.length, 'bookings');
  }
  return reportDispositions(network, plan);
}

/**
 * Chunk c's work started AHEAD chunks before it is needed (the pool's threads work while this
 * thread uses the earlier ones); each result is handed out once and then dropped.
 */
function drawnAhead<T>(chunks: number, start: (c: number) => Promise<T>): (c: number) => Promise<T> {
  const started = new Map<number, Promise<T>>();
  let next = 0;
  return (c) => {
    for (; next < Math.min(chunks, c + 1 + AHEAD); next++) {
      const p = start(next);
      p.catch(() => {}); // awaited when its turn comes; until then a rejection is not unhandled
      started.set(next, p);
    }
    const p = started.get(c)!;
    started.delete(c);
    return p;
  };
}

/**
 * Images path. The people never booked are enrolled from minutiae-level masters (their records are
 * only ever candidates, and a full master costs seconds); each booked person's ten masters are grown
 * once, in a worker, together with every one of their bookings' CARs, and their records enrolled
 * from those masters just before their first booking. Bookings go in plan order as their CARs come
 * back, while CJIS decodes and extracts earlier ones on the other workers; the bus is not drained
 * in between, so no core waits for another.
 */
async function runImages(o: DemoOptions, network: Network, pool: CapturePool, people: SyntheticPerson[], plan: PlannedBooking[]): Promise<number> {
  const byPerson = new Map<string, number[]>();
  plan.forEach((b, i) => byPerson.set(b.person.ref, [...(byPerson.get(b.person.ref) ?? []), i]));
  const seededMarker = path.join(o.dir, 'seeded');
  if (!existsSync(seededMarker)) {
    for (let i = 0; i < people.length; i++) {
      const p = people[i];
      await enrolPerson(network, p, needsPrints(p) && !byPerson.has(p.ref) ? recordPrints(p, createTemplateSubject(p.fingerSeed)) : null);
    }
    writeFileSync(seededMarker, new Date().toISOString());
  }
  // On resume, a person whose every booking is in already needs no prints (their records went in before their first booking).
  const booked = new Set((await Promise.all(network.select('booking:').map((n) => n.db.selectFrom('booking').select('tcn').execute()))).flat().map((r) => r.tcn as string));
  const captures = new Map<string, Promise<Map<number, Uint8Array>>>();
  const firsts = [...byPerson.values()].map((idx) => idx[0]);
  let submitted = 0;
  const submitUpTo = (limit: number) => {
    for (; submitted < firsts.length && firsts[submitted] <= limit; submitted++) {
      const idx = byPerson.get(plan[firsts[submitted]].person.ref)!;
      const todo = idx.filter((i) => !booked.has(plan[i].tcn));
      if (todo.length === 0) continue;
      const p = plan[idx[0]].person;
      const job = pool.capture(p.fingerSeed, todo.map((i) => ({ impression: plan[i].impression, car: carInput(plan[i]) })));
      captures.set(
        p.ref,
        job.then(async (r) => {
          await enrolPrints(network, p, recordPrints(p, r.subject));
          return new Map(todo.map((i, k) => [i, r.cars[k]]));
        }),
      );
    }
  };
  for (let i = 0; i < plan.length; i++) {
    const b = plan[i];
    // A few people ahead keep the workers busy; CJIS's extraction tasks queue behind only those.
    submitUpTo(i + CAPTURE_LOOKAHEAD);
    if (booked.has(b.tcn)) continue;
    const cars = await captures.get(b.person.ref)!;
    const nist = Buffer.from(cars.get(i)!).toString('base64');
    cars.delete(i);
    await book(network.node(`booking:${oriOf(b.county)}`), b.tcn, b.person.ref, { ...carOf(b), nist });
    o.progress?.(i + 1, plan.length, 'bookings');
  }
  await network.bus.idle();
  return reportDispositions(network, plan);
}

/** Court dispositions on bookings whose every charge is a traffic offense (the 2012 rule's cases). */
async function reportDispositions(network: Network, plan: PlannedBooking[]): Promise<number> {
  let dispositions = 0;
  for (const b of plan) {
    if (!b.charges.every((c) => c.offense === 'traffic')) continue;
    const d: Body<'disposition'> = { charge: 0, outcome: b.convicted ? 'convicted' : 'dismissed', date: b.bookedAt };
    await reportDisposition(network.node(`booking:${oriOf(b.county)}`), b.tcn, d);
    dispositions++;
  }
  return dispositions;
}

/** The CAR's text records: Type-1 (TOT CAR) and Type-2 (descriptors, arrest, charges); the worker adds the ten Type-4 fingers. */
function carInput(b: PlannedBooking): CarInput {
  return {
    tcn: b.tcn,
    ori: oriOf(b.county),
    date: b.bookedAt,
    subject: { name: b.person.name, dob: b.person.dob, pob: b.person.pob.length === 2 ? b.person.pob : 'US', sex: b.person.sex },
    arrestDate: b.bookedAt,
    charges: b.charges.map((c) => ({ ...c, date: b.bookedAt })),
  };
}

async function summarise(network: Network, plan: { tcn: string; person: SyntheticPerson; county: County; bookedAt: string }[], people: SyntheticPerson[], deadLetters: number, dispositions: number, population: number, templates: boolean, t0: number, cpu0: NodeJS.CpuUsage): Promise<DemoSummary> {
  const rows = async (prefix: string, table: string) => (await Promise.all(network.select(prefix).map((n) => n.db.selectFrom(table).selectAll().execute()))).flat();
  const bookings = await rows('booking:', 'booking');
  const identSearches = await rows('ident', 'ident_search');
  const cases = await rows('ero:', 'ero_case');
  const lescQueries = await rows('lesc', 'lesc_query');
  const cjisBookings = await rows('cjis', 'cjis_booking');
  const seeds = await rows('cjis', 'cjis_seed');
  const byEncounter = new Map(people.filter((p) => p.encounterId).map((p) => [p.encounterId!, p.ref]));
  const personOf = new Map(plan.map((b) => [b.tcn, b.person]));
  let correct = 0;
  let falseMatches = 0;
  let missed = 0;
  for (const s of identSearches) {
    const person = personOf.get(s.tcn)!;
    if (s.matched) byEncounter.get(s.matched) === person.ref ? correct++ : falseMatches++;
    else if (person.encounterId) missed++;
  }
  // CJIS: a hit is correct when the FBI number belongs to this person: their record from before the
  // run, or the one their own earlier booking created (whichever order CJIS saw the bookings in).
  const owner = new Map<string, string>(seeds.map((s) => [s.fbi, s.ref]));
  const sreOf = new Map(bookings.map((x) => [x.tcn, x.sre]));
  const answered = cjisBookings.map((b) => ({ b, sre: JSON.parse(sreOf.get(b.tcn) ?? 'null') as { ident: boolean } | null }));
  for (const { b, sre } of answered) if (sre && !sre.ident) owner.set(b.fbi, personOf.get(b.tcn)!.ref);
  let cjisCorrect = 0;
  let cjisFalse = 0;
  for (const { b, sre } of answered) if (sre?.ident) owner.get(b.fbi) === personOf.get(b.tcn)!.ref ? cjisCorrect++ : cjisFalse++;
  const level = (c: Record<string, unknown>) => (c.level == null ? null : Number(c.level));
  const decisions = cases.map((c) => JSON.parse(c.decision) as Decision);
  const byAction: Record<string, number> = {};
  for (const d of decisions) byAction[d.action] = (byAction[d.action] ?? 0) + 1;
  const audit = await verifyAudit(network.node('oversight').db);
  const ms = Math.round(performance.now() - t0);
  return {
    bookings: bookings.length,
    sre: bookings.filter((b) => b.sre).length,
    errt: bookings.filter((b) => b.errt).length,
    identSearches: identSearches.length,
    identMatches: identSearches.filter((s) => s.matched).length,
    iaq: lescQueries.length,
    iar: cases.length,
    detainersIssued: cases.filter((c) => c.detainer).length,
    detainersHonored: cases.filter((c) => c.detainer === 'honored').length,
    detainersDeclined: cases.filter((c) => c.detainer === 'declined').length,
    detainersBlocked: decisions.filter((d) => blockingRules(d).length > 0).length,
    byLevel: { level1: cases.filter((c) => level(c) === 1).length, level2: cases.filter((c) => level(c) === 2).length, level3: cases.filter((c) => level(c) === 3).length, none: cases.filter((c) => level(c) === null).length },
    byAction,
    dispositions,
    auditChainValid: audit.valid,
    auditEntries: audit.entries,
    deadLetters,
    groundTruth: { identMatchesCorrect: correct, falseMatches, missedMatches: missed, cjisHitsCorrect: cjisCorrect, cjisFalseHits: cjisFalse },
    population,
    mode: templates ? 'templates' : 'images',
    ms,
    cpuMs: Math.round(((u) => (u.user + u.system) / 1000)(process.cpuUsage(cpu0))),
    bookingsPerSecond: Math.round((bookings.length / ms) * 1000 * 10) / 10,
  };
}
