/** ICE ERO areas of responsibility by state (simplified: a state belongs to one area). */
const AREAS: Record<string, string[]> = {
  ATL: ['GA', 'NC', 'SC'],
  BAL: ['MD'],
  BOS: ['CT', 'MA', 'ME', 'NH', 'RI', 'VT'],
  BUF: [],
  CHI: ['IL', 'IN', 'KS', 'KY', 'MO', 'WI'],
  DAL: ['OK'],
  DEN: ['CO', 'WY'],
  DET: ['MI', 'OH'],
  ELP: ['NM'],
  HOU: ['TX'],
  LOS: ['CA'],
  MIA: ['FL', 'PR', 'VI'],
  NEW: ['NJ'],
  NOL: ['AL', 'AR', 'LA', 'MS', 'TN'],
  NYC: ['NY'],
  PHI: ['DE', 'PA', 'WV'],
  PHO: ['AZ'],
  SEA: ['AK', 'OR', 'WA'],
  SFR: ['GU', 'HI'],
  SLC: ['ID', 'MT', 'NV', 'UT'],
  SNA: [],
  SND: [],
  SPM: ['IA', 'MN', 'ND', 'NE', 'SD'],
  WAS: ['DC', 'VA'],
};

const byState = new Map(Object.entries(AREAS).flatMap(([office, states]) => states.map((s) => [s, office] as const)));

/** The field office covering a state (Washington's for any state not listed). */
export function fieldOfficeOf(state: string): string {
  return byState.get(state) ?? 'WAS';
}
