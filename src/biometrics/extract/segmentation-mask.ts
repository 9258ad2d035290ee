import { BLOCK, MASK_ENERGY_SHARE } from '../parameters.ts';
import type { BlockGrid } from './block-grid.ts';
import type { BlockMoments } from './gradients.ts';

/**
 * Foreground blocks: gradient energy above a share of the image's 90th percentile, then closed and
 * opened, reduced to the largest connected region with its holes filled (a print is one blob).
 */
export function computeSegmentationMask(moments: BlockMoments, g: BlockGrid): Uint8Array {
  const energy = new Float32Array(g.bw * g.bh);
  for (let by = 0; by < g.bh; by++) {
    for (let bx = 0; bx < g.bw; bx++) {
      // Mean energy: partial blocks at the right and bottom edges have fewer pixels.
      const n = (Math.min(g.height, (by + 1) * BLOCK) - by * BLOCK) * (Math.min(g.width, (bx + 1) * BLOCK) - bx * BLOCK);
      energy[by * g.bw + bx] = moments.energy[by * g.bw + bx] / n;
    }
  }
  const threshold = MASK_ENERGY_SHARE * kthSmallest(Float32Array.from(energy), Math.floor(0.9 * (energy.length - 1)));
  let mask: Uint8Array = new Uint8Array(energy.length);
  for (let i = 0; i < energy.length; i++) mask[i] = energy[i] > threshold && threshold > 0 ? 1 : 0;
  mask = erode(dilate(mask, g), g);
  mask = dilate(erode(mask, g), g);
  return fillHoles(largestRegion(mask, g), g);
}

function dilate(m: Uint8Array, g: BlockGrid): Uint8Array {
  return morph(m, g, 1);
}
function erode(m: Uint8Array, g: BlockGrid): Uint8Array {
  return morph(m, g, 0);
}

/**
 * 3x3 dilation (want = 1: any neighbour set) or erosion (want = 0: any neighbour clear clears),
 * outside the grid counting as clear: separable, a pass along the rows then one down the columns.
 */
function morph(m: Uint8Array, g: BlockGrid, want: number): Uint8Array {
  const { bw, bh } = g;
  const rows = new Uint8Array(m.length);
  for (let y = 0; y < bh; y++) {
    for (let x = 0, i = y * bw; x < bw; x++, i++) {
      const left = x > 0 ? m[i - 1] : 0;
      const right = x < bw - 1 ? m[i + 1] : 0;
      rows[i] = want ? left | m[i] | right : left & m[i] & right;
    }
  }
  const out = new Uint8Array(m.length);
  for (let i = 0; i < m.length; i++) {
    const up = i >= bw ? rows[i - bw] : 0;
    const down = i < m.length - bw ? rows[i + bw] : 0;
    out[i] = want ? up | rows[i] | down : up & rows[i] & down;
  }
  return out;
}

function largestRegion(m: Uint8Array, g: BlockGrid): Uint8Array {
  const label = new Int32Array(m.length).fill(-1);
  let best = -1;
  let bestSize = 0;
  const stack: number[] = [];
  for (let s = 0; s < m.length; s++) {
    if (!m[s] || label[s] >= 0) continue;
    let size = 0;
    label[s] = s;
    stack.push(s);
    while (stack.length) {
      const i = stack.pop()!;
      size++;
      const x = i % g.bw;
      const y = (i - x) / g.bw;
      // The four neighbours written out: a list of coordinate pairs per block was garbage.
      if (x > 0 && m[i - 1] && label[i - 1] < 0) (label[i - 1] = s), stack.push(i - 1);
      if (x < g.bw - 1 && m[i + 1] && label[i + 1] < 0) (label[i + 1] = s), stack.push(i + 1);
      if (y > 0 && m[i - g.bw] && label[i - g.bw] < 0) (label[i - g.bw] = s), stack.push(i - g.bw);
      if (y < g.bh - 1 && m[i + g.bw] && label[i + g.bw] < 0) (label[i + g.bw] = s), stack.push(i + g.bw);
    }
    if (size > bestSize) (bestSize = size), (best = s);
  }
  const out = new Uint8Array(m.length);
  for (let i = 0; i < m.length; i++) out[i] = label[i] === best && best >= 0 ? 1 : 0;
  return out;
}

function fillHoles(m: Uint8Array, g: BlockGrid): Uint8Array {
  // Background reachable from the border stays background; every other block is foreground.
  const outside = new Uint8Array(m.length);
  const stack: number[] = [];
  for (let x = 0; x < g.bw; x++) stack.push(x, (g.bh - 1) * g.bw + x);
  for (let y = 0; y < g.bh; y++) stack.push(y * g.bw, y * g.bw + g.bw - 1);
  while (stack.length) {
    const i = stack.pop()!;
    if (m[i] || outside[i]) continue;
    outside[i] = 1;
    const x = i % g.bw;
    const y = (i - x) / g.bw;
    if (x > 0) stack.push(i - 1);
    if (x < g.bw - 1) stack.push(i + 1);
    if (y > 0) stack.push(i - g.bw);
    if (y < g.bh - 1) stack.push(i + g.bw);
  }
  return outside.map((o) => (o ? 0 : 1));
}

/** The k-th smallest value (0-based) of `a`, as a sort would put it at k (Hoare's selection; reorders `a`). */
function kthSmallest(a: Float32Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        (a[i] = a[j]), (a[j] = t);
        i++;
        j--;
      }
    }
    // Now a[lo..j] <= pivot <= a[i..hi], and any elements between equal the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
