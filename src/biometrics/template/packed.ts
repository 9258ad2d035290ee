import type { FingerTemplate, MinutiaType } from './types.ts';

const TYPES: MinutiaType[] = ['ending', 'bifurcation', 'other'];
/** Numbers per finger before its minutiae: count, width, height, ppi, quality, position (-1 = none); and per minutia: x, y, angle, type, quality. */
const FINGER = 6;
const MINUTIA = 5;

/**
 * Templates as one Float64Array, exactly (every number kept as it is; `reason` is not carried):
 * what goes between threads. A worker message of template objects is cloned object by object
 * (~165 us for a tenprint each way); this is one block of memory.
 */
export function packTemplates(ts: readonly FingerTemplate[]): Float64Array {
  let length = 1;
  for (const t of ts) length += FINGER + MINUTIA * t.minutiae.length;
  const out = new Float64Array(length);
  out[0] = ts.length;
  let o = 1;
  for (const t of ts) {
    out[o++] = t.minutiae.length;
    out[o++] = t.width;
    out[o++] = t.height;
    out[o++] = t.ppi;
    out[o++] = t.quality;
    out[o++] = t.fingerPosition ?? -1;
    for (const m of t.minutiae) {
      out[o++] = m.x;
      out[o++] = m.y;
      out[o++] = m.angle;
      out[o++] = TYPES.indexOf(m.type);
      out[o++] = m.quality;
    }
  }
  return out;
}

export function unpackTemplates(a: Float64Array): FingerTemplate[] {
  const out: FingerTemplate[] = new Array(a[0]);
  let o = 1;
  for (let f = 0; f < out.length; f++) {
    const n = a[o];
    const t: FingerTemplate = { width: a[o + 1], height: a[o + 2], ppi: a[o + 3], quality: a[o + 4], minutiae: new Array(n) };
    if (a[o + 5] >= 0) t.fingerPosition = a[o + 5];
    o += FINGER;
    for (let i = 0; i < n; i++, o += MINUTIA) t.minutiae[i] = { x: a[o], y: a[o + 1], angle: a[o + 2], type: TYPES[a[o + 3]], quality: a[o + 4] };
    out[f] = t;
  }
  return out;
}
