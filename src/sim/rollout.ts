import type { OffenseCategory, PolicyCase } from '../policy/case.ts';
import { Rng } from '../random.ts';
import type { EventKind, StatEvent } from '../stats/events.ts';
import type { County } from './counties.ts';
import { LEVEL1_CHARGES, SIM_PARAMETERS, type SimParameters } from './parameters.ts';

/** The case format of `scomm policy evaluate` (DESIGN.md), as the simulation builds it. */
export type SimCase = PolicyCase;

/** What the simulation needs of a policy decision: the ICE level, the conviction priority, the action. */
export interface SimDecision {
  level: number | null;
  priority: number | null;
  action: string;
}
export type DecideFn = (c: SimCase) => SimDecision;

export interface RolloutOptions {
  counties: County[];
  from: string;
  to: string;
  /** Share of the real booking volume to simulate (1 = every booking). */
  scale: number;
  seed: number;
  decide: DecideFn;
  /** Counties whose opt-out request is honored: prints go to CJIS but not to IDENT. */
  optedOut?: ReadonlySet<string>;
  onProgress?: (monthsDone: number, monthsTotal: number) => void;
  params?: SimParameters;
}

const DAY_MS = 86_400_000;

/**
 * The fast statistical mode: bookings per county and day in proportion to population, searched in
 * IDENT from the county's activation date, matches decided by the policy version in force, and the
 * resulting transfers and removals. Returns the events summed per month, county, kind and level.
 * Deterministic for a seed, independent of how many counties or months are run before a given one.
 */
