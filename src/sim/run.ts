import type { Kysely } from 'kysely';
import { decide, policyById, type PolicyCase } from '../policy/index.ts';
import { InputError } from '../errors.ts';
import { nationalFigures } from '../stats/figures.ts';
import { appendEvents, type StatsTables } from '../stats/store.ts';
import { activeBy, type County } from './counties.ts';
import { simulateRollout } from './rollout.ts';

export interface SimRunOptions {
  counties: County[];
  from: string;
  to: string;
  scale: number;
  seed: number;
  /** Decide every case under this version instead of the one in force on its date. */
  policyId?: string;
  safeguards?: boolean;
  optedOut?: ReadonlySet<string>;
  onProgress?: (done: number, total: number) => void;
}

export interface SimSummary {
  from: string;
  to: string;
  scale: number;
  seed: number;
  bookings: number;
  submissions: number;
  identMatches: number;
  detainers: number;
  removals: number;
  removalsByLevel: { level1: number; level2: number; level3: number; nonCriminal: number };
  nonCriminalShare: number;
  noRecordTransferShare: number;
  jurisdictionsActive: number;
  statesActive: number;
  eventRows: number;
  ms: number;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Runs the fast statistical rollout and stores its events (replacing the previous simulation's),
 * then reads the summary back from the stored events.
 */
export async function runSimulation(db: Kysely<StatsTables>, o: SimRunOptions): Promise<SimSummary> {
  for (const [name, v] of [['--from', o.from], ['--to', o.to]] as const) {
    if (!ISO.test(v) || Number.isNaN(Date.parse(v))) throw new InputError(`${name} must be a date YYYY-MM-DD (got '${v}')`);
  }
  if (o.from > o.to) throw new InputError(`--from ${o.from} is after --to ${o.to}`);
  // 0 is allowed: a --through-network run whose whole volume goes through the nodes.
  if (!(o.scale >= 0 && o.scale <= 10)) throw new InputError(`--scale must be in (0, 10] (got ${o.scale})`);
  if (o.policyId) policyById(o.policyId);
  const t0 = performance.now();
  const events = simulateRollout({
    counties: o.counties,
    from: o.from,
    to: o.to,
    scale: o.scale,
    seed: o.seed,
    optedOut: o.optedOut,
    decide: (c: PolicyCase) => decide(c, { policyId: o.policyId, safeguards: o.safeguards }),
    onProgress: o.onProgress,
  });
  const eventRows = await appendEvents(db, 'sim', events, { replace: true });
  const f = await nationalFigures(db, {});
  const active = activeBy(o.counties, o.to);
  return {
    from: o.from,
    to: o.to,
    scale: o.scale,
    seed: o.seed,
    bookings: f.bookings,
    submissions: f.submissions,
    identMatches: f.identMatches,
    detainers: f.detainers,
    removals: f.removals,
    removalsByLevel: f.removalsByLevel,
    nonCriminalShare: f.nonCriminalShare,
    noRecordTransferShare: f.noRecordTransferShare,
    jurisdictionsActive: active.length,
    statesActive: new Set(active.map((c) => c.state)).size,
    eventRows,
    ms: Math.round(performance.now() - t0),
  };
}
