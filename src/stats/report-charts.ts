import { levelMix, monthlyBars, rolloutTimeline, stackedMonthlyBars, type Chart } from './chart.ts';
import type { MonthlyReport } from './report-data.ts';

/** The report's four pictures: rollout timeline, monthly matches, removals by level, the month's level mix. */
export function reportCharts(r: MonthlyReport): Chart[] {
  const months = r.series.map((s) => s.month);
  return [
    rolloutTimeline('Rollout: counties with interoperability active', months, r.series.map((s) => s.activeCounties), r.countiesTotal),
    monthlyBars('IDENT matches per month', months, r.series.map((s) => s.identMatches), r.month),
    stackedMonthlyBars('Removals per month by offense level', months, r.series.map((s) => s.removalsByLevel)),
    levelMix(`Removals in ${r.month} by level`, r.national.month.removalsByLevel),
  ];
}
