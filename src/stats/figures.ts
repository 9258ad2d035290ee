import { sql, type Kysely } from 'kysely';
import type { EventSource } from './events.ts';
import type { StatsTables } from './store.ts';

/** Removals or matches split by ICE level; nonCriminal = level 0 (no conviction / no charge level). */
export interface ByLevel {
  level1: number;
  level2: number;
  level3: number;
  nonCriminal: number;
}

/** The monthly (or cumulative) interoperability figures of one area. Shares are fractions in [0, 1]. */
export interface Figures {
  area: string;
  bookings: number;
  submissions: number;
  identMatches: number;
  matchesByLevel: ByLevel;
  detainers: number;
  notifications: number;
  reviews: number;
  awaitingConviction: number;
  noAction: number;
  transfers: number;
  transfersNoRecord: number;
  removals: number;
  removalsByLevel: ByLevel;
  /** The same removals by the level their IDENT match was given (charge or record based). */
  removalsByMatchLevel: ByLevel;
  /** Removals of people with no criminal conviction, over all removals (0 when none). */
  nonCriminalShare: number;
  /** Removals that were non-criminal or level 2/3, over all removals. */
  nonCriminalOrLowLevelShare: number;
  /** Transfers of people with no criminal record, over all transfers. */
  noRecordTransferShare: number;
  /** Matches whose action was await_conviction (minor traffic rule), over all matches. */
  awaitingConvictionShare: number;
}

export type AreaLevel = 'nation' | 'state' | 'county';

export interface FigureQuery {
  /** Only this month (YYYY-MM)... */
  month?: string;
  /** ...or every month up to and including this one (cumulative). */
  through?: string;
  /** From this month on (with `through`: a window). */
  since?: string;
  /** Only the events of this source (the rollout simulation or the workflow's nodes); all by default. */
  source?: EventSource;
  by: AreaLevel;
}

/** Figures computed from the stored events, grouped by area. */
export async function computeFigures(db: Kysely<StatsTables>, q: FigureQuery): Promise<Figures[]> {
  const areaCol = q.by === 'nation' ? sql<string>`'US'` : q.by === 'state' ? sql<string>`state` : sql<string>`fips`;
  let query = db
    .selectFrom('stats_events')
    .select([areaCol.as('area'), 'kind', 'level', 'convicted', 'match_level', sql<number>`sum(count)`.as('n')])
    .groupBy([sql`1`, 'kind', 'level', 'convicted', 'match_level']);
  if (q.month) query = query.where('month', '=', q.month);
  if (q.through) query = query.where('month', '<=', q.through);
  if (q.since) query = query.where('month', '>=', q.since);
  if (q.source) query = query.where('source', '=', q.source);
  const rows = await query.execute();
  const areas = new Map<string, Figures>();
  for (const r of rows) {
    const f = areas.get(r.area) ?? emptyFigures(r.area);
    areas.set(r.area, f);
    accumulate(f, r.kind, Number(r.level), Number(r.convicted), Number(r.n), Number(r.match_level));
  }
  for (const f of areas.values()) finishShares(f);
  return [...areas.values()].sort((a, b) => a.area.localeCompare(b.area));
}

/** The national figures (one row), zeros when there are no events. */
export async function nationalFigures(db: Kysely<StatsTables>, q: Omit<FigureQuery, 'by'>): Promise<Figures> {
  return (await computeFigures(db, { ...q, by: 'nation' }))[0] ?? finishShares(emptyFigures('US'));
}

/** Months that have any event, ascending. */
export async function eventMonths(db: Kysely<StatsTables>, source?: EventSource): Promise<string[]> {
  let query = db.selectFrom('stats_events').select('month').distinct().orderBy('month');
  if (source) query = query.where('source', '=', source);
  const rows = await query.execute();
  return rows.map((r) => r.month);
}

/** National figures month by month (for charts); of one county when `fips` is given. */
export async function monthlySeries(db: Kysely<StatsTables>, through?: string, source?: EventSource, fips?: string): Promise<(Figures & { month: string })[]> {
  let query = db.selectFrom('stats_events').select(['month', 'kind', 'level', 'convicted', 'match_level', sql<number>`sum(count)`.as('n')]).groupBy(['month', 'kind', 'level', 'convicted', 'match_level']);
  if (through) query = query.where('month', '<=', through);
  if (source) query = query.where('source', '=', source);
  if (fips) query = query.where('fips', '=', fips);
  const rows = await query.execute();
  const byMonth = new Map<string, Figures & { month: string }>();
  for (const r of rows) {
    const f = byMonth.get(r.month) ?? { ...emptyFigures('US'), month: r.month };
    byMonth.set(r.month, f);
    accumulate(f, r.kind, Number(r.level), Number(r.convicted), Number(r.n), Number(r.match_level));
  }
  const out = [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
  out.forEach(finishShares);
  return out;
}

function accumulate(f: Figures, kind: string, level: number, convicted: number, n: number, matchLevel: number): void {
  const lvl = levelKey(level);
  if (kind === 'booking') f.bookings += n;
  else if (kind === 'submission') f.submissions += n;
  else if (kind === 'ident_match') (f.identMatches += n), (f.matchesByLevel[lvl] += n);
  else if (kind === 'detainer') f.detainers += n;
  else if (kind === 'notify') f.notifications += n;
  else if (kind === 'review') f.reviews += n;
  else if (kind === 'await_conviction') f.awaitingConviction += n;
  else if (kind === 'no_action') f.noAction += n;
  else if (kind === 'transfer') (f.transfers += n), !convicted && (f.transfersNoRecord += n);
  else if (kind === 'removal') (f.removals += n), (f.removalsByLevel[lvl] += n), (f.removalsByMatchLevel[levelKey(matchLevel)] += n);
}

function levelKey(level: number): keyof ByLevel {
  return level === 1 ? 'level1' : level === 2 ? 'level2' : level === 3 ? 'level3' : 'nonCriminal';
}

function emptyFigures(area: string): Figures {
  const zero = (): ByLevel => ({ level1: 0, level2: 0, level3: 0, nonCriminal: 0 });
  return {
    area, bookings: 0, submissions: 0, identMatches: 0, matchesByLevel: zero(), detainers: 0, notifications: 0, reviews: 0,
    awaitingConviction: 0, noAction: 0, transfers: 0, transfersNoRecord: 0, removals: 0, removalsByLevel: zero(), removalsByMatchLevel: zero(),
    nonCriminalShare: 0, nonCriminalOrLowLevelShare: 0, noRecordTransferShare: 0, awaitingConvictionShare: 0,
  };
}

function finishShares(f: Figures): Figures {
  const r = f.removalsByLevel;
  f.nonCriminalShare = ratio(r.nonCriminal, f.removals);
  f.nonCriminalOrLowLevelShare = ratio(r.nonCriminal + r.level2 + r.level3, f.removals);
  f.noRecordTransferShare = ratio(f.transfersNoRecord, f.transfers);
  f.awaitingConvictionShare = ratio(f.awaitingConviction, f.identMatches);
  return f;
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}
