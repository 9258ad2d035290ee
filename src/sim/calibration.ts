import type { Kysely } from 'kysely';
import { nationalFigures } from '../stats/figures.ts';
import type { StatsTables } from '../stats/store.ts';
import { decide } from '../policy/index.ts';
import { openStore } from '../store/database.ts';
import { migrate } from '../store/migrations.ts';
import { appendEvents, statsMigrations } from '../stats/store.ts';
import { activeBy, type County } from './counties.ts';
import type { SimParameters } from './parameters.ts';
import { simulateRollout } from './rollout.ts';

/**
 * A published figure (../shared/data/published/figures.csv) beside the model's value for the same
 * thing at the same date, computed from the stored events. Month granularity: each target is read
 * at the end of the month of its date.
 */
export interface CalibrationRow {
  figure: string;
  asOf: string;
  target: number;
  model: number;
  /** (model - target) / target */
  error: number;
  source: string;
}

interface Target {
  figure: string;
  /** Last month included (the figure's date). */
  through: string;
  target: number;
  source: string;
  /** Counts grow with --scale and are read back divided by it; shares and county facts do not. */
  kind: 'count' | 'share' | 'fixed';
  value: (f: Awaited<ReturnType<typeof nationalFigures>>, counties: County[]) => number;
}

/**
 * The targets and how each is read from the events. Dates where the published figure's own
 * period is known more precisely than its `as_of` column (AP, 2010: "October 2008 through June";
 * ICE IDENT statistics "October 2008 and February 2011") use that period.
 */
export const TARGETS: Target[] = [
  { figure: 'ident_submissions', through: '2011-02', target: 7_200_000, source: 'ICE IDENT/IAFIS interoperability statistics: ~7.2 M submissions by February 2011', kind: 'count', value: (f) => f.submissions },
  { figure: 'ident_matches', through: '2011-02', target: 477_035, source: 'ICE IDENT statistics, October 2008 - February 2011', kind: 'count', value: (f) => f.identMatches },
  { figure: 'removals_through_program', through: '2010-06', target: 46_929, source: 'figures.csv (AP report: October 2008 through June 2010)', kind: 'count', value: (f) => f.removals },
  { figure: 'removals_noncriminal_or_low_level_share', through: '2010-06', target: 0.79, source: 'figures.csv', kind: 'share', value: (f) => f.nonCriminalOrLowLevelShare },
  { figure: 'removals_noncriminal', through: '2010-06', target: 12_000, source: 'figures.csv', kind: 'count', value: (f) => f.removalsByLevel.nonCriminal },
  { figure: 'removals_convicted_level1', through: '2010-06', target: 9_800, source: 'figures.csv', kind: 'count', value: (f) => f.removalsByLevel.level1 },
  { figure: 'removals_convicted_level2_3', through: '2010-06', target: 24_800, source: 'figures.csv', kind: 'count', value: (f) => f.removalsByLevel.level2 + f.removalsByLevel.level3 },
  { figure: 'identified_charged_or_convicted_level1', through: '2010-04', target: 18_000, source: 'figures.csv (ICE fact sheet, 2010-04-27)', kind: 'count', value: (f) => f.matchesByLevel.level1 },
  { figure: 'removals_convicted', through: '2011-04', target: 77_000, source: 'figures.csv', kind: 'count', value: (f) => f.removals - f.removalsByLevel.nonCriminal },
  { figure: 'removals_convicted_level1_2011', through: '2011-04', target: 28_000, source: 'figures.csv', kind: 'count', value: (f) => f.removalsByLevel.level1 },
  { figure: 'transferred_no_criminal_record_share', through: '2011-06', target: 0.28, source: 'figures.csv (2011; read cumulative to mid-2011)', kind: 'share', value: (f) => f.noRecordTransferShare },
  { figure: 'participating_agencies', through: '2010-07', target: 481, source: 'figures.csv (ICE, 2010: 481 agencies in 27 states; counties active by 2010-07-27)', kind: 'fixed', value: (_, c) => activeBy(c, '2010-07-27').length },
  { figure: 'participating_states', through: '2010-07', target: 27, source: 'figures.csv', kind: 'fixed', value: (_, c) => new Set(activeBy(c, '2010-07-27').map((x) => x.state)).size },
];

/** The calibration report, read from the stored events (the simulation must have covered the dates). */
export async function calibrationReport(db: Kysely<StatsTables>, counties: County[], scale = 1): Promise<CalibrationRow[]> {
  const rows: CalibrationRow[] = [];
  const cache = new Map<string, Awaited<ReturnType<typeof nationalFigures>>>();
  for (const t of TARGETS) {
    const f = cache.get(t.through) ?? (await nationalFigures(db, { through: t.through }));
    cache.set(t.through, f);
    const model = t.kind === 'count' ? t.value(f, counties) / scale : t.value(f, counties);
    rows.push({ figure: t.figure, asOf: t.through, target: t.target, model, error: (model - t.target) / t.target, source: t.source });
  }
  return rows;
}

/** Last month a calibration report needs the simulation to cover. */
export const CALIBRATION_THROUGH = '2011-06-30';

/**
 * Fits the calibrated parameters: runs the model, compares with the targets, and multiplies each
 * parameter by target/model of the figure it moves most, until every error is small or the
 * iterations run out. Returns the parameters and the last report. Used by `scomm sim --calibrate
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
    const store = openStore<StatsTables>({ kind: 'sqlite', file: ':memory:' });
    try {
      await migrate(store.db, statsMigrations);
      const events = simulateRollout({ counties, from: '2008-10-27', to: CALIBRATION_THROUGH, scale: o.scale, seed: o.seed, params, decide: (c) => decide(c) });
      await appendEvents(store.db, 'sim', events);
      rows = await calibrationReport(store.db, counties, o.scale);
    } finally {
      await store.close();
    }
    o.onIteration?.(i, rows);
    const ratio = (figure: string) => {
      const r = rows.find((x) => x.figure === figure)!;
      return r.model > 0 ? r.target / r.model : 2;
    };
    const next = structuredClone(params);
    next.bookingsPerYear *= ratio('ident_submissions');
    next.matchPerNoncitizenShare *= ratio('ident_matches') / ratio('ident_submissions');
    const l1 = ratio('identified_charged_or_convicted_level1') / ratio('ident_matches');
    next.chargeLevel1Scale = Math.min(3, next.chargeLevel1Scale * l1 ** 1.5 / ratio('removals_convicted_level1_2011') ** 0.5);
    next.convictionLevel1Share = Math.min(0.9, next.convictionLevel1Share * ratio('removals_convicted_level1_2011') ** 0.7);
    next.level1TransferFactor = Math.min(10, next.level1TransferFactor * ratio('removals_convicted_level1') ** 0.5);
    next.transferScale *= ratio('removals_through_program');
    next.noConvictionTransferFactor = Math.min(2, next.noConvictionTransferFactor * (ratio('removals_noncriminal') / ratio('removals_through_program')) ** 0.8);
    params = next;
  }
  return { params, rows };
}
