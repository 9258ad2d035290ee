import type { County } from '../sim/counties.ts';
import type { Figures } from './figures.ts';

/** Thresholds for flagging a jurisdiction; named so reports can print the rule beside the flag. */
export const NON_CRIMINAL_SHARE_LIMIT = 0.5;
/** A county's share of national removals over its share of the national non-citizen population. */
export const DISPROPORTION_FACTOR = 3;
/** Below this many removals a share says little: no flag. */
export const MIN_REMOVALS_FOR_FLAG = 20;

export interface Anomaly {
  fips: string;
  county: string;
  state: string;
  rule: 'non_criminal_share' | 'disproportion';
  /** The figure behind the flag and the limit it crossed. */
  value: number;
  limit: number;
  removals: number;
  nonCriminalRemovals: number;
  explanation: string;
}

/**
 * Flags counties whose removals were mostly of people with no criminal conviction, or whose share of
 * removals is far out of proportion to their share of non-citizen residents.
 */
export function findAnomalies(byCounty: Figures[], counties: County[]): Anomaly[] {
  const info = new Map(counties.map((c) => [c.fips, c]));
  const nationalRemovals = byCounty.reduce((s, f) => s + f.removals, 0);
  const nationalNoncitizens = counties.reduce((s, c) => s + c.noncitizens, 0);
  const out: Anomaly[] = [];
  for (const f of byCounty) {
    const c = info.get(f.area);
    if (!c || f.removals < MIN_REMOVALS_FOR_FLAG) continue;
    const name = `${c.name}, ${c.state}`;
    const base = { fips: c.fips, county: c.name, state: c.state, removals: f.removals, nonCriminalRemovals: f.removalsByLevel.nonCriminal };
    if (f.nonCriminalShare > NON_CRIMINAL_SHARE_LIMIT) {
      out.push({
        ...base,
        rule: 'non_criminal_share',
        value: f.nonCriminalShare,
        limit: NON_CRIMINAL_SHARE_LIMIT,
        explanation: `${name}: ${pct(f.nonCriminalShare)} of ${f.removals} removals had no criminal conviction (limit ${pct(NON_CRIMINAL_SHARE_LIMIT)})`,
      });
    }
    if (nationalRemovals > 0 && c.noncitizens > 0 && nationalNoncitizens > 0) {
      const ratio = f.removals / nationalRemovals / (c.noncitizens / nationalNoncitizens);
      if (ratio > DISPROPORTION_FACTOR) {
        out.push({
          ...base,
          rule: 'disproportion',
          value: ratio,
          limit: DISPROPORTION_FACTOR,
          explanation: `${name}: ${pct(f.removals / nationalRemovals)} of national removals for ${pct(c.noncitizens / nationalNoncitizens)} of non-citizen residents (${ratio.toFixed(1)}x, limit ${DISPROPORTION_FACTOR}x)`,
        });
      }
    }
  }
  return out.sort((a, b) => b.value / b.limit - a.value / a.limit);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}
