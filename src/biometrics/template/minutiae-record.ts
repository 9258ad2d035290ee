import { ParseError } from '../../errors.ts';
import type { FingerTemplate, Minutia, MinutiaType } from './types.ts';

/** What differs between the ISO 2005 and ANSI 2004 minutiae records. */
export interface RecordFormat {
  name: string;
  /** Bytes before the first finger view. */
  headerBytes: number;
  /** Angle units per full turn: 256 (ISO) or 180 (ANSI, 2 degrees each). */
  angleUnits: number;
  /** ANSI carries a 4-byte CBEFF product identifier and a 2-byte (or 6-byte) length. */
  productId: boolean;
}

const MAGIC = [0x46, 0x4d, 0x52, 0x00, 0x20, 0x32, 0x30, 0x00]; // "FMR\0 20\0"
const TYPE_CODES: MinutiaType[] = ['other', 'ending', 'bifurcation', 'other'];
const PX_PER_CM_PER_PPI = 1 / 2.54;
const TWO_PI = 2 * Math.PI;

/** Reads every finger view, checking each length and count against the bytes present. */
export function readFingerViews(bytes: Uint8Array, f: RecordFormat, file?: string): FingerTemplate[] {
  const fail = (reason: string, offset: number, field?: string): never => {
    throw new ParseError(reason, { file, offset, field });
  };
  if (bytes.length < f.headerBytes) fail(`${f.name} record needs at least ${f.headerBytes} bytes, has ${bytes.length}`, 0);
  for (let i = 0; i < 8; i++) if (bytes[i] !== MAGIC[i]) fail(`not a ${f.name} record (expected "FMR\\0 20\\0")`, i, 'format identifier');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let length: number;
  if (f.productId) {
    length = v.getUint16(at);
    at += 2;
    if (length === 0) {
      if (bytes.length < f.headerBytes + 4) fail('record too short for its 4-byte length', at);
      length = v.getUint32(at);
      at += 4;
    }
    at += 4; // CBEFF product identifier
  } else {
    length = v.getUint32(at);
    at += 4;
  }
  if (length !== bytes.length) fail(`record length field says ${length} bytes, ${bytes.length} present`, 8, 'record length');
  at += 2; // capture equipment
  const width = v.getUint16(at);
  const height = v.getUint16(at + 2);
  const xRes = v.getUint16(at + 4);
  at += 8;
  const views = bytes[at];
  at += 2;
  const ppi = xRes > 0 ? Math.round(xRes * 2.54) : 500;
  const out: FingerTemplate[] = [];
  for (let view = 0; view < views; view++) {
    if (at + 4 > bytes.length) fail(`finger view ${view + 1} of ${views} is missing`, at, 'finger view');
    const position = bytes[at];
    const quality = bytes[at + 2];
    const count = bytes[at + 3];
    at += 4;
    if (at + 6 * count + 2 > bytes.length) fail(`${count} minutiae need ${6 * count} bytes, ${Math.max(0, bytes.length - at - 2)} present`, at - 1, 'number of minutiae');
    const minutiae: Minutia[] = [];
    for (let i = 0; i < count; i++, at += 6) {
      const xw = v.getUint16(at);
      const yw = v.getUint16(at + 2);
      const angle = (bytes[at + 4] * TWO_PI) / f.angleUnits;
      if (bytes[at + 4] >= f.angleUnits) fail(`minutia ${i + 1}: angle ${bytes[at + 4]} is out of range 0..${f.angleUnits - 1}`, at + 4, 'minutia angle');
      minutiae.push({ x: xw & 0x3fff, y: yw & 0x3fff, angle, type: TYPE_CODES[xw >> 14], quality: Math.min(100, bytes[at + 5]) });
    }
    const extended = v.getUint16(at);
    at += 2;
    if (at + extended > bytes.length) fail(`extended data of ${extended} bytes runs past the end`, at - 2, 'extended data length');
    at += extended;
    out.push({ width, height, ppi, quality: Math.min(100, quality), minutiae, fingerPosition: position <= 10 ? position : 0 });
  }
  return out;
}

/** Writes one record with a finger view per template (minutiae beyond 255 are dropped, worst first). */
export function writeFingerRecord(templates: FingerTemplate[], f: RecordFormat): Uint8Array {
  const kept = templates.map((t) => [...t.minutiae].sort((a, b) => b.quality - a.quality).slice(0, 255));
  let length = f.headerBytes + kept.reduce((s, m) => s + 4 + 6 * m.length + 2, 0);
  const wide = f.productId && length > 0xffff;
  if (wide) length += 4;
  const out = new Uint8Array(length);
  const v = new DataView(out.buffer);
  out.set(MAGIC, 0);
  let at = 8;
  if (f.productId) {
    if (wide) {
      v.setUint16(at, 0);
      v.setUint32(at + 2, length);
      at += 6;
    } else {
      v.setUint16(at, length);
      at += 2;
    }
    at += 4; // product identifier 0: unregistered
  } else {
    v.setUint32(at, length);
    at += 4;
  }
  const first = templates[0];
  at += 2;
  v.setUint16(at, first?.width ?? 0);
  v.setUint16(at + 2, first?.height ?? 0);
  const res = Math.round((first?.ppi ?? 500) * PX_PER_CM_PER_PPI);
  v.setUint16(at + 4, res);
  v.setUint16(at + 6, res);
  at += 8;
  out[at] = templates.length;
  at += 2;
  templates.forEach((t, i) => {
    out[at] = t.fingerPosition ?? 0;
    out[at + 1] = 0;
    out[at + 2] = Math.max(0, Math.min(100, Math.round(t.quality)));
    out[at + 3] = kept[i].length;
    at += 4;
    for (const m of kept[i]) {
      const code = m.type === 'ending' ? 1 : m.type === 'bifurcation' ? 2 : 0;
      v.setUint16(at, (code << 14) | clamp(Math.round(m.x), 0x3fff));
      v.setUint16(at + 2, clamp(Math.round(m.y), 0x3fff));
      const turn = (((m.angle % TWO_PI) + TWO_PI) % TWO_PI) / TWO_PI;
      out[at + 4] = Math.round(turn * f.angleUnits) % f.angleUnits;
      out[at + 5] = Math.max(0, Math.min(100, Math.round(m.quality)));
      at += 6;
    }
    at += 2; // no extended data
  });
  return out;
}

function clamp(v: number, max: number): number {
  return Math.max(0, Math.min(max, v));
}
