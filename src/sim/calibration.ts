import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { computeFigures, nationalFigures, type Figures } from '../stats/figures.ts';
import type { StatsTables } from '../stats/store.ts';
import { decide, shippedPolicies } from '../policy/index.ts';
import { openStore } from '../store/database.ts';
import { migrate } from '../store/migrations.ts';
import { appendEvents, statsMigrations } from '../stats/store.ts';
import { activeBy, parseCsvLine, type County } from './counties.ts';
import type { SimParameters } from './parameters.ts';
import { simulateRollout } from './rollout.ts';

/**
 * A published figure beside the model's value for the same thing at the same date, computed from
 * the stored events (or, for dates, from the county and policy data the model runs on). Month
 * granularity: each count is read cumulatively to the end of the month of its date.
 */
export interface CalibrationRow {
  figure: string;
  asOf: string;
  /** Counts and shares are numbers; dates are ISO strings. */
  target: number | string;
  model: number | string;
  /** Counts and shares: (model - target) / target; `at_least` figures: 0 when the model is above; dates: 0 equal, 1 not. */
  error: number;
  /** How the model's value is read, in words. */
  reading: string;
  source: string;
}

/** One row of ../shared/data/published/figures.csv. */
export interface PublishedFigure {
  figure: string;
  value: string;
  asOf: string;
  scope: string;
  source: string;
}

export const defaultFiguresPath = path.resolve(import.meta.dirname, '../../../shared/data/published/figures.csv');

const figureRow = z.object({ figure: z.string().regex(/^[a-z0-9_]+$/), value: z.string().min(1), as_of: z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/), scope: z.string(), source: z.string() });

