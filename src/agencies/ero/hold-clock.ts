/**
 * The detainer's 48-hour hold, which excludes Saturdays, Sundays and federal holidays (8 CFR
 * 287.7(d)). Holidays follow 5 U.S.C. 6103 with the observed-day rule (Saturday -> Friday,
 * Sunday -> Monday); Juneteenth from 2021.
 */
export function holdUntil(fromIso: string, hours = 48): string {
  const t = new Date(fromIso);
  let left = hours;
  while (left > 0) {
    t.setUTCHours(t.getUTCHours() + 1);
    // An hour counts when it starts on a working day.
    const start = new Date(t.getTime() - 3600_000);
    if (isWorkingDay(start)) left--;
  }
  return t.toISOString();
}

export function isWorkingDay(d: Date): boolean {
  const day = d.getUTCDay();
  if (day === 0 || day === 6) return false;
  return !federalHolidays(d.getUTCFullYear()).has(d.toISOString().slice(0, 10));
}

const cache = new Map<number, Set<string>>();

/** Observed federal holidays of a year, as YYYY-MM-DD. */
export function federalHolidays(year: number): Set<string> {
  const hit = cache.get(year);
  if (hit) return hit;
  const days: (Date | null)[] = [
    fixed(year, 1, 1),
    nth(year, 1, 1, 3), // Martin Luther King Jr. Day: third Monday of January
    nth(year, 2, 1, 3), // Washington's Birthday
    last(year, 5, 1), // Memorial Day
    ...(year >= 2021 ? [fixed(year, 6, 19)] : []),
    fixed(year, 7, 4),
    nth(year, 9, 1, 1), // Labor Day
    nth(year, 10, 1, 2), // Columbus Day
    fixed(year, 11, 11),
    nth(year, 11, 4, 4), // Thanksgiving: fourth Thursday
    fixed(year, 12, 25),
  ];
  const out = new Set(days.filter((d): d is Date => d !== null).map((d) => d.toISOString().slice(0, 10)));
  // New Year's Day of the next year falling on a Saturday is observed on this year's December 31.
  if (new Date(Date.UTC(year + 1, 0, 1)).getUTCDay() === 6) out.add(`${year}-12-31`);
  cache.set(year, out);
  return out;
}

/** A fixed-date holiday on its observed day; null for January 1 on a Saturday (observed the year before). */
function fixed(y: number, m: number, d: number): Date | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  const day = t.getUTCDay();
  if (day === 6 && m === 1 && d === 1) return null;
  if (day === 6) t.setUTCDate(d - 1);
  if (day === 0) t.setUTCDate(d + 1);
  return t;
}

function nth(y: number, m: number, weekday: number, n: number): Date {
  const first = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
  return new Date(Date.UTC(y, m - 1, 1 + ((weekday - first + 7) % 7) + 7 * (n - 1)));
}

function last(y: number, m: number, weekday: number): Date {
  const end = new Date(Date.UTC(y, m, 0));
  return new Date(Date.UTC(y, m - 1, end.getUTCDate() - ((end.getUTCDay() - weekday + 7) % 7)));
}
