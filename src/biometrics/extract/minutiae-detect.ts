import { DIRECTION_TRACE } from '../parameters.ts';
import { neighbourhood } from './thinning.ts';

/** A minutia found on the skeleton, in image coordinates of the 500 ppi working image (y down). */
export interface RawMinutia {
  x: number;
  y: number;
  /** Direction in radians, image coordinates (atan2(dy, dx) with y down). */
  angle: number;
  type: 'ending' | 'bifurcation';
  /** Where each traced branch stopped, and whether it stopped at a ridge junction or end. */
  traces: { x: number; y: number; steps: number; hit: 'end' | 'junction' | 'free' }[];
}

// Neighbour offsets in the bit order of `neighbourhood` (N, NE, E, SE, S, SW, W, NW).
const DX = [0, 1, 1, 1, 0, -1, -1, -1];
const DY = [-1, -1, 0, 1, 1, 1, 0, -1];

/** Neighbourhoods with crossing number 1 or 3 (an ending or a bifurcation), by `neighbourhood` byte. */
const MINUTIA_NEIGHBOURHOOD = new Uint8Array(256);
for (let n = 0; n < 256; n++) {
  let crossings = 0;
  for (let k = 0; k < 8; k++) if (!((n >> k) & 1) && (n >> ((k + 1) & 7)) & 1) crossings++;
  MINUTIA_NEIGHBOURHOOD[n] = crossings === 1 || crossings === 3 ? 1 : 0;
}

/**
 * Crossing number on the skeleton (Rutovitz): one 0->1 transition around a pixel is a ridge ending,
 * three a bifurcation. Each branch is traced a short way to give the direction: an ending points
 * back into its ridge, a bifurcation away from its stem toward the fork (so an ending and the
 * bifurcation it turns into under more pressure point the same way).
 */
export function detectMinutiae(skeleton: Uint8Array, width: number, height: number, inside: (x: number, y: number) => boolean): RawMinutia[] {
  const out: RawMinutia[] = [];
  // Most pixels are clear: the image is read four bytes at a time (in raster order, as a scan of
  // its rows would be), and only words holding a set pixel are looked into.
  const words = skeleton.byteOffset % 4 === 0 ? new Uint32Array(skeleton.buffer, skeleton.byteOffset, skeleton.length >> 2) : null;
  const first = 2 * width + 2;
  const last = (height - 2) * width - 3;
  for (let i = first; i <= last; i++) {
    if (words && (i & 3) === 0 && i + 3 <= last && words[i >> 2] === 0) {
      i += 3;
      continue;
    }
    if (!skeleton[i]) continue;
    const x = i % width;
    if (x < 2 || x >= width - 2) continue;
    const y = (i - x) / width;
    const n = neighbourhood(skeleton, i, width);
    // Most skeleton pixels are ridge continuations: the tabulated crossing number rejects them
    // before any branch list is built or the (costlier) border test is asked.
    if (!MINUTIA_NEIGHBOURHOOD[n] || !inside(x, y)) continue;
    const starts: number[] = [];
    for (let k = 0; k < 8; k++) if (!((n >> k) & 1) && (n >> ((k + 1) & 7)) & 1) starts.push((k + 1) & 7);
    // Plain loops, no closures: a closure over x and y would make the engine allocate their
    // scope on every pixel of the scan.
    const traces: RawMinutia['traces'] = [];
    for (const k of starts) traces.push(trace(skeleton, width, height, x, y, x + DX[k], y + DY[k]));
    if (starts.length === 1) {
      const t = traces[0];
      out.push({ x, y, angle: Math.atan2(t.y - y, t.x - x), type: 'ending', traces });
    } else {
      // The stem is the branch pointing most away from the other two.
      const dirs: number[] = [];
      for (const t of traces) dirs.push(Math.atan2(t.y - y, t.x - x));
      let stem = 0;
      let worst = Infinity;
      for (let a = 0; a < 3; a++) {
        const c = Math.cos(dirs[a] - dirs[(a + 1) % 3]) + Math.cos(dirs[a] - dirs[(a + 2) % 3]);
        if (c < worst) (worst = c), (stem = a);
      }
      out.push({ x, y, angle: Math.atan2(y - traces[stem].y, x - traces[stem].x), type: 'bifurcation', traces });
    }
  }
  return out;
}

/**
 * Walks the skeleton from (x0, y0) through (x1, y1) for up to DIRECTION_TRACE steps. At a corner a
 * skeleton may offer both a diagonal and an orthogonal next pixel that touch each other: that is
 * one path (the orthogonal step is taken), not a junction.
 */
function trace(sk: Uint8Array, width: number, height: number, x0: number, y0: number, x1: number, y1: number): RawMinutia['traces'][number] {
  let ppx = x0;
  let ppy = y0;
  let px = x0;
  let py = y0;
  let x = x1;
  let y = y1;
  for (let steps = 1; steps <= DIRECTION_TRACE; steps++) {
    if (x < 1 || y < 1 || x >= width - 1 || y >= height - 1) return { x, y, steps, hit: 'end' };
    const n = neighbourhood(sk, y * width + x, width);
    let first = -1;
    let second = -1;
    let count = 0;
    for (let k = 0; k < 8; k++) {
      if (!((n >> k) & 1)) continue;
      const nx = x + DX[k];
      const ny = y + DY[k];
      // Not the pixels just left behind (nor their immediate neighbours at the start).
      if ((nx === px && ny === py) || (nx === ppx && ny === ppy)) continue;
      if (Math.abs(nx - px) <= 1 && Math.abs(ny - py) <= 1 && Math.abs(nx - x) + Math.abs(ny - y) === 2) continue;
      if (count === 0) first = k;
      else second = k;
      count++;
    }
    let next = first;
    if (count === 2 && Math.abs(DX[first] - DX[second]) + Math.abs(DY[first] - DY[second]) === 1) {
      next = DX[first] === 0 || DY[first] === 0 ? first : second;
    } else if (count > 1) return { x, y, steps, hit: 'junction' };
    if (count === 0) return { x, y, steps, hit: 'end' };
    ppx = px;
    ppy = py;
    px = x;
    py = y;
    x += DX[next];
    y += DY[next];
  }
  return { x, y, steps: DIRECTION_TRACE, hit: 'free' };
}
