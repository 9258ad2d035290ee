import { complaintCounts, listOptOuts } from '../../agencies/oversight/index.ts';
import { activeBy } from '../../sim/counties.ts';
import { computeFigures, eventMonths, monthlySeries, type ByLevel } from '../../stats/figures.ts';
import { buildMonthlyReport, type MonthlyReport } from '../../stats/report-data.ts';
import type { EventSource } from '../../stats/events.ts';
import type { ServerContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';

/**
 * Public statistics: aggregates by nation, state and county, never a person. Computed from the
 * events in the store and served from memory: events change only when `scomm sim` or the workflow
 * writes them, so a figure older than `statsCacheMs` is still served while one recomputation runs
 * in the background (a request never waits for a report it could have had from memory).
 */
export class PublicStats {
  private cache = new Map<string, { at: number; value: Promise<unknown>; refreshing: boolean }>();

  constructor(private readonly ctx: ServerContext) {}

  private cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.cache.get(key);
    if (!hit) {
      const value = compute();
      this.cache.set(key, { at: now, value, refreshing: false });
      value.catch(() => this.cache.delete(key));
      return value;
    }
    if (now - hit.at >= this.ctx.limits.statsCacheMs && !hit.refreshing) {
      hit.refreshing = true;
      compute().then(
        (v) => this.cache.set(key, { at: Date.now(), value: Promise.resolve(v), refreshing: false }),
        () => (hit.refreshing = false),
      );
    }
    return hit.value as Promise<T>;
  }

  /**
   * A figure as its JSON text, checked against its response schema once per computation (the
   * hot public routes send the same bytes to every visitor instead of serialising each time).
   */
  json<T>(key: string, value: () => Promise<T>, schema: { parse: (v: unknown) => unknown }): Promise<string> {
    return this.cached(`json:${key}`, async () => JSON.stringify(schema.parse(await value())));
  }

  months(source?: EventSource): Promise<string[]> {
    return this.cached(`months:${source}`, () => eventMonths(this.ctx.statsDb, source));
  }

  /** The month's national and state figures, the series to date, anomalies (counties, aggregates only). */
  month(month: string, source?: EventSource): Promise<Omit<MonthlyReport, 'counties' | 'optOuts'> & { months: string[] }> {
    return this.cached(`month:${month}:${source}`, async () => {
      const db = this.ctx.oversightDb;
      const [complaintsByCounty, optOuts, months] = await Promise.all([complaintCounts(db, month), listOptOuts(db), this.months(source)]);
      const { counties: _c, optOuts: _o, ...report } = await buildMonthlyReport(this.ctx.statsDb, month, this.ctx.counties, { complaintsByCounty, optOuts }, source);
      return { ...report, months };
    });
  }

  /** Per county, cumulative through the month: [fips, submissions, identMatches, removals, nonCriminalShare]. Compact for the map. */
  counties(month: string, source?: EventSource): Promise<{ month: string; columns: string[]; rows: [string, number, number, number, number][] }> {
    return this.cached(`counties:${month}:${source}`, async () => {
      const rows = await computeFigures(this.ctx.statsDb, { through: month, by: 'county', source });
      return {
        month,
        columns: ['fips', 'submissions', 'identMatches', 'removals', 'nonCriminalShare'],
        rows: rows.map((f) => [f.area, f.submissions, f.identMatches, f.removals, Math.round(f.nonCriminalShare * 1000) / 1000] as [string, number, number, number, number]),
      };
    });
  }

  /** One county over time: monthly figures, level mix and non-criminal share to date, complaints and opt-out history. */
  jurisdiction(fips: string, source?: EventSource) {
    const county = this.ctx.countyByFips.get(fips);
    if (!county) throw new NotFoundError(`no county with FIPS ${fips}`);
    return this.cached(`county:${fips}:${source}`, async () => {
      const db = this.ctx.oversightDb;
      const [series, complaints, optOuts] = await Promise.all([
        monthlySeries(this.ctx.statsDb, undefined, source, fips),
        db.selectFrom('complaints').select(['filed_at', 'category', 'status']).where('fips', '=', fips).orderBy('filed_at').execute(),
        listOptOuts(db),
      ]);
      const removalsByLevel: ByLevel = { level1: 0, level2: 0, level3: 0, nonCriminal: 0 };
      let removals = 0;
      for (const s of series) {
        removals += s.removals;
        for (const k of Object.keys(removalsByLevel) as (keyof ByLevel)[]) removalsByLevel[k] += s.removalsByLevel[k];
      }
      return {
        county: { fips: county.fips, name: county.name, state: county.state, population: county.population, noncitizens: county.noncitizens, activation: county.activation },
        series: series.map((s) => ({ month: s.month, bookings: s.bookings, submissions: s.submissions, identMatches: s.identMatches, detainers: s.detainers, removals: s.removals, removalsByLevel: s.removalsByLevel, nonCriminalShare: s.nonCriminalShare })),
        toDate: { removals, removalsByLevel, nonCriminalShare: removals ? removalsByLevel.nonCriminal / removals : 0 },
        complaints: complaints.map((c) => ({ filedAt: c.filed_at.slice(0, 10), category: c.category, status: c.status })),
        optOuts: optOuts.filter((o) => o.fips === fips).map((o) => ({ requestedAt: o.requestedAt, requestedBy: o.requestedBy, status: o.status, history: o.history })),
      };
    });
  }

  /** Every county with its activation date (public facts of the rollout), and how many were active by each month end. */
  rollout() {
    return this.cached('rollout', async () => {
      const dates = this.ctx.counties.map((c) => c.activation).filter((d): d is string => d !== null).sort();
      const first = dates[0]?.slice(0, 7);
      const last = dates.at(-1)?.slice(0, 7);
      const months: { month: string; active: number }[] = [];
      if (first && last) {
        for (let m = first; m <= last; m = nextMonth(m)) months.push({ month: m, active: activeBy(this.ctx.counties, `${m}-31`).length });
      }
      return { counties: this.ctx.counties.map((c) => ({ fips: c.fips, name: c.name, state: c.state, population: c.population, activation: c.activation })), months };
    });
  }
}

function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}
