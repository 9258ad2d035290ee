import { z } from 'zod';
import { eventSources } from '../../stats/events.ts';

/** Shared request and response schemas of the routes. */
export const errorSchema = z.object({ error: z.string(), message: z.string(), path: z.string().optional() }).describe('An error: a code, what went wrong and, for bad input, where');
export const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
export const tcnParams = z.strictObject({ tcn: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be a TCN (letters, digits, dashes)') });
export const limitQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });
const source = z.enum(eventSources).optional().describe('only the events of the rollout simulation (sim) or of the workflow\'s nodes (network); all by default');
export const monthQuery = z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'), source });
export const sourceQuery = z.strictObject({ source });
export const bearer = [{ bearer: [] as string[] }];
const byLevel = z.object({ level1: z.number(), level2: z.number(), level3: z.number(), nonCriminal: z.number() });
export const reasonSchema = z.object({ id: z.string(), text: z.string() });
export const caseSchema = z.object({
  tcn: z.string(),
  ori: z.string(),
  county: z.string(),
  countyName: z.string(),
  bookedAt: z.string(),
  status: z.enum(['open', 'claimed', 'decided']),
  claimedBy: z.string().nullable(),
  level: z.number().nullable(),
  priority: z.number().nullable(),
  action: z.string(),
  policy: z.string(),
  reasons: z.array(reasonSchema).describe('the explanation: every rule that applied, in order, and the officer\'s reason'),
  detainer: z.string().nullable(),
  holdUntil: z.string().nullable(),
  immigrationStatus: z.string(),
  charges: z.array(z.object({ offense: z.string(), severity: z.string() })),
  convictions: z.array(z.object({ offense: z.string(), severity: z.string(), date: z.string().optional(), sentenceDays: z.number().optional() })),
  flags: z.object({ victimOrWitness: z.boolean(), claimsUsCitizenship: z.boolean(), juvenile: z.boolean() }),
  history: z.array(z.object({ n: z.number(), at: z.string(), officer: z.string(), kind: z.string(), action: z.string(), reason: z.string() })),
});
export const bookingSchema = z.object({
  tcn: z.string(),
  bookedAt: z.string(),
  county: z.string(),
  subject: z.object({ name: z.string(), dob: z.string(), pob: z.string(), sex: z.string() }),
  charges: z.array(z.object({ offense: z.string(), severity: z.string() })),
  status: z.enum(['submitted', 'answered', 'rejected']),
  sre: z.unknown().describe('IAFIS identification response (criminal history), when received'),
  errt: z.unknown().describe('rejection, if any'),
  idr: z.unknown().describe('IDENT response, when the state passes it on'),
  iar: z.unknown().describe('Immigration Alien Response, when the state passes it on'),
  detainer: z.string().nullable(),
  disposition: z.unknown(),
});
export const figuresSchema = z.object({
  area: z.string(),
  bookings: z.number(),
  submissions: z.number(),
  identMatches: z.number(),
  matchesByLevel: byLevel,
  detainers: z.number(),
  notifications: z.number(),
  reviews: z.number(),
  awaitingConviction: z.number(),
  noAction: z.number(),
  transfers: z.number(),
  transfersNoRecord: z.number(),
  removals: z.number(),
  removalsByLevel: byLevel,
  nonCriminalShare: z.number(),
  nonCriminalOrLowLevelShare: z.number(),
  noRecordTransferShare: z.number(),
  awaitingConvictionShare: z.number(),
});
export { byLevel as byLevelSchema };
