import { z } from 'zod';
import type { GrayImage } from '../biometrics/image/gray-image.ts';
import { encodeWsq } from '../biometrics/image/wsq-encoder.ts';
import { ParseError } from '../errors.ts';
import { decodeRecordImage } from './record-image.ts';
import { parseTransaction } from './reader.ts';
import { RS, US, type NistField, type NistRecord, type TaggedRecord, type Transaction } from './types.ts';
import { writeTransaction } from './writer.ts';

/**
 * EBTS-style Criminal Answer Required (CAR) submission: the tenprint a booking agency sends through
 * its State Identification Bureau to the FBI. Type-1 (TOT CAR, ORI, TCN, DAI), Type-2 with the
 * subject's descriptors, arrest date and charges, then ten fingers as Type-4 (WSQ, 500 ppi) or
 * Type-14 records.
 */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const ori = z.string().regex(/^[A-Z]{2}[A-Z0-9]{7}$/, 'an ORI: two letters of state then 7 letters or digits');

export const carChargeSchema = z.object({
  /** Offense category as the policy engine names them (e.g. burglary, traffic). */
  offense: z.string().regex(/^[a-z_]+$/, 'a lower-case offense category'),
  severity: z.enum(['felony', 'misdemeanor', 'infraction']),
  date,
});

export const carInputSchema = z.object({
  tcn: z.string().min(1).max(40).regex(/^[A-Za-z0-9-]+$/, 'letters, digits and dashes'),
  ori,
  /** Destination agency (the FBI's CJIS ORI by default). */
  dai: ori.default('WVIAFIS0Z'),
  date,
  subject: z.object({
    /** "LAST,FIRST" in capitals, as EBTS NAM. */
    name: z.string().regex(/^[A-Z' -]+,[A-Z' -]+$/, 'LAST,FIRST in capitals'),
    dob: date,
    /** Place of birth: a two-letter state or country code. */
    pob: z.string().regex(/^[A-Z]{2}$/),
    sex: z.enum(['M', 'F', 'X']),
  }),
  arrestDate: date,
  charges: z.array(carChargeSchema).min(1).max(40),
  format: z.enum(['type4', 'type14']).default('type4'),
});

export type CarInput = z.input<typeof carInputSchema>;
export type CarCharge = z.infer<typeof carChargeSchema>;

export interface CarFinger {
  /** ANSI/NIST finger position 1 (right thumb) .. 10 (left little). */
  position: number;
  image: GrayImage;
}

/** A CAR as read back: the text descriptors and the ten decoded fingers. */
export interface CarSubmission {
  tcn: string;
  ori: string;
  dai: string;
  date: string;
  subject: { name: string; dob: string; pob: string; sex: 'M' | 'F' | 'X' };
  arrestDate: string;
  charges: CarCharge[];
  fingers: CarFinger[];
}

const NSR_PPMM = '19.69'; // 500 ppi in pixels per millimetre
const SUBFIELD = String.fromCharCode(RS);
const ITEM = String.fromCharCode(US);

/** Writes a CAR transaction; images are WSQ-compressed at 0.75 bpp (the FBI's setting). */
export function buildCar(input: CarInput, fingers: CarFinger[]): Uint8Array {
  const car = carInputSchema.parse(input);
  const positions = fingers.map((f) => f.position).sort((a, b) => a - b);
  if (positions.join() !== '1,2,3,4,5,6,7,8,9,10') throw new RangeError(`a CAR carries fingers 1..10 once each (got ${positions.join(',')})`);
  const ymd = (d: string) => d.replaceAll('-', '');
  const type1 = tagged(1, 0, [
    [2, '0500'],
    [3, ''], // CNT: the writer fills it in
    [4, 'CAR'],
    [5, ymd(car.date)],
    [6, '4'],
    [7, car.dai],
    [8, car.ori],
    [9, car.tcn],
    [11, NSR_PPMM],
    [12, NSR_PPMM],
    [13, `NORAM${ITEM}EBTS 11.0`],
  ]);
  const type2 = tagged(2, 1, [
    [5, 'Y'], // retention: keep the prints in the criminal master file
    [18, car.subject.name],
    [20, car.subject.pob],
    [22, ymd(car.subject.dob)],
    [24, car.subject.sex],
    [45, ymd(car.arrestDate)],
    // ASL: one subfield per charge, date of offense then the literal.
    [47, car.charges.map((c) => `${ymd(c.date)}${ITEM}${c.offense.toUpperCase()} ${c.severity.toUpperCase()}`).join(SUBFIELD)],
    [73, car.ori],
  ]);
  const sorted = [...fingers].sort((a, b) => a.position - b.position);
  const images: NistRecord[] = sorted.map((f, i) => {
    const wsq = encodeWsq(f.image, { ppi: 500 });
    if (car.format === 'type4') {
      return { kind: 'binary', type: 4, idc: i + 2, offset: 0, data: wsq, header: { imp: 1, fgp: [f.position, 255, 255, 255, 255, 255], isr: 0, hll: f.image.width, vll: f.image.height, compression: 1 } };
    }
    const r = tagged(14, i + 2, [
      [3, '1'],
      [4, car.ori],
      [5, ymd(car.date)],
      [6, String(f.image.width)],
      [7, String(f.image.height)],
      [8, '1'],
      [9, '500'],
      [10, '500'],
      [11, 'WSQ20'],
      [12, '8'],
      [13, String(f.position)],
    ]);
    r.fields.push({ tag: '14.999', number: 999, value: '', data: wsq });
    return r;
  });
  return writeTransaction({ records: [type1, type2, ...images], utf8: false });
}