export function simulateRollout(opts: RolloutOptions): StatEvent[] {
  const P = opts.params ?? SIM_PARAMETERS;
  const from = Date.parse(opts.from + 'T00:00:00Z');
  const to = Date.parse(opts.to + 'T00:00:00Z');
  const counts = new Map<string, number>();
  const add = (month: string, c: County, kind: EventKind, level: number, convicted: boolean, n = 1, matchLevel = level) => {
    if (n <= 0) return;
    const key = `${month}|${c.fips}|${c.state}|${kind}|${level}|${convicted ? 1 : 0}|${matchLevel}`;
    counts.set(key, (counts.get(key) ?? 0) + n);
  };
  const months = monthsBetween(from, to);
  const root = new Rng(opts.seed);
  const perDay = (P.bookingsPerYear / 365) * opts.scale;
  const nationalPopulation = opts.counties.reduce((s, c) => s + c.population, 0);
  const priorities2010 = Date.parse(P.priorities2010.from + 'T00:00:00Z');
  const { chargeNames, chargeWeights } = chargeModel(P);

  const states = countyModels(opts.counties, P, root, perDay, nationalPopulation);

  let caseNo = 0;
  months.forEach(({ start, end, label }, mi) => {
    const lo = Math.max(start, from);
    const hi = Math.min(end, to); // inclusive last day
    const days = Math.round((hi - lo) / DAY_MS) + 1;
    for (const s of states) {
      if (s.bookingRate === 0) continue;
      const firstActive = Math.max(lo, s.activation);
      const activeDays = firstActive > hi ? 0 : Math.round((hi - firstActive) / DAY_MS) + 1;
      const searched = activeDays > 0 && !opts.optedOut?.has(s.county.fips);
      const active = s.rng.poisson(s.bookingRate * activeDays);
      const inactive = s.rng.poisson(s.bookingRate * (days - activeDays));
      add(label, s.county, 'booking', 0, false, active + inactive);
      if (!searched) continue;
      add(label, s.county, 'submission', 0, false, active);
      const matches = s.rng.binomial(active, s.matchP);
      for (let m = 0; m < matches; m++) {
        const bookedAt = firstActive + s.rng.int(activeDays) * DAY_MS;
        const c = drawCase(P, s.rng, `sim-${++caseNo}`, bookedAt, chargeNames, chargeWeights);
        // IDENT and ICE first see the CJIS record; a conviction missing from it is found before removal.
        const fullRecord = c.convictions;
        if (fullRecord.length > 0 && s.rng.chance(P.recordGapShare)) c.convictions = [];
        let d = opts.decide(c);
        const matchLevel = d.level ?? 0;
        add(label, s.county, 'ident_match', matchLevel, c.convictions.length > 0);
        add(label, s.county, d.action as EventKind, matchLevel, c.convictions.length > 0);
        let decidedAt = bookedAt;
        let convictions = fullRecord;
        if (d.action === 'await_conviction' && s.rng.chance(P.trafficConvictionShare)) {
          // The disposition convicts on the traffic charge: the case is decided again.
          decidedAt = bookedAt + (30 + s.rng.int(60)) * DAY_MS;
          const conviction = { ...c.charges[0], date: isoDay(decidedAt), sentenceDays: 10 };
          c.convictions = [...c.convictions, conviction];
          convictions = [...fullRecord, conviction];
          d = opts.decide(c);
        }
        const convictedNow = convictions.length > 0;
        // ICE counts removals by conviction ("convicted of Level 1 crimes"): the level of the full record alone.
        const level = convictedNow ? (opts.decide({ ...c, charges: [], convictions }).level ?? 3) : 0;
        let pTransfer = (P.transferProbability[d.action] ?? 0) * P.transferScale;
        if (!convictedNow) pTransfer *= s.noConvictionOdds;
        else if (level === 1) pTransfer *= P.level1TransferFactor;
        if (c.immigration.status === 'lpr') pTransfer *= d.priority === 1 ? 1 : P.lprTransferFactor;
        if (c.immigration.status === 'citizen') pTransfer = 0;
        // A felony charge is prosecuted (and any sentence served) before ICE can take custody.
        const custodyDays = c.charges[0].severity === 'felony' ? Math.round(-Math.log(1 - s.rng.next()) * P.felonyCustodyMeanDays) : 0;
        const transferAt = decidedAt + (custodyDays + s.rng.int(3)) * DAY_MS;
        if (transferAt >= priorities2010) pTransfer *= !convictedNow ? P.priorities2010.none : level === 1 ? P.priorities2010.level1 : P.priorities2010.level2or3;
        if (!s.rng.chance(Math.min(1, pTransfer))) continue;
        if (transferAt <= to) add(monthLabel(transferAt), s.county, 'transfer', level, convictedNow, 1, matchLevel);
        if (!s.rng.chance(P.removalGivenTransfer * (convictedNow ? 1 : P.noConvictionRemovalFactor))) continue;
        const removedAt = transferAt + Math.round(P.removalDelayMinDays + -Math.log(1 - s.rng.next()) * P.removalDelayMeanExtraDays) * DAY_MS;
        if (removedAt <= to) add(monthLabel(removedAt), s.county, 'removal', level, convictedNow, 1, matchLevel);
      }
    }
    opts.onProgress?.(mi + 1, months.length);
  });

  const events: StatEvent[] = [];
  for (const [key, count] of counts) {
    const [month, fips, state, kind, level, convicted, matchLevel] = key.split('|');
    events.push({ month, fips, state, kind: kind as EventKind, level: Number(level), convicted: convicted === '1', count, matchLevel: Number(matchLevel) });
  }
  return events;
}

/** What the model draws per county, once per run: booking rate (per day), match probability, enforcement odds. */
export interface CountyModel {
  county: County;
  rng: Rng;
  bookingRate: number;
  matchP: number;
  noConvictionOdds: number;
  /** UTC ms of the activation day, Infinity when never activated. */
  activation: number;
}

/** The county models of a run; each county's draws come from its own fork of the root, so they do not depend on which others run. */
export function countyModels(counties: County[], P: SimParameters, root: Rng, perDay: number, nationalPopulation: number): CountyModel[] {
  return counties.map((c) => {
    const r = root.fork(c.fips);
    return {
      county: c,
      rng: r,
      bookingRate: c.population > 0 ? (perDay * c.population * logNormalMean1(r, P.countyBookingSigma)) / nationalPopulation : 0,
      matchP: c.population > 0 ? Math.min(P.matchProbabilityCap, P.matchPerNoncitizenShare * (c.noncitizens / c.population) ** P.matchNoncitizenExponent * logNormalMean1(r, P.countyMatchSigma)) : 0,
      noConvictionOdds: P.noConvictionTransferFactor * logNormalMean1(r, P.countyNoConvictionSigma),
      activation: c.activation ? Date.parse(c.activation + 'T00:00:00Z') : Infinity,
    };
  });
}

