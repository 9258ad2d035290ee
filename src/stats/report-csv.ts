import type { MonthlyReport } from './report-data.ts';

const HEADER = ['level', 'area', 'name', 'state', 'activation', 'period', 'bookings', 'submissions', 'ident_matches', 'matches_l1', 'matches_l2', 'matches_l3', 'matches_noncriminal', 'detainers', 'removals', 'removals_l1', 'removals_l2', 'removals_l3', 'removals_noncriminal', 'noncriminal_share', 'awaiting_conviction_share', 'complaints'];

/** One row per area and period (the month, and cumulative through it): nation, states, counties. */
export function reportCsv(r: MonthlyReport): string {
  const rows: (string | number)[][] = [HEADER];
  const push = (level: string, area: string, name: string, state: string, activation: string, period: string, f: MonthlyReport['national']['month'], complaints: number | '') =>
    rows.push([
      level, area, name, state, activation, period, f.bookings, f.submissions, f.identMatches, f.matchesByLevel.level1, f.matchesByLevel.level2, f.matchesByLevel.level3, f.matchesByLevel.nonCriminal,
      f.detainers, f.removals, f.removalsByLevel.level1, f.removalsByLevel.level2, f.removalsByLevel.level3, f.removalsByLevel.nonCriminal,
      f.nonCriminalShare.toFixed(4), f.awaitingConvictionShare.toFixed(4), complaints,
    ]);
  for (const [period, f] of [[r.month, r.national.month], [`through ${r.month}`, r.national.cumulative]] as const) push('nation', 'US', 'United States', '', '', period, f, r.complaintsTotal);
  for (const s of r.states) {
    push('state', s.state, s.state, s.state, '', r.month, s.month, '');
    push('state', s.state, s.state, s.state, '', `through ${r.month}`, s.cumulative, '');
  }
  for (const c of r.counties) {
    push('county', c.fips, c.name, c.state, c.activation ?? '', r.month, c.month, c.complaints);
    push('county', c.fips, c.name, c.state, c.activation ?? '', `through ${r.month}`, c.cumulative, c.complaints);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