/** Reads a CAR back, checking that it is one and that every field it needs is there and well-formed. */
export function readCar(bytes: Uint8Array, file?: string): CarSubmission {
  const t = parseTransaction(bytes, { file });
  const fail = (reason: string, record: number, field?: string): never => {
    throw new ParseError(reason, { file, record, field, offset: t.records[record]?.offset });
  };
  const type1 = t.records[0] as TaggedRecord;
  const v1 = (n: number) => fieldValue(type1, n) ?? fail(`Type-1 field 1.${pad(n)} is missing`, 0, `1.${pad(n)}`);
  if (v1(4) !== 'CAR') fail(`TOT is '${v1(4)}', not CAR`, 0, '1.004');
  const t2Index = t.records.findIndex((r) => r.type === 2);
  if (t2Index < 0) fail('a CAR needs a Type-2 record', 0, '1.003');
  const type2 = t.records[t2Index] as TaggedRecord;
  const v2 = (n: number) => fieldValue(type2, n) ?? fail(`Type-2 field 2.${pad(n)} is missing`, t2Index, `2.${pad(n)}`);
  const isoDate = (s: string, record: number, field: string) => (/^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}` : fail(`'${s}' is not a date CCYYMMDD`, record, field));
  const charges = v2(47)
    .split(SUBFIELD)
    .map((sub) => {
      const [doo, aol] = sub.split(ITEM);
      const m = /^([A-Z_]+) (FELONY|MISDEMEANOR|INFRACTION)$/.exec(aol ?? '');
      if (!m) fail(`arrest offense literal '${aol ?? ''}' is not 'OFFENSE SEVERITY'`, t2Index, '2.047');
      return { offense: m![1].toLowerCase(), severity: m![2].toLowerCase() as CarCharge['severity'], date: isoDate(doo, t2Index, '2.047') };
    });
  const fingers = fingerRecords(t).map(({ index, position }) => ({ position, image: decodeRecordImage(t, index, file) }));
  const sex = v2(24);
  if (sex !== 'M' && sex !== 'F' && sex !== 'X') fail(`sex '${sex}' is not M, F or X`, t2Index, '2.024');
  return {
    tcn: v1(9),
    ori: v1(8),
    dai: v1(7),
    date: isoDate(v1(5), 0, '1.005'),
    subject: { name: v2(18), dob: isoDate(v2(22), t2Index, '2.022'), pob: v2(20), sex: sex as 'M' | 'F' | 'X' },
    arrestDate: isoDate(v2(45), t2Index, '2.045'),
    charges,
    fingers,
  };
}

/** Records holding one rolled or plain finger (positions 1-10), with that position. */
function fingerRecords(t: Transaction): { index: number; position: number }[] {
  return t.records.flatMap((r, index) => {
    const position = r.kind === 'binary' ? (r.type === 4 ? r.header?.fgp[0] : undefined) : r.type === 14 ? Number(fieldValue(r, 13)?.split(SUBFIELD)[0]) : undefined;
    return position !== undefined && position >= 1 && position <= 10 ? [{ index, position }] : [];
  });
}

function tagged(type: number, idc: number, fields: [number, string][]): TaggedRecord {
  const all: NistField[] = [[1, '0'] as [number, string], ...(type === 1 ? [] : [[2, String(idc).padStart(2, '0')] as [number, string]]), ...fields].map(([n, value]) => ({ tag: `${type}.${pad(n)}`, number: n, value }));
  return { kind: 'tagged', type, idc, fields: all, offset: 0 };
}

function fieldValue(r: TaggedRecord, n: number): string | undefined {
  return r.fields.find((f) => f.number === n)?.value;
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}
