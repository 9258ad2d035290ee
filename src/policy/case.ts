import { z } from 'zod';
import { InputError } from '../errors.ts';

/** Offense categories of the case format (DESIGN.md "Policy model"). */
export const offenseCategories = [
  'homicide', 'kidnapping', 'sexual_assault', 'robbery', 'aggravated_assault', 'weapons', 'drugs', 'sex_offense',
  'child_cruelty', 'domestic_violence', 'hit_and_run_injury', 'dui', 'reckless_driving_injury', 'burglary', 'larceny',
  'fraud', 'traffic', 'petty', 'immigration', 'other',
] as const;
export type OffenseCategory = (typeof offenseCategories)[number];

export const severities = ['felony', 'misdemeanor', 'infraction'] as const;
export type Severity = (typeof severities)[number];

export const immigrationStatuses = ['removable', 'lpr', 'citizen', 'unknown'] as const;

const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

const offense = z.enum(offenseCategories, { message: `must be one of ${offenseCategories.join(', ')}` });
const severity = z.enum(severities, { message: `must be one of ${severities.join(', ')}` });

export const chargeSchema = z.strictObject({ offense, severity });
export const convictionSchema = z.strictObject({
  offense,
  severity,
  date: isoDate.optional(),
  sentenceDays: z.number().int().min(0).optional(),
});

export const caseSchema = z.strictObject({
  caseId: z.string().min(1),
  bookedAt: isoDate,
  charges: z.array(chargeSchema).default([]),
  convictions: z.array(convictionSchema).default([]),
  immigration: z.strictObject({ status: z.enum(immigrationStatuses, { message: `must be one of ${immigrationStatuses.join(', ')}` }) }),
  flags: z
    .strictObject({
      victimOrWitness: z.boolean().default(false),
      claimsUsCitizenship: z.boolean().default(false),
      juvenile: z.boolean().default(false),
    })
    .default({ victimOrWitness: false, claimsUsCitizenship: false, juvenile: false }),
});

export type PolicyCase = z.infer<typeof caseSchema>;
export type Charge = z.infer<typeof chargeSchema>;
export type Conviction = z.infer<typeof convictionSchema>;

/** A case that failed validation: names the case and the field. */
export class CaseInputError extends InputError {
  override name = 'CaseInputError';
  constructor(
    readonly caseId: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`case ${caseId}: ${field}: ${problem}`);
  }
}

/** Validates one case (index is its position in the file, used when it has no usable caseId). */
export function parseCase(raw: unknown, index: number): PolicyCase {
  const r = caseSchema.safeParse(raw);
  if (r.success) return r.data;
  const id = typeof (raw as { caseId?: unknown })?.caseId === 'string' ? (raw as { caseId: string }).caseId : `#${index}`;
  const issue = r.error.issues[0];
  throw new CaseInputError(id, issue.path.join('.') || '(case)', issue.message);
}
