import { z } from 'zod';

/**
 * Statistical events: what the program did, counted by month and county. The workflow writes one
 * row per event (count 1); the fast rollout simulation writes the same rows already summed per
 * county and month (a booking stream of ~11 M a year cannot be stored one row each in a minute).
 * Every figure in the reports is computed from these rows and nothing else.
 */
export const eventKinds = [
  'booking', // a booking's prints reached CJIS
  'submission', // the same prints were searched in IDENT (county activated)
  'ident_match', // IDENT matched (level = ICE level at identification, charge or conviction based)
  'detainer', // a detainer was issued
  'notify', // a notification request instead of a detainer
  'review', // held for human review (a safeguard or discretion applied)
  'await_conviction', // minor traffic rule: no action until conviction
  'no_action', // matched, nothing done
  'transfer', // taken into ICE custody (level = conviction based, 0 = no conviction; matchLevel = level at identification)
  'removal', // removed from the country (level = conviction based, 0 = non-criminal)
] as const;
export type EventKind = (typeof eventKinds)[number];

export const statEventSchema = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'),
  fips: z.string().regex(/^\d{5}$/, 'must be a 5-digit county FIPS code'),
  state: z.string().regex(/^[A-Z]{2}$/),
  kind: z.enum(eventKinds),
  /** 1, 2, 3, or 0 for none ("non-criminal"). */
  level: z.number().int().min(0).max(3),
  /** Whether the person had any criminal conviction on record (for the "no criminal record" share). */
  convicted: z.boolean(),
  count: z.number().int().positive(),
  /**
   * Transfers and removals: the level the IDENT match was given (charge or record), beside `level`
   * (the conviction ICE established). Other kinds: the same as `level`, which is the default.
   */
  matchLevel: z.number().int().min(0).max(3).optional(),
});
export type StatEvent = z.infer<typeof statEventSchema>;

/** Where a batch of events came from: the rollout simulation or the workflow's nodes. */
export const eventSources = ['sim', 'network'] as const;
export type EventSource = (typeof eventSources)[number];
