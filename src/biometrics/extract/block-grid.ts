import { BLOCK } from '../parameters.ts';

/** The block grid over an image: blocks of BLOCK x BLOCK pixels (the last row/column may be partial). */
export interface BlockGrid {
  width: number;
  height: number;
  bw: number;
  bh: number;
}

export function blockGrid(width: number, height: number): BlockGrid {
  return { width, height, bw: Math.ceil(width / BLOCK), bh: Math.ceil(height / BLOCK) };
}

/** Gaussian smoothing of a block field (weights renormalised where `valid` is 0). */
export function smoothBlocks(values: Float32Array, valid: Uint8Array, g: BlockGrid, sigma: number): Float32Array {
  const { bw, bh } = g;
  const r = Math.ceil(2 * sigma);
  const w = Float64Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const tmp = new Float32Array(values.length);
  const tmpW = new Float32Array(values.length);
  // Taps beyond the grid are clipped from the loop bounds rather than tested one by one.
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      let s = 0;
      let sw = 0;
      for (let xx = Math.max(0, x - r), end = Math.min(bw - 1, x + r); xx <= end; xx++) {
        const i = y * bw + xx;
        if (!valid[i]) continue;
        s += w[xx - x + r] * values[i];
        sw += w[xx - x + r];
      }
      tmp[y * bw + x] = s;
      tmpW[y * bw + x] = sw;
    }
  }
  const out = new Float32Array(values.length);
  for (let y = 0; y < bh; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(bh - 1, y + r);
    for (let x = 0; x < bw; x++) {
      let s = 0;
      let sw = 0;
      for (let yy = y0; yy <= y1; yy++) {
        const i = yy * bw + x;
        s += w[yy - y + r] * tmp[i];
        sw += w[yy - y + r] * tmpW[i];
      }
      out[y * bw + x] = sw > 0 ? s / sw : values[y * bw + x];
    }
  }
  return out;
}
