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
  const r = Math.ceil(2 * sigma);
  const w = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const tmp = new Float32Array(values.length);
  const tmpW = new Float32Array(values.length);
  for (let y = 0; y < g.bh; y++) {
    for (let x = 0; x < g.bw; x++) {
      let s = 0;
      let sw = 0;
      for (let d = -r; d <= r; d++) {
        const xx = x + d;
        if (xx < 0 || xx >= g.bw) continue;
        const i = y * g.bw + xx;
        if (!valid[i]) continue;
        s += w[d + r] * values[i];
        sw += w[d + r];
      }
      tmp[y * g.bw + x] = s;
      tmpW[y * g.bw + x] = sw;
    }
  }
  const out = new Float32Array(values.length);
  for (let y = 0; y < g.bh; y++) {
    for (let x = 0; x < g.bw; x++) {
      let s = 0;
      let sw = 0;
      for (let d = -r; d <= r; d++) {
        const yy = y + d;
        if (yy < 0 || yy >= g.bh) continue;
        const i = yy * g.bw + x;
        s += w[d + r] * tmp[i];
        sw += w[d + r] * tmpW[i];
      }
      out[y * g.bw + x] = sw > 0 ? s / sw : values[y * g.bw + x];
    }
  }
  return out;
}
