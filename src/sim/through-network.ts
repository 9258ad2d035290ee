import { book } from '../agencies/booking/node.ts';
import { seedCriminalRecord } from '../agencies/cjis/node.ts';
import { enrolEncounter } from '../agencies/ident/node.ts';
import { recordStatus } from '../agencies/lesc/node.ts';
import { toWire } from '../agencies/runtime/prints.ts';
import { createTemplateSubject, impressionTemplates } from '../biometrics/synth/index.ts';
import { InProcessBus } from '../bus/index.ts';
import type { Body } from '../messages/index.ts';
import { Rng } from '../random.ts';
import { openStore, type Store } from '../store/database.ts';
import type { County } from './counties.ts';
import { Network, oriOf } from './network.ts';
import { SIM_PARAMETERS, type SimParameters } from './parameters.ts';
import { chargeModel, countyModels, drawCase, isoDay, monthsBetween } from './rollout.ts';

export interface ThroughNetworkOptions {
  counties: County[];
  from: string;
  to: string;
  /** Share of the real booking volume that goes through the nodes (the rest is the fast mode's). */
  share: number;
  seed: number;
  /**
   * Opens the store the oversight node writes its audit chain and statistics events to: the one
   * `scomm report` reads. The other nodes keep their tables in memory for the run.
   */
  oversightStore: () => Store;
  params?: SimParameters;
  onProgress?: (done: number, total: number, phase: string) => void;
}

/** What the nodes' own tables say at the end of the run (the events are read from the store apart). */
export interface NetworkTables {
  bookings: number;
  cjisBookings: number;
  identSearches: number;
  identMatches: number;
  cases: number;
  casesByLevel: { level1: number; level2: number; level3: number; nonCriminal: number };
  casesByAction: Record<string, number>;
  detainers: number;
  auditEntries: number;
}

export interface ThroughNetworkSummary {
  bookings: number;
  counties: number;
  nodes: number;
  /** Prefix of this run's TCNs (the oversight store keeps every run's messages; TCNs never repeat). */
  run: string;
  tables: NetworkTables;
  /** IDENT searches against what the generator knows: the booked person's own encounter found, another one, or none. */
  groundTruth: { inIdentAndSearched: number; matchesCorrect: number; falseMatches: number; missedMatches: number };
  deadLetters: number;
  ms: number;
  bookingsPerSecond: number;
}

const DAY_MS = 86_400_000;
const BATCH = 50;

/**
 * Drives a sampled share of the rollout's bookings through the real agency nodes (template fast
 * path): the same county rates, match probabilities and case draws as the fast mode, but the
 * match is found by IDENT's 1:N search, the level and action decided by the ERO field office, and
 * the statistics events written by the oversight node from the messages it receives.
 */