/** The booking-charge categories and their weights (Level 1 ones scaled). */
export function chargeModel(P: SimParameters): { chargeNames: OffenseCategory[]; chargeWeights: Float64Array } {
  const chargeNames = Object.keys(P.chargeMix) as OffenseCategory[];
  return { chargeNames, chargeWeights: Float64Array.from(chargeNames, (c) => P.chargeMix[c]! * (LEVEL1_CHARGES.includes(c) ? P.chargeLevel1Scale : 1)) };
}

/** One matched person's case as the model draws it: status, booking charge, full conviction record, safeguard flags. */
export function drawCase(P: SimParameters, rng: Rng, caseId: string, bookedAt: number, chargeNames: OffenseCategory[], chargeWeights: Float64Array): SimCase {
  const statusDraw = rng.next();
  const st = P.matchedStatus;
  const status = statusDraw < st.removable ? 'removable' : statusDraw < st.removable + st.lpr ? 'lpr' : 'citizen';
  const offense = chargeNames[rng.weighted(chargeWeights)];
  const charges = [{ offense, severity: chargeSeverity(offense, rng) }];
  const convictions: SimCase['convictions'] = [];
  if (rng.chance(P.matchedConvictedShare)) {
    const l1 = P.convictionLevel1Share;
    const l2 = l1 + (1 - l1) * P.convictionLevel2Share;
    const x = rng.next();
    const date = isoDay(bookedAt - (200 + rng.int(3000)) * DAY_MS);
    if (x < l1) convictions.push({ offense: rng.pick<OffenseCategory>(['robbery', 'aggravated_assault', 'drugs', 'weapons', 'sex_offense']), severity: 'felony', date, sentenceDays: 400 + rng.int(1500) });
    else if (x < l2) convictions.push({ offense: rng.pick<OffenseCategory>(['burglary', 'larceny', 'fraud']), severity: 'felony', date, sentenceDays: 90 + rng.int(600) });
    else convictions.push({ offense: rng.pick<OffenseCategory>(['petty', 'traffic', 'larceny', 'dui']), severity: 'misdemeanor', date, sentenceDays: rng.int(180) });
  }
  return {
    caseId,
    bookedAt: isoDay(bookedAt),
    charges,
    convictions,
    immigration: { status },
    flags: {
      victimOrWitness: rng.chance(P.victimOrWitnessShare),
      claimsUsCitizenship: rng.chance(P.claimsCitizenshipShare),
      juvenile: rng.chance(P.juvenileShare),
    },
  };
}

const FELONY_CHARGES = new Set<OffenseCategory>(['homicide', 'kidnapping', 'sexual_assault', 'robbery', 'aggravated_assault', 'weapons', 'sex_offense', 'child_cruelty', 'hit_and_run_injury', 'burglary', 'reckless_driving_injury']);

function chargeSeverity(offense: OffenseCategory, rng: Rng): 'felony' | 'misdemeanor' | 'infraction' {
  if (FELONY_CHARGES.has(offense)) return 'felony';
  if (offense === 'traffic') return rng.chance(0.3) ? 'infraction' : 'misdemeanor';
  if (offense === 'drugs' || offense === 'fraud' || offense === 'larceny') return rng.chance(0.4) ? 'felony' : 'misdemeanor';
  return 'misdemeanor';
}

/** A multiplier with mean 1 whose log is normal with the given sigma. */
function logNormalMean1(rng: Rng, sigma: number): number {
  return Math.exp(rng.normal(-(sigma * sigma) / 2, sigma));
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function monthLabel(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** Calendar months overlapping [from, to], with their first and last day (UTC ms). */
export function monthsBetween(from: number, to: number): { start: number; end: number; label: string }[] {
  const out: { start: number; end: number; label: string }[] = [];
  const d = new Date(from);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  for (;;) {
    const start = Date.UTC(y, m, 1);
    if (start > to) break;
    const end = Date.UTC(y, m + 1, 1) - DAY_MS;
    out.push({ start, end, label: monthLabel(start) });
    m++;
    if (m === 12) (m = 0), y++;
  }
  return out;
}
