import { BLOCK } from '../parameters.ts';
import type { BlockGrid } from './block-grid.ts';

/** Sobel gradients of a float image (zero at the outermost pixels). */
export function computeGradients(img: Float32Array, width: number, height: number): { gx: Float32Array; gy: Float32Array } {
  const gx = new Float32Array(width * height);
  const gy = new Float32Array(width * height);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const a = img[i - width - 1], b = img[i - width], c = img[i - width + 1];
      const d = img[i - 1], f = img[i + 1];
      const g = img[i + width - 1], h = img[i + width], k = img[i + width + 1];
      gx[i] = c + 2 * f + k - a - 2 * d - g;
      gy[i] = g + 2 * h + k - a - 2 * b - c;
    }
  }
  return { gx, gy };
}

/**
 * Per block, the sums over its pixels of gx^2 - gy^2, 2 gx gy and gx^2 + gy^2: the squared-gradient
 * moments that both segmentation (energy) and orientation read, summed in one pass over the pixels.
 * `xx` and `xy` are float32 like the orientation's sums always were; `energy` keeps every digit.
 */
export interface BlockMoments {
  xx: Float32Array;
  xy: Float32Array;
  energy: Float64Array;
}

export function blockMoments(gx: Float32Array, gy: Float32Array, g: BlockGrid): BlockMoments {
  const n = g.bw * g.bh;
  const m: BlockMoments = { xx: new Float32Array(n), xy: new Float32Array(n), energy: new Float64Array(n) };
  for (let by = 0; by < g.bh; by++) {
    for (let bx = 0; bx < g.bw; bx++) {
      let sxx = 0;
      let sxy = 0;
      let see = 0;
      for (let y = by * BLOCK; y < Math.min(g.height, (by + 1) * BLOCK); y++) {
        for (let x = bx * BLOCK; x < Math.min(g.width, (bx + 1) * BLOCK); x++) {
          const i = y * g.width + x;
          const a = gx[i];
          const b = gy[i];
          sxx += a * a - b * b;
          sxy += 2 * a * b;
          see += a * a + b * b;
        }
      }
      const i = by * g.bw + bx;
      m.xx[i] = sxx;
      m.xy[i] = sxy;
      m.energy[i] = see;
    }
  }
  return m;
}
