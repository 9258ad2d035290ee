import { z } from 'zod';
import { offenseCategories, severities, type PolicyCase } from './case.ts';
import { decide, type DecideOptions, type Decision } from './decide.ts';

/** A court's answer on one charge of the booking. */
export const dispositionSchema = z.strictObject({
  /** Index of the charge in the case's `charges` the disposition is about. */
  charge: z.number().int().min(0),
  outcome: z.enum(['convicted', 'dismissed', 'acquitted']),
  date: z.iso.date(),
  /** For a conviction: possibly reduced offense/severity, and the sentence. */
  offense: z.enum(offenseCategories).optional(),
  severity: z.enum(severities).optional(),
  sentenceDays: z.number().int().min(0).optional(),
});
export type Disposition = z.infer<typeof dispositionSchema>;

/**
 * Applies a disposition to a case and decides it again under the same policy rules: a conviction
 * moves the charge to the record (this is how a case held by the minor traffic rule is acted on),
 * a dismissal or acquittal removes it.
 */
export function reevaluate(c: PolicyCase, d: Disposition, opts: DecideOptions = {}): { case: PolicyCase; decision: Decision } {
  const charge = c.charges[d.charge];
  if (!charge) throw new RangeError(`case ${c.caseId}: disposition names charge ${d.charge}, the case has ${c.charges.length}`);
  const charges = c.charges.filter((_, i) => i !== d.charge);
  const convictions =
    d.outcome === 'convicted'
      ? [...c.convictions, { offense: d.offense ?? charge.offense, severity: d.severity ?? charge.severity, date: d.date, sentenceDays: d.sentenceDays }]
      : c.convictions;
  const next: PolicyCase = { ...c, charges, convictions };
  return { case: next, decision: decide(next, opts) };
}
