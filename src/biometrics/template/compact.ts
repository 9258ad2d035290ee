import { ParseError } from '../../errors.ts';
import type { FingerTemplate, MinutiaType } from './types.ts';

/**
 * scomm's storage form of a template: "SCT1", width, height, ppi (u16), quality, finger position
 * (u8), minutiae count (u16), then 8 bytes per minutia: x, y (u16), angle (u16, 65536 per turn),
 * type, quality (u8). Little room, exact angles, and no standard's limits (255 minutiae, 2 degrees).
 */
const MAGIC = [0x53, 0x43, 0x54, 0x31];
const TYPES: MinutiaType[] = ['other', 'ending', 'bifurcation'];
const HEADER = 14;

export function writeCompactTemplate(t: FingerTemplate): Uint8Array {
  const out = new Uint8Array(HEADER + 8 * t.minutiae.length);
  const v = new DataView(out.buffer);
  out.set(MAGIC);
  v.setUint16(4, t.width);
  v.setUint16(6, t.height);
  v.setUint16(8, t.ppi);
  out[10] = t.quality;
  out[11] = t.fingerPosition ?? 0;
  v.setUint16(12, t.minutiae.length);
  t.minutiae.forEach((m, i) => {
    const at = HEADER + 8 * i;
    v.setUint16(at, Math.max(0, Math.min(65535, Math.round(m.x))));
    v.setUint16(at + 2, Math.max(0, Math.min(65535, Math.round(m.y))));
    v.setUint16(at + 4, Math.round((m.angle / (2 * Math.PI)) * 65536) & 0xffff);
    out[at + 6] = Math.max(0, TYPES.indexOf(m.type));
    out[at + 7] = m.quality;
  });
  return out;
}

export function readCompactTemplate(bytes: Uint8Array, file?: string): FingerTemplate {
  if (bytes.length < HEADER || MAGIC.some((b, i) => bytes[i] !== b)) throw new ParseError('not a scomm compact template (SCT1)', { file, offset: 0 });
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = v.getUint16(12);
  if (bytes.length !== HEADER + 8 * count) throw new ParseError(`${count} minutiae need ${HEADER + 8 * count} bytes, ${bytes.length} present`, { file, offset: 12 });
  const minutiae = Array.from({ length: count }, (_, i) => {
    const at = HEADER + 8 * i;
    const type = TYPES[bytes[at + 6]];
    if (!type) throw new ParseError(`minutia ${i + 1}: unknown type ${bytes[at + 6]}`, { file, offset: at + 6 });
    return { x: v.getUint16(at), y: v.getUint16(at + 2), angle: (v.getUint16(at + 4) / 65536) * 2 * Math.PI, type, quality: Math.min(100, bytes[at + 7]) };
  });
  return { width: v.getUint16(4), height: v.getUint16(6), ppi: v.getUint16(8), quality: Math.min(100, bytes[10]), fingerPosition: bytes[11], minutiae };
}