export function loadPublishedFigures(file = defaultFiguresPath): PublishedFigure[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read published figures ${file}: ${(err as Error).message}`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = parseCsvLine(lines[0] ?? '');
  const cols = Object.keys(figureRow.shape);
  if (cols.some((c, i) => header[i] !== c)) throw new InputError(`${file}: line 1: expected columns ${cols.join(',')}, got ${header.join(',')}`);
  return lines.slice(1).map((line, i) => {
    const cells = parseCsvLine(line);
    const r = figureRow.safeParse(Object.fromEntries(cols.map((c, j) => [c, cells[j] ?? ''])));
    if (!r.success) throw new InputError(`${file}: line ${i + 2}: ${r.error.issues[0].path.join('.')} ${r.error.issues[0].message}`);
    return { figure: r.data.figure, value: r.data.value, asOf: r.data.as_of, scope: r.data.scope, source: r.data.source };
  });
}

/** What the model reads for a target: cumulative figures to a month, county figures, the county list. */
interface Reader {
  nation(through: string): Promise<Figures>;
  counties(through: string): Promise<Figures[]>;
  countyList: County[];
}

interface Target {
  /** Last month included. Where the figure's own period is known more precisely than its `as_of` (AP, 2010: "October 2008 through June"), that period. */
  through: string;
  /** count: grows with --scale and is read back divided by it; share; at_least: a lower bound ("above 50 percent"); date. */
  kind: 'count' | 'share' | 'at_least' | 'date';
  reading: string;
  value: (r: Reader) => Promise<number | string>;
}

/** Counties with at least this many transfers are read for the county-level "above 50 percent" figure. */
export const MIN_TRANSFERS_FOR_COUNTY_SHARE = 100;

/**
 * How each published figure is read from the model. Every row of figures.csv must have an entry
 * (a test holds that); the published values themselves are read from the file. The two IDENT
 * figures are the (ICE IDENT/IAFIS statistics), not in figures.csv.
 */
export const READINGS: Record<string, Target> = {
  ident_submissions: { through: '2011-02', kind: 'count', reading: 'submission events, October 2008 - February 2011', value: async (r) => (await r.nation('2011-02')).submissions },
  ident_matches: { through: '2011-02', kind: 'count', reading: 'ident_match events, October 2008 - February 2011', value: async (r) => (await r.nation('2011-02')).identMatches },
  removals_through_program: { through: '2010-06', kind: 'count', reading: 'removal events through June 2010 (AP: October 2008 through June 2010)', value: async (r) => (await r.nation('2010-06')).removals },
  removals_noncriminal_or_low_level_share: { through: '2010-06', kind: 'share', reading: 'removals with no conviction or a Level 2/3 conviction, over all removals, through June 2010', value: async (r) => (await r.nation('2010-06')).nonCriminalOrLowLevelShare },
  removals_noncriminal: { through: '2010-06', kind: 'count', reading: 'removals with no conviction, through June 2010', value: async (r) => (await r.nation('2010-06')).removalsByLevel.nonCriminal },
  removals_convicted_level1: { through: '2010-06', kind: 'count', reading: 'removals whose full conviction record is Level 1, through June 2010', value: async (r) => (await r.nation('2010-06')).removalsByLevel.level1 },
  removals_convicted_level2_3: { through: '2010-06', kind: 'count', reading: 'removals whose full conviction record is Level 2 or 3, through June 2010', value: async (r) => { const f = await r.nation('2010-06'); return f.removalsByLevel.level2 + f.removalsByLevel.level3; } },
  participating_agencies: { through: '2010-07', kind: 'count', reading: 'counties active by 2010-07-27 (one booking agency each)', value: async (r) => activeBy(r.countyList, '2010-07-27').length },
  participating_states: { through: '2010-07', kind: 'count', reading: 'states with an active county by 2010-07-27', value: async (r) => new Set(activeBy(r.countyList, '2010-07-27').map((c) => c.state)).size },
  identified_charged_or_convicted_level1: { through: '2010-04', kind: 'count', reading: 'ident_match events levelled 1 (booking charge or CJIS record), through April 2010', value: async (r) => (await r.nation('2010-04')).matchesByLevel.level1 },
  removed_level1_of_identified: { through: '2010-04', kind: 'count', reading: 'removals of people whose IDENT match was levelled 1, through April 2010', value: async (r) => (await r.nation('2010-04')).removalsByMatchLevel.level1 },
  removals_convicted: { through: '2011-04', kind: 'count', reading: 'removals with a conviction, through April 2011', value: async (r) => { const f = await r.nation('2011-04'); return f.removals - f.removalsByLevel.nonCriminal; } },
  removals_convicted_level1_2011: { through: '2011-04', kind: 'count', reading: 'removals convicted of Level 1, through April 2011', value: async (r) => (await r.nation('2011-04')).removalsByLevel.level1 },
  transferred_no_criminal_record_share: { through: '2011-06', kind: 'share', reading: 'transfers with no conviction, over all transfers, to mid-2011', value: async (r) => (await r.nation('2011-06')).noRecordTransferShare },
  transferred_no_criminal_record_share_above: {
    through: '2011-06',
    kind: 'at_least',
    reading: `highest county no-record transfer share to mid-2011 (counties with >= ${MIN_TRANSFERS_FOR_COUNTY_SHARE} transfers)`,
    value: async (r) => Math.max(0, ...(await r.counties('2011-06')).filter((f) => f.transfers >= MIN_TRANSFERS_FOR_COUNTY_SHARE).map((f) => f.noRecordTransferShare)),
  },
  first_activation: { through: '2008-10', kind: 'date', reading: 'earliest activation date in the county list', value: async (r) => r.countyList.map((c) => c.activation).filter((a): a is string => a !== null).sort()[0] ?? '' },
  nationwide_activation: { through: '2013-01', kind: 'date', reading: 'latest activation date in the county list', value: async (r) => r.countyList.map((c) => c.activation).filter((a): a is string => a !== null).sort().at(-1) ?? '' },
  minor_traffic_rule: { through: '2012-04', kind: 'date', reading: 'effective date of the first policy version with the minor traffic rule', value: async () => shippedPolicies().versions.find((v) => v.trafficRule)?.effective ?? '' },
};

/** The IDENT targets of the issue (ICE IDENT/IAFIS interoperability statistics), beside figures.csv. */
export const IDENT_TARGETS: PublishedFigure[] = [
  { figure: 'ident_submissions', value: '7200000', asOf: '2011-02', scope: 'national', source: 'ICE IDENT/IAFIS interoperability statistics: about 7.2 million submissions, October 2008 - February 2011' },
  { figure: 'ident_matches', value: '477035', asOf: '2011-02', scope: 'national', source: 'ICE IDENT/IAFIS interoperability statistics: 477,035 matches, October 2008 - February 2011' },
];

/** The calibration report: every published figure beside the model's reading of the stored events. */
export async function calibrationReport(db: Kysely<StatsTables>, counties: County[], scale = 1, published: PublishedFigure[] = [...IDENT_TARGETS, ...loadPublishedFigures()]): Promise<CalibrationRow[]> {
  const cache = new Map<string, Promise<unknown>>();
  const memo = <T>(key: string, f: () => Promise<T>): Promise<T> => {
    if (!cache.has(key)) cache.set(key, f());
    return cache.get(key) as Promise<T>;
  };
  const reader: Reader = {
    nation: (through) => memo(`n${through}`, () => nationalFigures(db, { through })),
    counties: (through) => memo(`c${through}`, () => computeFigures(db, { through, by: 'county' })),
    countyList: counties,
  };
  const rows: CalibrationRow[] = [];
  for (const p of published) {
    const t = READINGS[p.figure];
    if (!t) throw new InputError(`published figure '${p.figure}' has no model reading (add it to READINGS in src/sim/calibration.ts)`);
    const raw = await t.value(reader);
    let target: number | string;
    let model: number | string;
    let error: number;
    if (t.kind === 'date') {
      (target = p.value), (model = raw), (error = raw === p.value ? 0 : 1);
    } else {
      target = Number(p.value);
      if (!Number.isFinite(target)) throw new InputError(`published figure '${p.figure}': value '${p.value}' is not a number`);
      // County facts (agencies, states) do not grow with the scale; simulated counts do.
      model = t.kind === 'count' && !['participating_agencies', 'participating_states'].includes(p.figure) ? Number(raw) / scale : Number(raw);
      error = (model - target) / target;
      if (t.kind === 'at_least') error = Math.min(0, error);
    }
    rows.push({ figure: p.figure, asOf: t.through, target, model, error, reading: t.reading, source: p.source });
  }
  return rows;
}

/** Last day a calibration report needs the simulation to cover. */
export const CALIBRATION_THROUGH = '2011-06-30';

/** Runs the model over the calibration period into a throw-away store and reports. */
export async function calibrate(counties: County[], o: { seed: number; scale: number; params?: SimParameters }): Promise<CalibrationRow[]> {
  const store = openStore<StatsTables>({ kind: 'sqlite', file: ':memory:' });
  try {
    await migrate(store.db, statsMigrations);
    const events = simulateRollout({ counties, from: '2008-10-27', to: CALIBRATION_THROUGH, scale: o.scale, seed: o.seed, params: o.params, decide: (c) => decide(c) });
    await appendEvents(store.db, 'sim', events);
    return await calibrationReport(store.db, counties, o.scale);
  } finally {
    await store.close();
  }
}

/**
 * Fits the calibrated parameters: runs the model, compares with the targets, and multiplies each
 * parameter by target/model of the figure it moves most (for the 2010 priorities, of the part of
 * the figure after they took effect), until the iterations run out. Used by `scomm sim --calibrate
 * --fit`; the result is written into parameters.ts by hand, with the report, so the shipped model
 * is reproducible.
 */
export async function fitParameters(
  counties: County[],
  o: { seed: number; scale: number; iterations: number; start: SimParameters; onIteration?: (i: number, rows: CalibrationRow[]) => void },
): Promise<{ params: SimParameters; rows: CalibrationRow[] }> {
  let params = structuredClone(o.start);
  let rows: CalibrationRow[] = [];
  for (let i = 0; i < o.iterations; i++) {
    rows = await calibrate(counties, { seed: o.seed, scale: o.scale, params });
    o.onIteration?.(i, rows);
    const get = (figure: string) => rows.find((x) => x.figure === figure)!;
    const ratio = (figure: string) => {
      const r = get(figure);
      return Number(r.model) > 0 ? Number(r.target) / Number(r.model) : 2;
    };
    const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
    const n = (figure: string, v: 'target' | 'model') => Number(get(figure)[v]);
    // Growth after June 2010, published vs model: what the 2010 priorities changed.
    const later = (to: string, from: (v: 'target' | 'model') => number) => {
      const m = n(to, 'model') - from('model');
      return m > 0 ? (n(to, 'target') - from('target')) / m : 2;
    };
    const next = structuredClone(params);
    next.bookingsPerYear *= ratio('ident_submissions');
    next.matchPerNoncitizenShare *= ratio('ident_matches') / ratio('ident_submissions');
    next.chargeLevel1Scale = clamp(next.chargeLevel1Scale * ratio('identified_charged_or_convicted_level1') / ratio('ident_matches'), 0.01, 3);
    // More of the record missing at booking: fewer Level 1 identifications among the Level 1 removed.
    next.recordGapShare = clamp(1 - (1 - next.recordGapShare) * ratio('removed_level1_of_identified') ** 0.7 / ratio('removals_convicted_level1') ** 0.7, 0, 0.9);
    next.level1TransferFactor = clamp(next.level1TransferFactor * (ratio('removals_convicted_level1') / ratio('removals_through_program')), 0.05, 10);
    next.transferScale *= ratio('removals_through_program');
    next.noConvictionTransferFactor = clamp(next.noConvictionTransferFactor * (ratio('removals_noncriminal') / ratio('removals_through_program')) ** 0.8, 0.05, 3);
    const l1Later = later('removals_convicted_level1_2011', (v) => n('removals_convicted_level1', v));
    // All convicted removals after June 2010; Level 1 is part of them, so its own error is taken out.
    const convictedLater = later('removals_convicted', (v) => n('removals_convicted_level1', v) + n('removals_convicted_level2_3', v));
    next.priorities2010 = {
      ...next.priorities2010,
      level1: clamp(next.priorities2010.level1 * l1Later, 0.2, 5),
      level2or3: clamp(next.priorities2010.level2or3 * convictedLater ** 1.3 / l1Later ** 0.3, 0.2, 5),
      // About half the transfers to mid-2011 came after the priorities: their no-record odds move the whole share.
      none: clamp(next.priorities2010.none * ratio('transferred_no_criminal_record_share') ** 1.5 * convictedLater, 0.2, 5),
    };
    params = next;
  }
  return { params, rows };
}
