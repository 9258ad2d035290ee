import { z } from 'zod';
import { offenseCategories } from './case.ts';

export const actions = ['detainer', 'notify', 'review', 'await_conviction', 'no_action'] as const;
export type Action = (typeof actions)[number];

const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const category = z.enum(offenseCategories);
const isoDate = z.iso.date();

export const levelTableSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  notes: z.string(),
  categories: z.record(
    category,
    z.strictObject({
      felony: level,
      misdemeanor: level,
      convictionSentenceOverDays: z.strictObject({ days: z.number().int().positive(), level }).optional(),
    }),
  ),
});
export type LevelTable = z.infer<typeof levelTableSchema>;

/** Conditions of a rule: all that are present must hold. */
export const conditionSchema = z.strictObject({
  status: z.array(z.enum(['removable', 'lpr', 'citizen', 'unknown'])).optional(),
  /** ICE level of the case (charge or conviction, most serious); null = non-criminal. */
  level: z.array(level.nullable()).optional(),
  /** Conviction-based priority; null = no conviction. */
  priority: z.array(level.nullable()).optional(),
  /** Convicted of an aggravated felony (a Level 1 offense as a felony). */
  aggravatedFelony: z.boolean().optional(),
  felonyConviction: z.boolean().optional(),
  felonyCharge: z.boolean().optional(),
  misdemeanorConvictionsAtLeast: z.number().int().positive().optional(),
  /** Any charge or conviction (not an infraction) in one of these categories. */
  categories: z.array(category).optional(),
  /** Any conviction (not an infraction) in one of these categories. */
  convictionCategories: z.array(category).optional(),
  convictionSentenceAtLeastDays: z.number().int().positive().optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

const ruleSchema = z.strictObject({
  id: z.string().regex(/^[\w.-]+$/),
  when: conditionSchema,
  action: z.enum(actions),
  text: z.string().min(1),
});

export const versionSchema = z.strictObject({
  id: z.string().regex(/^\d{4}-\d{2}$/, 'policy ids are YYYY-MM'),
  effective: isoDate,
  title: z.string(),
  documents: z.array(z.strictObject({ title: z.string(), issuer: z.string(), date: isoDate })).min(1),
  levelTable: z.string(),
  /** Whether the minor traffic rule (2012-04-27) is part of this version. */
  trafficRule: z.boolean(),
  rules: z.array(ruleSchema),
  default: z.strictObject({ id: z.string(), action: z.enum(actions), text: z.string() }),
});
export type PolicyVersion = z.infer<typeof versionSchema>;
export type Rule = z.infer<typeof ruleSchema>;
