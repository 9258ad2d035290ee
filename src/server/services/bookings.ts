import { z } from 'zod';
import { book } from '../../agencies/booking/node.ts';
import { decodeImage } from '../../biometrics/image/load-image.ts';
import { InputError } from '../../errors.ts';
import { flagsSchema, type Body } from '../../messages/index.ts';
import { buildCar, carInputSchema, readCar, type CarSubmission } from '../../nist/index.ts';
import { offenseCategories, type Charge } from '../../policy/case.ts';
import type { Principal } from '../auth/roles.ts';
import type { ServerContext } from '../context.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import { auditAccess } from './audit.ts';

const fips = z.string().regex(/^\d{5}$/, 'must be a 5-digit county FIPS code');
const noFlags = { victimOrWitness: false, claimsUsCitizenship: false, juvenile: false };

/** Where and about whom, besides the CAR itself: the county (when the ORI does not name it) and the safeguard flags. */
export const bookingContextSchema = z.strictObject({ county: fips.optional(), flags: flagsSchema.partial().optional() });

/** A booking as JSON: the CAR's descriptors and ten images (base64 WSQ, PNG, TIFF, PGM or BMP); the server builds the ANSI/NIST CAR. */
export const jsonBookingSchema = bookingContextSchema.extend({
  car: carInputSchema,
  images: z.array(z.strictObject({ position: z.number().int().min(1).max(10), data: z.base64() })).length(10),
});

type BookingPrincipal = Extract<Principal, { role: 'booking_officer' }>;

/** One submission at a time per agency, so that the duplicate-TCN check and the booking cannot interleave. */
const queues = new Map<string, Promise<unknown>>();
function serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const next = (queues.get(key) ?? Promise.resolve()).then(fn, fn);
  queues.set(key, next.catch(() => undefined));
  return next;
}

/** An ANSI/NIST file or a JSON booking, as the CAR bytes and the booking's context. */
export function carFromJson(body: unknown): { nist: Uint8Array; context: z.infer<typeof bookingContextSchema> } {
  const b = jsonBookingSchema.parse(body);
  const fingers = b.images.map((im) => ({ position: im.position, image: decodeImage(Buffer.from(im.data, 'base64'), `images.${im.position}`) }));
  let nist: Uint8Array;
  try {
    nist = buildCar(b.car, fingers);
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(`images: ${e.message}`);
    throw e;
  }
  return { nist, context: { county: b.county, flags: b.flags } };
}

/**
 * Submits a CAR for the officer's agency: the transaction is read and checked (every finger
 * decoded), its ORI must be the officer's, its TCN new; then it is booked and travels through the
 * state to CJIS (and IDENT where the county is activated). Returns the TCN.
 */
export async function submitBooking(ctx: ServerContext, who: BookingPrincipal, nist: Uint8Array, context: z.infer<typeof bookingContextSchema>, why: string): Promise<{ tcn: string; county: string }> {
  const c = bookingContextSchema.parse(context);
  const car: CarSubmission = readCar(nist, 'upload');
  if (car.ori !== who.ori) throw new ForbiddenError(`the CAR's ORI (1.008) is ${car.ori}; this credential books for ${who.ori}`);
  const county = c.county ?? countyOfOri(ctx, car.ori);
  const info = ctx.countyByFips.get(county);
  if (!info) throw new InputError(`county: no county with FIPS ${county}`);
  if (info.state !== car.ori.slice(0, 2)) throw new InputError(`county: ${info.name}, ${info.state} is not in the agency's state ${car.ori.slice(0, 2)}`);
  const charges: Charge[] = car.charges.map((ch, i) => {
    if (!(offenseCategories as readonly string[]).includes(ch.offense)) throw new InputError(`charges.${i}.offense: '${ch.offense}' is not one of ${offenseCategories.join(', ')}`);
    return { offense: ch.offense as Charge['offense'], severity: ch.severity };
  });
  const message: Body<'car'> = {
    ori: car.ori,
    county,
    bookedAt: car.arrestDate,
    subject: car.subject,
    charges,
    flags: { ...noFlags, ...c.flags },
    nist: Buffer.from(nist).toString('base64'),
  };
  const node = await ctx.bookingNode(car.ori);
  return serial(node.address, async () => {
    const exists = await node.db.selectFrom('booking').select('tcn').where('tcn', '=', car.tcn).executeTakeFirst();
    if (exists) throw new ConflictError('duplicate_tcn', `TCN ${car.tcn} was already submitted`);
    await auditAccess(ctx, who, { action: 'booking.submit', subject: car.tcn, ids: [car.tcn] }, why);
    await book(node, car.tcn, `http:${car.tcn}`, message);
    return { tcn: car.tcn, county };
  });
}

/** The county an ORI of the form state + FIPS + '00' names (the network's own agencies). */
function countyOfOri(ctx: ServerContext, ori: string): string {
  const f = ori.slice(2, 7);
  const c = ctx.countyByFips.get(f);
  if (/^\d{5}00$/.test(ori.slice(2)) && c && c.state === ori.slice(0, 2)) return f;
  throw new InputError(`county: ORI ${ori} does not name its county; give the county FIPS code`);
}

export interface BookingView {
  tcn: string;
  bookedAt: string;
  county: string;
  subject: { name: string; dob: string; pob: string; sex: string };
  charges: Charge[];
  status: 'submitted' | 'answered' | 'rejected';
  sre: unknown;
  errt: unknown;
  idr: unknown;
  iar: unknown;
  detainer: string | null;
  disposition: unknown;
}

const parse = (s: string | null) => (s ? JSON.parse(s) : null);

function view(r: Record<string, any>): BookingView {
  const car = JSON.parse(r.car);
  return {
    tcn: r.tcn,
    bookedAt: r.booked_at,
    county: car.county,
    subject: car.subject,
    charges: car.charges,
    status: r.errt ? 'rejected' : r.sre ? 'answered' : 'submitted',
    sre: parse(r.sre),
    errt: parse(r.errt),
    idr: parse(r.idr),
    iar: parse(r.iar),
    detainer: r.detainer ?? null,
    disposition: parse(r.disposition),
  };
}

/** The answers received for one booking of the officer's agency (404 for any other agency's TCN). */
export async function getBooking(ctx: ServerContext, who: BookingPrincipal, tcn: string, why: string): Promise<BookingView> {
  const node = ctx.nodeAt(`booking:${who.ori}`);
  const row = node && (await node.db.selectFrom('booking').selectAll().where('tcn', '=', tcn).executeTakeFirst());
  if (!row) throw new NotFoundError(`no booking ${tcn} at ${who.ori}`);
  await auditAccess(ctx, who, { action: 'booking.read', subject: tcn, ids: [tcn] }, why);
  return view(row);
}

/** The agency's latest bookings, newest first. */
export async function listBookings(ctx: ServerContext, who: BookingPrincipal, limit: number, why: string): Promise<BookingView[]> {
  const node = ctx.nodeAt(`booking:${who.ori}`);
  if (!node) return [];
  const rows = await node.db.selectFrom('booking').selectAll().orderBy('booked_at', 'desc').orderBy('tcn', 'desc').limit(limit).execute();
  await auditAccess(ctx, who, { action: 'booking.list', subject: `booking:${who.ori}`, ids: rows.map((r) => r.tcn) }, why);
  return rows.map(view);
}
