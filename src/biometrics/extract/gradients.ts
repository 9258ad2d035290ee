import { BLOCK } from '../parameters.ts';
import type { BlockGrid } from './block-grid.ts';

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
 * block's moments are summed while its gradients are at hand rather than in a second pass.
 */
export function computeGradients(img: Float32Array, g: BlockGrid): { gx: Float32Array; gy: Float32Array; moments: BlockMoments } {
  const { width, height } = g;
  const gx = new Float32Array(width * height);
  const gy = new Float32Array(width * height);
  const n = g.bw * g.bh;
  const moments: BlockMoments = { xx: new Float32Array(n), xy: new Float32Array(n), energy: new Float64Array(n) };
  for (let by = 0; by < g.bh; by++) {
    for (let bx = 0; bx < g.bw; bx++) {
      let sxx = 0;
      let sxy = 0;
      let see = 0;
      for (let y = by * BLOCK; y < Math.min(height, (by + 1) * BLOCK); y++) {
        const edgeRow = y === 0 || y === height - 1;
        for (let x = bx * BLOCK; x < Math.min(width, (bx + 1) * BLOCK); x++) {
          const i = y * width + x;
          if (edgeRow || x === 0 || x === width - 1) continue;
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
