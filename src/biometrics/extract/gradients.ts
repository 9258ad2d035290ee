import { BLOCK } from '../parameters.ts';
import type { BlockGrid } from './block-grid.ts';
import { workBuffer } from './work-buffers.ts';

/**
 * Per block, the sums over its pixels of gx^2 - gy^2, 2 gx gy and gx^2 + gy^2: the squared-gradient
 * moments that both segmentation (energy) and orientation read. `xx` and `xy` are kept as float32
 * (orientation sums them in windows of blocks); `energy` keeps every digit (segmentation's mean).
 */
export interface BlockMoments {
  xx: Float32Array;
  xy: Float32Array;
  energy: Float64Array;
}

/**
 * Sobel gradients of a float image (zero at the outermost pixels), computed block by block so each
 * block's moments are summed while its gradients are at hand rather than in a second pass. `gx` and
 * `gy` are work buffers (valid until the next extraction).
 */
export function computeGradients(img: Float32Array, g: BlockGrid): { gx: Float32Array; gy: Float32Array; moments: BlockMoments } {
  const { width, height } = g;
  const gx = workBuffer('gx', width * height, Float32Array);
  const gy = workBuffer('gy', width * height, Float32Array);
  // The outermost pixels: gradient 0 (the loops below skip them).
  for (const a of [gx, gy]) {
    a.fill(0, 0, width);
    a.fill(0, (height - 1) * width);
    for (let y = 1; y < height - 1; y++) (a[y * width] = 0), (a[y * width + width - 1] = 0);
  }
  const n = g.bw * g.bh;
  const moments: BlockMoments = { xx: new Float32Array(n), xy: new Float32Array(n), energy: new Float64Array(n) };
  for (let by = 0; by < g.bh; by++) {
    for (let bx = 0; bx < g.bw; bx++) {
      let sxx = 0;
      let sxy = 0;
      let see = 0;
      // The outermost pixels keep gradient 0 and add nothing to the sums.
      const x0 = Math.max(1, bx * BLOCK);
      const x1 = Math.min(width - 1, (bx + 1) * BLOCK);
      const y1 = Math.min(height - 1, (by + 1) * BLOCK);
      for (let y = Math.max(1, by * BLOCK); y < y1; y++) {
        for (let i = y * width + x0, end = y * width + x1; i < end; i++) {
          const a = img[i - width - 1], b = img[i - width], c = img[i - width + 1];
          const d = img[i - 1], f = img[i + 1];
          const p = img[i + width - 1], h = img[i + width], k = img[i + width + 1];
          // Rounded as stored, so the moments see the values the arrays hold.
          const u = Math.fround(c + 2 * f + k - a - 2 * d - p);
          const v = Math.fround(p + 2 * h + k - a - 2 * b - c);
          gx[i] = u;
          gy[i] = v;
          sxx += u * u - v * v;
          sxy += 2 * u * v;
          see += u * u + v * v;
        }
      }
      const i = by * g.bw + bx;
      moments.xx[i] = sxx;
      moments.xy[i] = sxy;
      moments.energy[i] = see;
    }
  }
  return { gx, gy, moments };
}
