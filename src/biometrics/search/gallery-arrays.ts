import type { FingerTemplate, MinutiaType } from '../template/types.ts';

/** Finger slots per subject: positions 1..10 at slot subject * 10 + position - 1. */
export const SLOTS = 10;
const TYPES: MinutiaType[] = ['ending', 'bifurcation', 'other'];
const ANGLE_UNIT = 65536 / (2 * Math.PI);

/**
 * A gallery as flat typed arrays over SharedArrayBuffers: posted to a worker thread they are
 * shared, not copied, so every search thread reads the one gallery. Subjects are numbered in order
 * of enrolment (a re-enrolled or removed subject's old number stays dead).
 *
 * - alive[n]: 1 while subject n is enrolled (a removal clears it and every thread sees it at once);
 * - keyCount[n]: index keys entered for subject n (its vote normalisation);
 * - slotInfo[4 * slot ..]: minutiae count + 1 (0 = no finger), width, height, ppi; slotQuality[slot];
 * - slotStart[slot]: its first minutia in `minutiae`, 4 Uint16 each: x, y, angle (2π/65536 units,
 *   counter-clockwise as in templates), type << 8 | quality;
 * - offsets/postings: the triplet index in compressed-row form: the subjects whose finger has key k
 *   are postings[offsets[k] .. offsets[k + 1]), key k = indexed position number * keys per position + triplet key;
 * - slotPrepared[slot]: for the verify positions, where the finger's packed candidate side starts in
 *   `prepared` (32-bit words + 1; 0 = none), `preparedUsed` bytes of it written (see packCandidate):
 *   prepared once at enrolment, read in place by every search, instead of prepared per search.
 */
export interface GalleryArrays {
  subjects: number;
  alive: Uint8Array;
  keyCount: Uint32Array;
  slotInfo: Uint16Array;
  slotQuality: Uint8Array;
  slotStart: Uint32Array;
  minutiae: Uint16Array;
  minutiaeUsed: number;
  offsets: Uint32Array;
  postings: Uint32Array;
  slotPrepared: Uint32Array;
  prepared: Uint8Array;
  preparedUsed: number;
}

export function sharedArray<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(Kind: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, length: number): T {
  return new Kind(new SharedArrayBuffer(length * Kind.BYTES_PER_ELEMENT));
}

/** The same array with room for at least `need` elements (doubling), its contents kept. */
export function grown<T extends Uint8Array | Uint16Array | Uint32Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const Kind = a.constructor as { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const b = sharedArray(Kind, Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Writes a finger into slot `slot` (minutiae appended at `at`); returns the minutiae used after it. */
export function writeFinger(g: GalleryArrays, slot: number, t: FingerTemplate, at: number): number {
  const n = t.minutiae.length;
  g.slotInfo[4 * slot] = n + 1;
  g.slotInfo[4 * slot + 1] = t.width;
  g.slotInfo[4 * slot + 2] = t.height;
  g.slotInfo[4 * slot + 3] = t.ppi;
  g.slotQuality[slot] = t.quality;
  g.slotStart[slot] = at / 4;
  for (const m of t.minutiae) {
    g.minutiae[at++] = clamp16(m.x);
    g.minutiae[at++] = clamp16(m.y);
    g.minutiae[at++] = Math.round(m.angle * ANGLE_UNIT) & 0xffff;
    g.minutiae[at++] = (Math.max(0, TYPES.indexOf(m.type)) << 8) | Math.max(0, Math.min(100, Math.round(m.quality)));
  }
  return at;
}

/** The finger in a slot as a template (undefined when the subject has no finger there). */
export function readFinger(g: GalleryArrays, slot: number): FingerTemplate | undefined {
  const count = g.slotInfo[4 * slot] - 1;
  if (count < 0) return undefined;
  const minutiae = new Array(count);
  for (let k = 0, i = g.slotStart[slot] * 4; k < count; k++, i += 4) {
    const tq = g.minutiae[i + 3];
    minutiae[k] = { x: g.minutiae[i], y: g.minutiae[i + 1], angle: g.minutiae[i + 2] / ANGLE_UNIT, type: TYPES[tq >> 8] ?? 'other', quality: tq & 0xff };
  }
  return { width: g.slotInfo[4 * slot + 1], height: g.slotInfo[4 * slot + 2], ppi: g.slotInfo[4 * slot + 3], quality: g.slotQuality[slot], minutiae, fingerPosition: (slot % SLOTS) + 1 };
}

/** Bytes held by the gallery's arrays (their capacity, which is what the process pays). */
export function galleryBytes(g: GalleryArrays): number {
  return [g.alive, g.keyCount, g.slotInfo, g.slotQuality, g.slotStart, g.minutiae, g.offsets, g.postings, g.slotPrepared, g.prepared].reduce((s, a) => s + a.byteLength, 0);
}

function clamp16(v: number): number {
  return Math.max(0, Math.min(65535, Math.round(v)));
}
