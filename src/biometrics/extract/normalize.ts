import { BLOCK } from '../parameters.ts';
import type { GrayImage } from '../image/gray-image.ts';
import type { BlockGrid } from './block-grid.ts';

/** Zero mean, unit variance grey levels; null when the image has (almost) no variation. */
export function normalize(image: GrayImage): Float32Array | null {
  const p = image.pixels;
  let sum = 0;
  let sq = 0;
  for (const v of p) (sum += v), (sq += v * v);
  const mean = sum / p.length;
  const sd = Math.sqrt(Math.max(0, sq / p.length - mean * mean));
  if (sd < 2) return null;
  const out = new Float32Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = (p[i] - mean) / sd;
  return out;
}

/** Per pixel, the distance in pixels to the nearest background block (chamfer 3-4 approximation). */
export function borderDistance(mask: Uint8Array, g: BlockGrid): Float32Array {
  const { width, height } = g;
  const INF = 1e9;
  const d = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / BLOCK) * g.bw;
    for (let x = 0; x < width; x++) d[y * width + x] = mask[row + Math.floor(x / BLOCK)] ? INF : 0;
  }
  // Outside the image counts as background. The two chamfer passes compare with ternaries rather
  // than Math.min (same values, a hot loop over every pixel).
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (d[i] === 0) continue;
      let v = x === 0 || y === 0 ? 3 : d[i];
      let t: number;
      if (x > 0 && (t = d[i - 1] + 3) < v) v = t;
      if (y > 0 && (t = d[i - width] + 3) < v) v = t;
      if (x > 0 && y > 0 && (t = d[i - width - 1] + 4) < v) v = t;
      if (x < width - 1 && y > 0 && (t = d[i - width + 1] + 4) < v) v = t;
      d[i] = v;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      let v = d[i];
      if ((x === width - 1 || y === height - 1) && v > 3) v = 3;
      let t: number;
      if (x < width - 1 && (t = d[i + 1] + 3) < v) v = t;
      if (y < height - 1 && (t = d[i + width] + 3) < v) v = t;
      if (x < width - 1 && y < height - 1 && (t = d[i + width + 1] + 4) < v) v = t;
      if (x > 0 && y < height - 1 && (t = d[i + width - 1] + 4) < v) v = t;
      d[i] = v;
    }
  }
  for (let i = 0; i < d.length; i++) d[i] /= 3;
  return d;
}
