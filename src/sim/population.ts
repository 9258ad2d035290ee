import { LEVEL1_CHARGES, SIM_PARAMETERS } from './parameters.ts';
import { offenseCategories, type Charge, type Conviction, type OffenseCategory, type Severity } from '../policy/case.ts';
import { Rng } from '../random.ts';
import type { County } from './counties.ts';

export type PersonStatus = 'citizen' | 'naturalized' | 'lpr' | 'removable';

/** One synthetic person and what the generator knows about them (the ground truth). */
export interface SyntheticPerson {
  ref: string;
  /** Seed of their fingers (synth createSubject / createTemplateSubject). */
  fingerSeed: number;
  name: string;
  dob: string;
  pob: string;
  sex: 'M' | 'F';
  status: PersonStatus;
  /** A-number and IDENT encounter id when IDENT holds them. */
  aNumber: string | null;
  encounterId: string | null;
  /** Convictions on record before the run (then they are in the criminal master file). */
  priorConvictions: Conviction[];
}

const STATUS: [PersonStatus, number][] = [['citizen', 0.72], ['naturalized', 0.06], ['lpr', 0.08], ['removable', 0.14]];
const ENROLLED: Record<PersonStatus, number> = { citizen: 0, naturalized: 0.9, lpr: 0.95, removable: 0.55 };
const PRIOR_RECORD = 0.4;
const COUNTRIES = ['MX', 'GT', 'SV', 'HN', 'CN', 'IN', 'PH', 'VN', 'DO', 'CU', 'CO', 'HT'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** An obviously synthetic name from a number: TESTPERSON,SYNTH ABC. */
function syntheticName(n: number): string {
  let s = '';
  do {
    s = LETTERS[n % 26] + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `TESTPERSON,SYNTH ${s}`;
}

/** The people of a run, deterministic from the seed. */
export function createPopulation(size: number, seed: number): SyntheticPerson[] {
  const rng = new Rng(`population-${seed}`);
  const statuses = STATUS.map(([, w]) => w);
  return Array.from({ length: size }, (_, i) => {
    const status = STATUS[rng.weighted(statuses)][0];
    const enrolled = rng.chance(ENROLLED[status]);
    const year = 1950 + rng.int(45);
    const priorConvictions: Conviction[] = rng.chance(PRIOR_RECORD) ? Array.from({ length: 1 + rng.int(2) }, () => ({ ...drawCharge(rng), date: `${2000 + rng.int(8)}-0${1 + rng.int(9)}-1${rng.int(9)}` })) : [];
    return {
      ref: `P${String(i).padStart(7, '0')}`,
      fingerSeed: seed * 1_000_003 + i,
      name: syntheticName(i),
      dob: `${year}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`,
      pob: status === 'citizen' ? 'US' : rng.pick(COUNTRIES),
      sex: rng.chance(0.75) ? 'M' : 'F',
      status,
      aNumber: status === 'citizen' ? null : `A${String(200_000_000 + i).padStart(9, '0')}`,
      encounterId: enrolled ? `E${String(i).padStart(9, '0')}` : null,
      priorConvictions,
    };
  });
}

const mix = SIM_PARAMETERS.chargeMix as Partial<Record<OffenseCategory, number>>;
const mixKeys = offenseCategories.filter((c) => (mix[c] ?? 0) > 0);
const mixWeights = mixKeys.map((c) => mix[c]!);

/** One charge drawn from the booking offense mix, with a severity that fits the offense. */
export function drawCharge(rng: Rng): Charge {
  const offense = mixKeys[rng.weighted(mixWeights)];
  let severity: Severity = 'misdemeanor';
  if (LEVEL1_CHARGES.includes(offense)) severity = 'felony';
  else if (['drugs', 'burglary', 'fraud', 'larceny', 'dui'].includes(offense)) severity = rng.chance(0.4) ? 'felony' : 'misdemeanor';
  else if (offense === 'traffic') severity = rng.chance(0.5) ? 'infraction' : 'misdemeanor';
  return { offense, severity };
}

/** One synthetic booking's circumstances: who, where, when, what, and the booking incident's flags. */
export interface BookingDraw {
  person: SyntheticPerson;
  county: County;
  bookedAt: string;
  charges: Charge[];
  flags: { victimOrWitness: boolean; claimsUsCitizenship: boolean; juvenile: boolean };
}

/**
 * Draws a booking: a person of the population, a county in proportion to its weight (population),
 * a date in [fromMs, toMs), one or two charges, and the safeguard flags at their base rates. The
 * demo, `scomm up` and `scomm serve --seed-bookings` draw their bookings alike.
 */
export function drawBooking(rng: Rng, people: SyntheticPerson[], counties: County[], weights: number[], fromMs: number, toMs: number): BookingDraw {
  const person = people[rng.int(people.length)];
  const county = counties[rng.weighted(weights)];
  const bookedAt = new Date(fromMs + rng.next() * (toMs - fromMs)).toISOString().slice(0, 10);
  const charges = Array.from({ length: rng.chance(0.3) ? 2 : 1 }, () => drawCharge(rng));
  const flags = { victimOrWitness: rng.chance(0.02), claimsUsCitizenship: person.status !== 'citizen' && rng.chance(0.03), juvenile: rng.chance(0.02) };
  return { person, county, bookedAt, charges, flags };
}
