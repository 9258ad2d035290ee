import { BLOCK } from '../parameters.ts';
import type { GrayImage } from '../image/gray-image.ts';
import type { BlockGrid } from './block-grid.ts';
import { workBuffer } from './work-buffers.ts';

/**
 * Zero mean, unit variance grey levels; null when the image has (almost) no variation. Pixels are
 * bytes, so the sums come from a histogram (integer sums, exact either way) and the output from a
 * 256-entry table: the same values as computing every pixel, without the per-pixel arithmetic.
 * The output is a work buffer (valid until the next extraction).
 */
export function normalize(image: GrayImage): Float32Array | null {
  const p = image.pixels;
  // Four histograms taken in turn, so runs of equal pixels (a uniform background) do not make
  // each count wait for the previous one.
  const histogram = new Int32Array(4 * 256);
  const whole = p.length & ~3;
  for (let i = 0; i < whole; i += 4) histogram[p[i]]++, histogram[256 + p[i + 1]]++, histogram[512 + p[i + 2]]++, histogram[768 + p[i + 3]]++;
  for (let i = whole; i < p.length; i++) histogram[p[i]]++;
  let sum = 0;
  let sq = 0;
  for (let v = 0; v < 256; v++) {
    const count = histogram[v] + histogram[256 + v] + histogram[512 + v] + histogram[768 + v];
    (sum += v * count), (sq += v * v * count);
  }
  const mean = sum / p.length;
  const sd = Math.sqrt(Math.max(0, sq / p.length - mean * mean));
  if (sd < 2) return null;
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = (v - mean) / sd;
  const out = workBuffer('normalized', p.length, Float32Array);
  for (let i = 0; i < p.length; i++) out[i] = table[p[i]];
  return out;
}

/**
 * The distance in pixels from a pixel to the nearest background block, outside the image counting
 * as background: the chamfer 3-4 distance (3 per straight step, 4 per diagonal one, over 3), so
 * (3 max(dx, dy) + min(dx, dy)) / 3 to the nearest pixel of any background block. Only minutia
 * candidates ask for it, so it is found per point, block rings outward from the first ring holding
 * a background block until no nearer one can lie further out, instead of a transform over every
 * pixel. Same values as that transform (the two-pass chamfer transform is exact for this metric),
 * rounded to a float32 like its output was.
 */
export function borderDistance(mask: Uint8Array, g: BlockGrid): (x: number, y: number) => number {
  const { width, height, bw, bh } = g;
  // Per block, the ring (chessboard distance in blocks) of its nearest background block: the
  // two-pass chessboard transform of the block mask.
  const ring = new Int32Array(bw * bh);
  const FAR = bw + bh;
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const i = y * bw + x;
      let v = mask[i] ? FAR : 0;
      if (v && x > 0) v = Math.min(v, ring[i - 1] + 1);
      if (v && y > 0) v = Math.min(v, ring[i - bw] + 1, x > 0 ? ring[i - bw - 1] + 1 : FAR, x < bw - 1 ? ring[i - bw + 1] + 1 : FAR);
      ring[i] = v;
    }
  }
  for (let y = bh - 1; y >= 0; y--) {
    for (let x = bw - 1; x >= 0; x--) {
      const i = y * bw + x;
      let v = ring[i];
      if (v && x < bw - 1) v = Math.min(v, ring[i + 1] + 1);
      if (v && y < bh - 1) v = Math.min(v, ring[i + bw] + 1, x < bw - 1 ? ring[i + bw + 1] + 1 : FAR, x > 0 ? ring[i + bw - 1] + 1 : FAR);
      ring[i] = v;
    }
  }
  return (x, y) => {
    let best = 3 * Math.min(x + 1, y + 1, width - x, height - y);
    const bx = Math.floor(x / BLOCK);
    const by = Math.floor(y / BLOCK);
    // A block r rings out is at least (r - 1) * BLOCK + 1 pixels away along one axis.
    for (let r = ring[by * bw + bx]; r < FAR && 3 * ((r - 1) * BLOCK + 1) < best; r++) {
      for (let yy = Math.max(0, by - r); yy <= Math.min(bh - 1, by + r); yy++) {
        // Inner rows of the ring: only its two ends.
        const step = yy === by - r || yy === by + r ? 1 : 2 * r;
        for (let xx = bx - r; xx <= bx + r; xx += step) {
          if (xx < 0 || xx >= bw || mask[yy * bw + xx]) continue;
          const dx = Math.max(0, xx * BLOCK - x, x - (xx * BLOCK + BLOCK - 1));
          const dy = Math.max(0, yy * BLOCK - y, y - (yy * BLOCK + BLOCK - 1));
          const d = dx > dy ? 3 * dx + dy : 3 * dy + dx;
          if (d < best) best = d;
        }
      }
    }
    return Math.fround(best / 3);
  };
}
