import { BLOCK, DEFAULT_RIDGE_PERIOD, MAX_RIDGE_PERIOD, MIN_RIDGE_PERIOD } from '../parameters.ts';
import { smoothBlocks, type BlockGrid } from './block-grid.ts';
import type { OrientationField } from './orientation-field.ts';

const SIGNATURE_LENGTH = 32;
const SIGNATURE_WIDTH = 8;
const smoothed = new Float32Array(SIGNATURE_LENGTH);
const REACH = Math.ceil(Math.hypot(SIGNATURE_LENGTH / 2, SIGNATURE_WIDTH)) + 1;

/**
 * Ridge period per block (Hong, Wan and Jain's x-signature): grey levels summed along the ridge
 * over a window, sampled across the ridges; the mean distance between its peaks is the period.
 * Blocks without a clear signature take their neighbours' values; the field is then smoothed.
 */
export function estimateRidgePeriod(img: Float32Array, mask: Uint8Array, field: OrientationField, g: BlockGrid): Float32Array {
  const n = g.bw * g.bh;
  const period = new Float32Array(n);
  const valid = new Uint8Array(n);
  const signature = new Float32Array(SIGNATURE_LENGTH);
  const found: number[] = [];
  const width = g.width;
  for (let by = 0; by < g.bh; by++) {
    for (let bx = 0; bx < g.bw; bx++) {
      const b = by * g.bw + bx;
      if (!mask[b]) continue;
      const cx = bx * BLOCK + BLOCK / 2;
      const cy = by * BLOCK + BLOCK / 2;
      const t = field.angle[b];
      const tx = Math.cos(t);
      const ty = Math.sin(t);
      // Across the ridges: the normal of the ridge direction.
      const nx = -ty;
      const ny = tx;
      // The window reaches REACH pixels from the centre at most; inside the image, no sample needs its
      // bounds checked, and coordinates are positive, so (v + 0.5) | 0 rounds them as Math.round does
      // (the two differ only just below 0.5), at half the cost in this, the stage's hot loop.
      const inside = cx >= REACH && cy >= REACH && cx < g.width - REACH && cy < g.height - REACH;
      for (let k = 0; k < SIGNATURE_LENGTH; k++) {
        let s = 0;
        let c = 0;
        const u = k - SIGNATURE_LENGTH / 2;
        const px = cx + u * nx;
        const py = cy + u * ny;
        if (inside) {
          for (let d = -SIGNATURE_WIDTH; d < SIGNATURE_WIDTH; d++) s += img[((py + d * ty + 0.5) | 0) * width + ((px + d * tx + 0.5) | 0)];
          c = 2 * SIGNATURE_WIDTH;
        } else {
          for (let d = -SIGNATURE_WIDTH; d < SIGNATURE_WIDTH; d++) {
            const x = Math.round(px + d * tx);
            const y = Math.round(py + d * ty);
            if (x < 0 || y < 0 || x >= g.width || y >= g.height) continue;
            s += img[y * g.width + x];
            c++;
          }
        }
        signature[k] = c ? s / c : 0;
      }
      const p = signaturePeriod(signature);
      if (p >= MIN_RIDGE_PERIOD && p <= MAX_RIDGE_PERIOD) {
        period[b] = p;
        valid[b] = 1;
        found.push(p);
      }
    }
  }
  found.sort((a, b) => a - b);
  const median = found.length ? found[found.length >> 1] : DEFAULT_RIDGE_PERIOD;
  for (let i = 0; i < n; i++) if (!valid[i]) period[i] = median;
  const smooth = smoothBlocks(period, valid, g, 2);
  for (let i = 0; i < n; i++) smooth[i] = Math.min(MAX_RIDGE_PERIOD, Math.max(MIN_RIDGE_PERIOD, smooth[i]));
  return smooth;
}

/** Mean distance between local maxima of a signature (0 when fewer than two clear peaks). */
function signaturePeriod(raw: Float32Array): number {
  // A light [1 2 1] smoothing keeps noise from splitting one ridge into two peaks.
  const s = smoothed;
  for (let k = 0; k < raw.length; k++) s[k] = (raw[Math.max(0, k - 1)] + 2 * raw[k] + raw[Math.min(raw.length - 1, k + 1)]) / 4;
  let min = Infinity;
  let max = -Infinity;
  for (const v of s) (min = Math.min(min, v)), (max = Math.max(max, v));
  if (max - min < 1e-3) return 0;
  const peaks: number[] = [];
  for (let k = 1; k < s.length - 1; k++) {
    if (s[k] > s[k - 1] && s[k] >= s[k + 1] && s[k] - min > 0.3 * (max - min)) peaks.push(k);
  }
  if (peaks.length < 2) return 0;
  return (peaks[peaks.length - 1] - peaks[0]) / (peaks.length - 1);
}
