import { BLOCK, GABOR_ORIENTATIONS, GABOR_PERIOD_STEP, GABOR_RADIUS, GABOR_SIGMA_PER_PERIOD, MAX_RIDGE_PERIOD, MIN_RIDGE_PERIOD } from '../parameters.ts';
import type { BlockGrid } from './block-grid.ts';
import type { OrientationField } from './orientation-field.ts';

const SIZE = 2 * GABOR_RADIUS + 1;
const PERIODS = Math.round((MAX_RIDGE_PERIOD - MIN_RIDGE_PERIOD) / GABOR_PERIOD_STEP) + 1;
let bank: Float32Array | null = null;

/**
 * Even-symmetric Gabor kernels tuned to each ridge orientation and period (Hong, Wan and Jain
 * 1998), zero-mean so flat areas give 0. Built once per process. Kernel (o, p) is the SIZE x SIZE
 * square at (o * PERIODS + p) * SIZE * SIZE, rows top to bottom.
 */
export function gaborKernels(): Float32Array {
  if (bank) return bank;
  bank = new Float32Array(GABOR_ORIENTATIONS * PERIODS * SIZE * SIZE);
  for (let o = 0; o < GABOR_ORIENTATIONS; o++) {
    const t = (o * Math.PI) / GABOR_ORIENTATIONS;
    const c = Math.cos(t);
    const s = Math.sin(t);
    for (let p = 0; p < PERIODS; p++) {
      const period = MIN_RIDGE_PERIOD + p * GABOR_PERIOD_STEP;
      const sigma = GABOR_SIGMA_PER_PERIOD * period;
      const base = (o * PERIODS + p) * SIZE * SIZE;
      let sum = 0;
      let sumEnv = 0;
      for (let y = -GABOR_RADIUS; y <= GABOR_RADIUS; y++) {
        for (let x = -GABOR_RADIUS; x <= GABOR_RADIUS; x++) {
          const along = x * c + y * s; // along the ridge
          const across = -x * s + y * c; // across the ridges
          const env = Math.exp(-(along * along + across * across) / (2 * sigma * sigma));
          const v = env * Math.cos((2 * Math.PI * across) / period);
          bank[base + (y + GABOR_RADIUS) * SIZE + x + GABOR_RADIUS] = v;
          sum += v;
          sumEnv += env;
        }
      }
      // Remove the DC response so the output's sign says ridge or valley.
      for (let y = -GABOR_RADIUS; y <= GABOR_RADIUS; y++) {
        for (let x = -GABOR_RADIUS; x <= GABOR_RADIUS; x++) {
          const along = x * c + y * s;
          const across = -x * s + y * c;
          const env = Math.exp(-(along * along + across * across) / (2 * sigma * sigma));
          bank[base + (y + GABOR_RADIUS) * SIZE + x + GABOR_RADIUS] -= (sum * env) / sumEnv;
        }
      }
    }
  }
  return bank;
}

/**
 * The kernel taps actually used: the disc of radius GABOR_RADIUS (the square's corners lie beyond
 * 2 sigma and carry next to nothing), and of each point-symmetric pair (an even Gabor kernel has
 * k(-x, -y) = k(x, y)) only one, so the filter reads each pair's two pixels with one product.
 * `taps` are indices into a SIZE x SIZE kernel, the centre tap excluded.
 */
const taps: number[] = [];
for (let y = -GABOR_RADIUS; y <= GABOR_RADIUS; y++) {
  for (let x = -GABOR_RADIUS; x <= GABOR_RADIUS; x++) {
    if (x * x + y * y > GABOR_RADIUS * GABOR_RADIUS || y > 0 || (y === 0 && x >= 0)) continue;
    taps.push((y + GABOR_RADIUS) * SIZE + x + GABOR_RADIUS);
  }
}
const CENTRE = GABOR_RADIUS * SIZE + GABOR_RADIUS;

/**
 * Ridges as 1 (ridge pixels are dark, so a negative filter response), inside the foreground only.
 * Every pixel of a block is filtered with that block's kernel.
 */