export async function runThroughNetwork(o: ThroughNetworkOptions): Promise<ThroughNetworkSummary> {
  const t0 = performance.now();
  const P = o.params ?? SIM_PARAMETERS;
  const from = Date.parse(o.from + 'T00:00:00Z');
  const to = Date.parse(o.to + 'T00:00:00Z');
  const nationalPopulation = o.counties.reduce((s, c) => s + c.population, 0);
  const models = countyModels(o.counties, P, new Rng(`network-${o.seed}`), (P.bookingsPerYear / 365) * o.share, nationalPopulation);
  const { chargeNames, chargeWeights } = chargeModel(P);

  // The sample: who is booked where and when, and what the records hold about them.
  const plan: { model: (typeof models)[number]; bookedAt: number; case: ReturnType<typeof drawCase>; recorded: ReturnType<typeof drawCase>['convictions']; inIdent: boolean }[] = [];
  for (const { start, end } of monthsBetween(from, to)) {
    const lo = Math.max(start, from);
    const days = Math.round((Math.min(end, to) - lo) / DAY_MS) + 1;
    for (const m of models) {
      if (m.bookingRate === 0) continue;
      const n = m.rng.poisson(m.bookingRate * days);
      for (let i = 0; i < n; i++) {
        const bookedAt = lo + m.rng.int(days) * DAY_MS;
        const c = drawCase(P, m.rng, `net-${plan.length}`, bookedAt, chargeNames, chargeWeights);
        const recorded = c.convictions.length > 0 && m.rng.chance(P.recordGapShare) ? [] : c.convictions;
        plan.push({ model: m, bookedAt, case: c, recorded, inIdent: m.rng.chance(m.matchP) });
      }
    }
  }
  const counties = [...new Map(plan.map((b) => [b.model.county.fips, b.model.county])).values()];
  const network = await Network.start({
    counties,
    bus: new InProcessBus(),
    storeFor: (address) => (address === 'oversight' ? o.oversightStore() : openStore({ kind: 'sqlite', file: ':memory:' })),
  });
  try {
    const run = `N${Date.now().toString(36).toUpperCase()}`;
    const subjects = plan.map((_, i) => createTemplateSubject(o.seed * 7_919 + i * 104_729 + 17));
    const cjis = network.node('cjis');
    const ident = network.node('ident');
    const lesc = network.node('lesc');
    for (let i = 0; i < plan.length; i++) {
      const b = plan[i];
      const ref = `${run}-P${i}`;
      if (b.recorded.length > 0) await seedCriminalRecord(cjis, network.cjisGallery, impressionTemplates(subjects[i], 2), b.recorded, ref);
      if (b.inIdent) {
        const aNumber = `A${String(200_000_000 + i)}`;
        await enrolEncounter(ident, network.identGallery, `E${i}`, aNumber, b.case.immigration.status === 'removable' ? 'border' : 'visa', impressionTemplates(subjects[i], 1));
        // A matched "citizen" is a naturalised person IDENT still holds: LESC records the citizenship.
        await recordStatus(lesc, aNumber, b.case.immigration.status);
      }
      if (i % 200 === 0) o.onProgress?.(i, plan.length, 'enrolling records');
    }
    for (let i = 0; i < plan.length; i++) {
      const b = plan[i];
      const c = b.model.county;
      const car: Body<'car'> = {
        ori: oriOf(c),
        county: c.fips,
        bookedAt: isoDay(b.bookedAt),
        subject: { name: `TESTPERSON,NETWORK ${i}`, dob: '1980-01-01', pob: b.inIdent ? 'MX' : 'US', sex: i % 5 === 0 ? 'F' : 'M' },
        charges: b.case.charges,
        flags: b.case.flags,
        templates: toWire(impressionTemplates(subjects[i], 100)),
      };
      await book(network.node(`booking:${oriOf(c)}`), `${run}-${i}`, `${run}-P${i}`, car);
      if ((i + 1) % BATCH === 0 || i === plan.length - 1) {
        await network.bus.idle();
        o.onProgress?.(i + 1, plan.length, 'bookings');
      }
    }
    await network.drain();
    const tables = await readTables(network);
    const groundTruth = { inIdentAndSearched: 0, matchesCorrect: 0, falseMatches: 0, missedMatches: 0 };
    const searches = new Map((await network.node('ident').db.selectFrom('ident_search').select(['tcn', 'matched']).execute()).map((x) => [x.tcn as string, x.matched as string | null]));
    plan.forEach((b, i) => {
      const searched = searches.has(`${run}-${i}`);
      const matched = searches.get(`${run}-${i}`) ?? null;
      if (b.inIdent && searched) groundTruth.inIdentAndSearched++;
      if (matched) matched === `E${i}` ? groundTruth.matchesCorrect++ : groundTruth.falseMatches++;
      else if (b.inIdent && searched) groundTruth.missedMatches++;
    });
    const ms = Math.round(performance.now() - t0);
    return { bookings: plan.length, counties: counties.length, nodes: network.nodes.size, run, tables, groundTruth, deadLetters: network.bus.deadLetters().length, ms, bookingsPerSecond: Math.round((plan.length / ms) * 10_000) / 10 };
  } finally {
    await network.close();
  }
}

async function readTables(network: Network): Promise<NetworkTables> {
  const rows = async (prefix: string, table: string) => (await Promise.all(network.select(prefix).map((n) => n.db.selectFrom(table).selectAll().execute()))).flat();
  const searches = await rows('ident', 'ident_search');
  const cases = await rows('ero:', 'ero_case');
  const level = (l: unknown) => (l == null ? 'nonCriminal' : (`level${Number(l)}` as 'level1' | 'level2' | 'level3'));
  const casesByLevel = { level1: 0, level2: 0, level3: 0, nonCriminal: 0 };
  const casesByAction: Record<string, number> = {};
  for (const c of cases) {
    casesByLevel[level(c.level)]++;
    casesByAction[c.action] = (casesByAction[c.action] ?? 0) + 1;
  }
  const audit = await network.node('oversight').db.selectFrom('audit_head').select('seq').executeTakeFirst();
  return {
    bookings: (await rows('booking:', 'booking')).length,
    cjisBookings: (await rows('cjis', 'cjis_booking')).length,
    identSearches: searches.length,
    identMatches: searches.filter((s) => s.matched).length,
    cases: cases.length,
    casesByLevel,
    casesByAction,
    detainers: cases.filter((c) => c.detainer).length,
    auditEntries: Number(audit?.seq ?? 0),
  };
}
