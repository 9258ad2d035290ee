import { z } from 'zod';
import { chargeSchema, convictionSchema, offenseCategories } from '../policy/case.ts';
import { dispositionSchema } from '../policy/disposition.ts';

const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
/** ORI: the state's two letters then seven letters or digits. */
export const oriSchema = z.string().regex(/^[A-Z]{2}[A-Z0-9]{7}$/, 'must be an ORI: two-letter state then 7 letters or digits');
const state = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter state code');
const fieldOffice = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ICE area code');

/** A person as the booking agency recorded them: synthetic only. */
export const subjectSchema = z.strictObject({
  name: z.string().min(1),
  dob: isoDate,
  pob: z.string().min(2),
  sex: z.enum(['M', 'F', 'X']),
});

export const flagsSchema = z.strictObject({ victimOrWitness: z.boolean(), claimsUsCitizenship: z.boolean(), juvenile: z.boolean() });

/** Minutiae templates in our compact form (base64), by finger position, for the fast path. */
const templatesSchema = z.array(z.strictObject({ position: z.number().int().min(1).max(10), sct: z.string().min(1) })).min(1).max(10);

/**
 * Criminal Answer Required submission. The prints travel as an ANSI/NIST-ITL transaction (base64
 * `nist`: Type-1/2 and WSQ images) or, on the template fast path, as minutiae templates.
 */
export const carSchema = z
  .strictObject({
    ori: oriSchema,
    county: z.string().regex(/^\d{5}$/),
    bookedAt: isoDate,
    subject: subjectSchema,
    charges: z.array(chargeSchema).min(1),
    flags: flagsSchema,
    nist: z.string().min(1).optional(),
    templates: templatesSchema.optional(),
  })
  .refine((c) => Boolean(c.nist) !== Boolean(c.templates), { message: 'exactly one of nist or templates is required', path: ['nist'] });

/** IAFIS identification response. */
export const sreSchema = z.strictObject({
  ident: z.boolean(),
  fbiNumber: z.string().min(1),
  sid: z.string().optional(),
  history: z.strictObject({ arrests: z.number().int().min(0), convictions: z.array(convictionSchema) }),
  /** Whether CJIS forwarded the prints to IDENT (the county's activation date had passed). */
  interoperability: z.boolean(),
});

export const errtSchema = z.strictObject({ reason: z.string().min(1), field: z.string().optional() });

/** The same prints searched against IDENT (interoperability). */
export const identSearchSchema = z.strictObject({
  ori: oriSchema,
  county: z.string().regex(/^\d{5}$/),
  bookedAt: isoDate,
  fbiNumber: z.string(),
  subject: subjectSchema,
  charges: z.array(chargeSchema).min(1),
  convictions: z.array(convictionSchema),
  flags: flagsSchema,
  templates: templatesSchema,
  /** The templates were extracted from the CAR's images, not sent as templates (the search decides by decisionThreshold). */
  extracted: z.boolean(),
});

/** IDENT response. */
export const idrSchema = z.strictObject({ match: z.boolean(), encounterIds: z.array(z.string()), score: z.number().optional() });

/** Immigration Alien Query (IDENT match -> LESC). */
export const iaqSchema = z.strictObject({
  purpose: z.literal('criminal_booking'),
  subject: subjectSchema,
  custody: z.enum(['in_custody', 'released']),
  offenseCode: z.enum(offenseCategories),
  charges: z.array(chargeSchema).min(1),
  convictions: z.array(convictionSchema),
  flags: flagsSchema,
  fbiNumber: z.string(),
  sid: z.string().optional(),
  aNumber: z.string().optional(),
  ori: oriSchema,
  county: z.string().regex(/^\d{5}$/),
  bookedAt: isoDate,
  encounterIds: z.array(z.string()),
});

/** Immigration Alien Response (LESC -> field office and back through the state). */
export const iarSchema = iaqSchema.omit({ purpose: true }).extend({
  status: z.enum(['removable', 'lpr', 'citizen', 'unknown']),
  fieldOffice,
});

export const detainerStates = ['issued', 'lodged', 'honored', 'declined', 'expired', 'lifted'] as const;
/** I-247 style detainer and its life. The hold is 48 hours excluding weekends and federal holidays. */
export const detainerSchema = z.strictObject({
  state: z.enum(detainerStates),
  fieldOffice,
  ori: oriSchema,
  issuedAt: isoDate,
  holdUntil: z.string().optional(),
  reason: z.string(),
});

/** Court outcome on one charge of the booking, reported by the booking agency (the policy engine's format). */
export const dispositionMessageSchema = dispositionSchema;

/** A copy of an ERO decision for oversight (audit chain and statistics). */
export const decisionCopySchema = z.strictObject({
  caseId: z.string(),
  policy: z.string(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.null()]),
  action: z.string(),
  reasons: z.array(z.strictObject({ id: z.string(), text: z.string() })),
  county: z.string(),
  fieldOffice,
  status: z.string(),
  /** Booking agency, booking date and whether a conviction was on record: what the statistics count the decision by. */
  ori: oriSchema,
  bookedAt: isoDate,
  convicted: z.boolean(),
});

/**
 * CJIS's record of one booking's search, for oversight: the prints were searched in IAFIS and, where
 * the county was active, in IDENT (a data access the audit chain holds). The statistics count
 * bookings and submissions from these.
 */
export const searchLogSchema = z.strictObject({
  ori: oriSchema,
  county: z.string().regex(/^\d{5}$/),
  bookedAt: isoDate,
  interoperability: z.boolean(),
});

export const optOutSchema = z.strictObject({ county: z.string().regex(/^\d{5}$/), requestedBy: z.string().min(1), note: z.string().default('') });

/** Every message type and its body schema. */
export const bodySchemas = {
  car: carSchema,
  sre: sreSchema,
  errt: errtSchema,
  ident_search: identSearchSchema,
  idr: idrSchema,
  iaq: iaqSchema,
  iar: iarSchema,
  detainer: detainerSchema,
  disposition: dispositionMessageSchema,
  decision: decisionCopySchema,
  search_log: searchLogSchema,
  opt_out: optOutSchema,
} as const;

export type MessageType = keyof typeof bodySchemas;
export type Body<T extends MessageType> = z.infer<(typeof bodySchemas)[T]>;
export { state as stateSchema, fieldOffice as fieldOfficeSchema };
