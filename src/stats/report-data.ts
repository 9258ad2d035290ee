import type { Kysely } from 'kysely';
import { activeBy, type County } from '../sim/counties.ts';
import { findAnomalies, type Anomaly } from './anomalies.ts';
import { computeFigures, monthlySeries, nationalFigures, type Figures } from './figures.ts';
import type { EventSource } from './events.ts';
import type { StatsTables } from './store.ts';

/** Oversight facts a report shows beside the statistics (given by the caller: stats knows no agency). */
export interface OversightFacts {
  complaintsByCounty: Map<string, number>;
  optOuts: { fips: string; requestedAt: string; requestedBy: string; status: string }[];
}

export interface MonthlyReport {
  month: string;
  generatedAt: string;
  national: { month: Figures; cumulative: Figures };
  jurisdictionsActive: number;
  countiesTotal: number;
  states: { state: string; month: Figures; cumulative: Figures }[];
  counties: { fips: string; name: string; state: string; activation: string | null; month: Figures; cumulative: Figures; complaints: number }[];
  anomalies: Anomaly[];
  series: { month: string; submissions: number; identMatches: number; removals: number; removalsByLevel: Figures['removalsByLevel']; activeCounties: number }[];
  complaintsTotal: number;
  optOuts: (OversightFacts['optOuts'][number] & { county: string; submissions: number; identMatches: number; removals: number })[];
}

/** The monthly interoperability statistics of `month` (YYYY-MM), from the events in the store. */
export async function buildMonthlyReport(db: Kysely<StatsTables>, month: string, counties: County[], oversight: OversightFacts, source?: EventSource): Promise<MonthlyReport> {
  const monthEnd = `${month}-${String(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate()).padStart(2, '0')}`;
  const [nMonth, nCum, sMonth, sCum, cMonth, cCum, series] = await Promise.all([
    nationalFigures(db, { month, source }),
    nationalFigures(db, { through: month, source }),
    computeFigures(db, { month, by: 'state', source }),
    computeFigures(db, { through: month, by: 'state', source }),
    computeFigures(db, { month, by: 'county', source }),
    computeFigures(db, { through: month, by: 'county', source }),
    monthlySeries(db, month, source),
  ]);
  const byArea = (rows: Figures[]) => new Map(rows.map((f) => [f.area, f]));
  const sm = byArea(sMonth);
  const cm = byArea(cMonth);
  const cc = byArea(cCum);
  const info = new Map(counties.map((c) => [c.fips, c]));
  const zero = (area: string): Figures => ({ ...nMonth, area, ...zeroCounts() });
  const countyRows = cCum.map((f) => {
    const c = info.get(f.area);
    return { fips: f.area, name: c?.name ?? f.area, state: c?.state ?? '', activation: c?.activation ?? null, month: cm.get(f.area) ?? zero(f.area), cumulative: f, complaints: oversight.complaintsByCounty.get(f.area) ?? 0 };
  });
  return {
    month,
    generatedAt: new Date().toISOString(),
    national: { month: nMonth, cumulative: nCum },
    jurisdictionsActive: activeBy(counties, monthEnd).length,
    countiesTotal: counties.length,
    states: sCum.map((f) => ({ state: f.area, month: sm.get(f.area) ?? zero(f.area), cumulative: f })),
    counties: countyRows,
    anomalies: findAnomalies(cCum, counties),
    series: series.map((s) => {
      const end = `${s.month}-28`;
      return { month: s.month, submissions: s.submissions, identMatches: s.identMatches, removals: s.removals, removalsByLevel: s.removalsByLevel, activeCounties: activeBy(counties, end).length };
    }),
    complaintsTotal: [...oversight.complaintsByCounty.values()].reduce((a, b) => a + b, 0),
    optOuts: oversight.optOuts.map((o) => {
      const f = cc.get(o.fips);
      return { ...o, county: info.get(o.fips) ? `${info.get(o.fips)!.name}, ${info.get(o.fips)!.state}` : o.fips, submissions: f?.submissions ?? 0, identMatches: f?.identMatches ?? 0, removals: f?.removals ?? 0 };
    }),
  };
}

function zeroCounts(): Omit<Figures, 'area'> {
  const l = () => ({ level1: 0, level2: 0, level3: 0, nonCriminal: 0 });
  return {
    bookings: 0, submissions: 0, identMatches: 0, matchesByLevel: l(), detainers: 0, notifications: 0, reviews: 0, awaitingConviction: 0, noAction: 0,
    transfers: 0, transfersNoRecord: 0, removals: 0, removalsByLevel: l(), removalsByMatchLevel: l(), nonCriminalShare: 0, nonCriminalOrLowLevelShare: 0, noRecordTransferShare: 0, awaitingConvictionShare: 0,
  };
}
