import type { NistRecord, RecordImage, TaggedRecord, Transaction } from './types.ts';

/** Types 3 and 4 GCA codes (ANSI/NIST-ITL 1-2011 Table 15, "compression algorithm codes"). */
const GCA_CODES: Record<number, string> = { 0: 'NONE', 1: 'WSQ20', 2: 'JPEGB', 3: 'JPEGL', 4: 'JP2', 5: 'JP2L', 6: 'PNG' };
/** Types 5 and 6 BCA codes: binary (1-bit) images. */
const BCA_CODES: Record<number, string> = { 0: 'NONE', 1: 'G4FAX' };
/** Tagged records with an image in field 999 and the standard's 006/007/008/009/011 fields. */
const TAGGED_IMAGE_TYPES = new Set([10, 13, 14, 15, 16, 17, 19, 20]);

const MM_PER_INCH = 25.4;

/** Width, height, resolution and compression of the image a record carries, or null if it has none. */
export function recordImage(t: Transaction, r: NistRecord): RecordImage | null {
  if (r.kind === 'binary') {
    if (!r.header) return null;
    const h = r.header;
    const codes = r.type === 5 || r.type === 6 ? BCA_CODES : GCA_CODES;
    return { data: r.data, compression: codes[h.compression] ?? `code ${h.compression}`, width: h.hll, height: h.vll, ppi: binaryPpi(t, r.type, h.isr) };
  }
  if (!TAGGED_IMAGE_TYPES.has(r.type)) return null;
  const data = r.fields.find((f) => f.number === 999)?.data;
  if (!data) return null;
  const num = (n: number) => Number(field(r, n) ?? 0);
  const slc = num(8);
  const hps = num(9);
  // SLC 1: pixels per inch; 2: pixels per centimetre; 0: no scale, only an aspect ratio.
  const ppi = slc === 1 ? hps : slc === 2 ? Math.round(hps * 2.54) : 0;
  return { data, compression: (field(r, 11) ?? 'NONE').trim().toUpperCase(), width: num(6), height: num(7), ppi };
}

function field(r: TaggedRecord, n: number): string | undefined {
  return r.fields.find((f) => f.number === n)?.value;
}

/**
 * Binary image records give ISR: 0 = the native scanning resolution (1.011 NSR), 1 = the nominal
 * transmitting resolution (1.012 NTR), both in pixels per millimetre. Files that leave NSR at 00.00
 * get the standard's minimum: 19.69 ppmm (500 ppi) for Type-4, half that for the low-resolution types.
 */
function binaryPpi(t: Transaction, type: number, isr: number): number {
  const type1 = t.records[0] as TaggedRecord;
  const ppmm = Number(field(type1, isr === 0 ? 11 : 12) ?? 0);
  if (ppmm > 0) return Math.round(ppmm * MM_PER_INCH);
  return type === 4 || type === 6 ? 500 : 250;
}