export function enhanceAndBinarize(img: Float32Array, mask: Uint8Array, field: OrientationField, period: Float32Array, g: BlockGrid): Uint8Array {
  const k = gaborKernels();
  const out = new Uint8Array(g.width * g.height);
  const { width, height } = g;
  // Pixel offsets of the taps in this image, and the weights of the current kernel in tap order.
  const offsets = new Int32Array(taps.length);
  const tapX = new Int32Array(taps.length);
  const tapY = new Int32Array(taps.length);
  taps.forEach((t, j) => {
    tapX[j] = (t % SIZE) - GABOR_RADIUS;
    tapY[j] = Math.floor(t / SIZE) - GABOR_RADIUS;
    offsets[j] = tapY[j] * width + tapX[j];
  });
  const weights = new Float32Array(taps.length);
  for (let by = 0; by < g.bh; by++) {
    for (let bx = 0; bx < g.bw; bx++) {
      const b = by * g.bw + bx;
      if (!mask[b]) continue;
      const o = Math.round((field.angle[b] / Math.PI) * GABOR_ORIENTATIONS) % GABOR_ORIENTATIONS;
      const p = Math.max(0, Math.min(PERIODS - 1, Math.round((period[b] - MIN_RIDGE_PERIOD) / GABOR_PERIOD_STEP)));
      const base = (o * PERIODS + p) * SIZE * SIZE;
      for (let j = 0; j < taps.length; j++) weights[j] = k[base + taps[j]];
      const centre = k[base + CENTRE];
      const x0 = bx * BLOCK;
      const y0 = by * BLOCK;
      const x1 = Math.min(width, x0 + BLOCK);
      const y1 = Math.min(height, y0 + BLOCK);
      const inside = x0 >= GABOR_RADIUS && y0 >= GABOR_RADIUS && x1 <= width - GABOR_RADIUS && y1 <= height - GABOR_RADIUS;
      if (inside && x1 - x0 === 8) filterRows8(img, out, width, x0, y0, y1, centre, weights, offsets);
      else {
        for (let y = y0; y < y1; y++) {
          for (let x = x0; x < x1; x++) {
            const i = y * width + x;
            let s = centre * img[i];
            if (x >= GABOR_RADIUS && y >= GABOR_RADIUS && x < width - GABOR_RADIUS && y < height - GABOR_RADIUS) {
              for (let j = 0; j < offsets.length; j++) s += weights[j] * (img[i + offsets[j]] + img[i - offsets[j]]);
            } else {
              // Near the image edge the pixels are clamped to it.
              const at = (xx: number, yy: number) => img[Math.min(height - 1, Math.max(0, yy)) * width + Math.min(width - 1, Math.max(0, xx))];
              for (let j = 0; j < offsets.length; j++) s += weights[j] * (at(x + tapX[j], y + tapY[j]) + at(x - tapX[j], y - tapY[j]));
            }
            out[i] = s < 0 ? 1 : 0;
          }
        }
      }
    }
  }
  return out;
}

/**
 * The filter over whole 8-pixel rows of an interior block, the 8 sums kept side by side so each
 * tap's weight and offset are read once per row instead of once per pixel (the filter's cost is
 * mostly those reads). Each pixel's terms are added in the same order as the per-pixel loop, so
 * the output is the same bit for bit.
 */
function filterRows8(img: Float32Array, out: Uint8Array, width: number, x0: number, y0: number, y1: number, centre: number, weights: Float32Array, offsets: Int32Array): void {
  const n = offsets.length;
  for (let y = y0; y < y1; y++) {
    const i = y * width + x0;
    let s0 = centre * img[i];
    let s1 = centre * img[i + 1];
    let s2 = centre * img[i + 2];
    let s3 = centre * img[i + 3];
    let s4 = centre * img[i + 4];
    let s5 = centre * img[i + 5];
    let s6 = centre * img[i + 6];
    let s7 = centre * img[i + 7];
    for (let j = 0; j < n; j++) {
      const w = weights[j];
      const a = i + offsets[j];
      const b = i - offsets[j];
      s0 += w * (img[a] + img[b]);
      s1 += w * (img[a + 1] + img[b + 1]);
      s2 += w * (img[a + 2] + img[b + 2]);
      s3 += w * (img[a + 3] + img[b + 3]);
      s4 += w * (img[a + 4] + img[b + 4]);
      s5 += w * (img[a + 5] + img[b + 5]);
      s6 += w * (img[a + 6] + img[b + 6]);
      s7 += w * (img[a + 7] + img[b + 7]);
    }
    out[i] = s0 < 0 ? 1 : 0;
    out[i + 1] = s1 < 0 ? 1 : 0;
    out[i + 2] = s2 < 0 ? 1 : 0;
    out[i + 3] = s3 < 0 ? 1 : 0;
    out[i + 4] = s4 < 0 ? 1 : 0;
    out[i + 5] = s5 < 0 ? 1 : 0;
    out[i + 6] = s6 < 0 ? 1 : 0;
    out[i + 7] = s7 < 0 ? 1 : 0;
  }
}
