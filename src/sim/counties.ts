import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.ts';

/** One US county with the facts the rollout needs (2010 census figures; activation of the program). */
export interface County {
  fips: string;
  state: string;
  stateName: string;
  name: string;
  /** 2010 census population; 0 where the data has none (a few FIPS codes changed after 2010). */
  population: number;
  /** 2010 estimate of residents who are not US citizens; 0 where unknown. */
  noncitizens: number;
  /** ISO date the program was activated there, or null if never. */
  activation: string | null;
}

/** The county list shipped beside the project (../shared/data), overridable for tests and other data. */
export const defaultCountiesPath = path.resolve(import.meta.dirname, '../../../shared/data/jurisdictions/counties.csv');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const count = z.string().regex(/^\d*$/, 'must be a whole number or empty');
const row = z.object({
  county_fips: z.string().regex(/^\d{5}$/, 'must be a 5-digit FIPS code'),
  state: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter state code'),
  state_name: z.string(),
  county_name: z.string(),
  population_2010: count,
  noncitizen_population_2010: count,
  activation_date: z.union([isoDate, z.literal('')]),
});

const expectedHeader = Object.keys(row.shape);

export function loadCounties(file = defaultCountiesPath): County[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read county list ${file}: ${(err as Error).message}`);
  }
  return parseCounties(text, file);
}

export function parseCounties(text: string, file = 'counties.csv'): County[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = parseCsvLine(lines[0] ?? '');
  if (expectedHeader.some((h, i) => header[i] !== h)) {
    throw new InputError(`${file}: line 1: expected columns ${expectedHeader.join(',')}, got ${header.join(',')}`);
  }
  const seen = new Set<string>();
  return lines.slice(1).map((line, i) => {
    const cells = parseCsvLine(line);
    const parsed = row.safeParse(Object.fromEntries(expectedHeader.map((h, j) => [h, cells[j] ?? ''])));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(`${file}: line ${i + 2}: ${issue.path.join('.')} ${issue.message}`);
    }
    const r = parsed.data;
    if (seen.has(r.county_fips)) throw new InputError(`${file}: line ${i + 2}: duplicate FIPS ${r.county_fips}`);
    seen.add(r.county_fips);
    return {
      fips: r.county_fips,
      state: r.state,
      stateName: r.state_name,
      name: r.county_name,
      population: Number(r.population_2010 || 0),
      noncitizens: Number(r.noncitizen_population_2010 || 0),
      activation: r.activation_date || null,
    };
  });
}

/** RFC 4180 fields: commas inside double quotes, doubled quotes as escapes. */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out;
}

/** Counties whose activation date is on or before `date` (ISO). */
export function activeBy(counties: County[], date: string): County[] {
  return counties.filter((c) => c.activation !== null && c.activation <= date);
}
