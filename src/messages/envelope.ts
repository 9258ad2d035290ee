import { z } from 'zod';
import { InputError } from '../errors.ts';
import { bodySchemas, type Body, type MessageType } from './schemas.ts';

/**
 * Node addresses: `booking:<ORI>`, `sib:<ST>`, `cjis`, `ident`, `lesc`, `ero:<AOR>`, `oversight`.
 * Every node has one inbox, named by its address.
 */
export const addressSchema = z.string().regex(/^(booking:[A-Z]{2}[A-Z0-9]{7}|sib:[A-Z]{2}|cjis|ident|lesc|ero:[A-Z]{3}|oversight)$/, 'must be a node address');

const envelopeBase = z.strictObject({
  /** Unique per message: the same id delivered twice is handled once. */
  id: z.string().min(1),
  /** Transaction Control Number of the booking the message belongs to. */
  tcn: z.string().regex(/^[A-Z0-9-]{6,40}$/, 'must be a TCN (6-40 of A-Z, 0-9, -)'),
  from: addressSchema,
  to: addressSchema,
  sentAt: z.string(),
  type: z.enum(Object.keys(bodySchemas) as [MessageType, ...MessageType[]]),
  body: z.unknown(),
});

export interface Envelope<T extends MessageType = MessageType> {
  id: string;
  tcn: string;
  from: string;
  to: string;
  sentAt: string;
  type: T;
  body: Body<T>;
}

/** A message as it crosses a node boundary, validated; a bad one names the field that is wrong. */
export function parseEnvelope(raw: unknown): Envelope {
  const e = envelopeBase.safeParse(raw);
  if (!e.success) throw new InputError(`message: ${describe(e.error)}`);
  const body = bodySchemas[e.data.type].safeParse(e.data.body);
  if (!body.success) throw new InputError(`message ${e.data.id} (${e.data.type}): body.${describe(body.error)}`);
  return { ...e.data, body: body.data } as Envelope;
}

/** A new message. Its id is deterministic (TCN, type, recipient, discriminator) so a re-run produces the same ids. */
export function message<T extends MessageType>(type: T, tcn: string, from: string, to: string, body: Body<T>, discriminator = ''): Envelope<T> {
  return { id: `${tcn}/${type}/${to}${discriminator ? `/${discriminator}` : ''}`, tcn, from, to, sentAt: new Date().toISOString(), type, body };
}

function describe(err: z.ZodError): string {
  const i = err.issues[0];
  return `${i.path.join('.') || '(root)'}: ${i.message}`;
}
