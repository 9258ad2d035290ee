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
  const sorted = Float32Array.from(energy).sort();
  const threshold = MASK_ENERGY_SHARE * sorted[Math.floor(0.9 * (sorted.length - 1))];
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

/** 3x3 dilation (want = 1: any neighbour set) or erosion (want = 0: any neighbour clear clears). */
function morph(m: Uint8Array, g: BlockGrid, want: number): Uint8Array {
  const out = new Uint8Array(m.length);
  for (let y = 0; y < g.bh; y++) {
    for (let x = 0; x < g.bw; x++) {
      let hit = false;
      for (let dy = -1; dy <= 1 && !hit; dy++) {
        for (let dx = -1; dx <= 1 && !hit; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          const v = xx < 0 || yy < 0 || xx >= g.bw || yy >= g.bh ? 0 : m[yy * g.bw + xx];
          if (v === want) hit = true;
        }
      }
      out[y * g.bw + x] = want === 1 ? (hit ? 1 : 0) : hit ? 0 : 1;
    }
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
      for (const [xx, yy] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]]) {
        if (xx < 0 || yy < 0 || xx >= g.bw || yy >= g.bh) continue;
        const j = yy * g.bw + xx;
        if (m[j] && label[j] < 0) (label[j] = s), stack.push(j);
      }
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
