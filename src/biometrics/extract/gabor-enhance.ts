import { BLOCK, GABOR_ORIENTATIONS, GABOR_PERIOD_STEP, GABOR_RADIUS, GABOR_SIGMA_PER_PERIOD, MAX_RIDGE_PERIOD, MIN_RIDGE_PERIOD } from '../parameters.ts';
import type { BlockGrid } from './block-grid.ts';
import type { OrientationField } from './orientation-field.ts';
import { workBuffer } from './work-buffers.ts';

const R = GABOR_RADIUS;
const PERIODS = Math.round((MAX_RIDGE_PERIOD - MIN_RIDGE_PERIOD) / GABOR_PERIOD_STEP) + 1;

/**
 * One-sided 1-D factors of the Gabor kernel bank, taps 0..R; kernel (o, p) at (o * PERIODS + p) * (R + 1).
 * The even-symmetric Gabor kernel (Hong, Wan and Jain 1998) is an isotropic Gaussian g(x) g(y)
 * times cos(w (y cos t - x sin t)) (w = 2 pi / period, t the ridge direction), less m g(x) g(y),
 * m the cosine's mean under the envelope over the (2R + 1)^2 square, so that flat areas give 0.
 * The cosine of a difference expands into three separable terms:
 *   k(x, y) = cosX(x) cosY(y) + sinX(x) sinY(y) - g(x) dcY(y)
 * with cosX = g cos(w sin t x), sinX = g sin(w sin t x), cosY = g cos(w cos t y), sinY = g sin(w cos t y),
 * dcY = m g. `gauss` is g, by period index alone.
 */
export interface GaborFactors {
  cosX: Float64Array;
  sinX: Float64Array;
  cosY: Float64Array;
  sinY: Float64Array;
  dcY: Float64Array;
  gauss: Float64Array;
}
let factors: GaborFactors | null = null;

export function gaborFactors(): GaborFactors {
  if (factors) return factors;
  const n = GABOR_ORIENTATIONS * PERIODS * (R + 1);
  const f: GaborFactors = { cosX: new Float64Array(n), sinX: new Float64Array(n), cosY: new Float64Array(n), sinY: new Float64Array(n), dcY: new Float64Array(n), gauss: new Float64Array(PERIODS * (R + 1)) };
  for (let p = 0; p < PERIODS; p++) {
    const sigma = GABOR_SIGMA_PER_PERIOD * (MIN_RIDGE_PERIOD + p * GABOR_PERIOD_STEP);
    for (let d = 0; d <= R; d++) f.gauss[p * (R + 1) + d] = Math.exp(-(d * d) / (2 * sigma * sigma));
  }
  for (let o = 0; o < GABOR_ORIENTATIONS; o++) {
    const t = (o * Math.PI) / GABOR_ORIENTATIONS;
    for (let p = 0; p < PERIODS; p++) {
      const w = (2 * Math.PI) / (MIN_RIDGE_PERIOD + p * GABOR_PERIOD_STEP);
      const base = (o * PERIODS + p) * (R + 1);
      // Over the square the sine factors (odd) sum to 0, so m is a ratio of products of 1-D sums.
      let sumX = 0;
      let sumY = 0;
      let sumG = 0;
      for (let d = 0; d <= R; d++) {
        const g = f.gauss[p * (R + 1) + d];
        f.cosX[base + d] = g * Math.cos(w * Math.sin(t) * d);
        f.sinX[base + d] = g * Math.sin(w * Math.sin(t) * d);
        f.cosY[base + d] = g * Math.cos(w * Math.cos(t) * d);
        f.sinY[base + d] = g * Math.sin(w * Math.cos(t) * d);
        const both = d === 0 ? 1 : 2;
        sumX += both * f.cosX[base + d];
        sumY += both * f.cosY[base + d];
        sumG += both * g;
      }
      const m = (sumX * sumY) / (sumG * sumG);
      for (let d = 0; d <= R; d++) f.dcY[base + d] = m * f.gauss[p * (R + 1) + d];
    }
  }
  return (factors = f);
}

/**
 * The kernel's taps are the disc x^2 + y^2 <= R^2 (the square's corners lie beyond 2 sigma at the
 * usual periods, and filtering with them lost accuracy): row y of the kernel spans |x| <= HALF[y].
 * The horizontal pass keeps a copy of its running sums at each distinct half-width (WIDTHS), and
 * the vertical pass reads each kernel row's sums at that row's width (copy ROW_COPY[y]).
 */
const HALF = Array.from({ length: R + 1 }, (_, y) => Math.floor(Math.sqrt(R * R - y * y)));
const WIDTHS = [...new Set(HALF)].sort((a, b) => a - b);
const ROW_COPY = HALF.map((w) => WIDTHS.indexOf(w));
/** Per row of a block's padded window (BLOCK + 2R rows), how many copies its output rows read: up to the widest at the nearest kernel row. */
const NEED = Int32Array.from({ length: BLOCK + 2 * R }, (_, i) => {
  let need = 0;
  for (let r = 0; r < BLOCK; r++) if (Math.abs(i - R - r) <= R) need = Math.max(need, ROW_COPY[Math.abs(i - R - r)] + 1);
  return need;
});

/**
 * Ridges as 1 (ridge pixels are dark, so a negative filter response), inside the foreground only;
 * a work buffer (valid until the next extraction).
 * Every pixel of a block is filtered with that block's kernel, as the three separable terms: a
 * horizontal pass over the block's columns and R rows above and below, then a vertical one. With
 * rows shared down the column that is about 8R products a pixel (64 at R = 8) against pi R^2 / 2
 * (about 100) reading the disc's taps in symmetric pairs, and well under half the reads. Pixels
 * beyond the image are the edge's (read from a padded copy, so no pass checks bounds). Same kernel
 * as the 2-D taps up to rounding: a response within rounding of 0 may binarise the other way.
 */
export function enhanceAndBinarize(img: Float32Array, mask: Uint8Array, field: OrientationField, period: Float32Array, g: BlockGrid): Uint8Array {
  const { cosX, sinX, cosY, sinY, dcY, gauss } = gaborFactors();
  const { width, height, bw, bh } = g;
  // Background pixels stay 0; the foreground's are all written below.
  const out = workBuffer('gabor out', width * height, Uint8Array).fill(0);
  const pw = bw * BLOCK + 2 * R;
  const ph = bh * BLOCK + 2 * R;
  // The horizontal pass reads padded row y (image row y - R), column x (image column x - R), at
  // src[y * stride + x + shift]. Only a foreground block within R pixels of the image's edge reads
  // beyond it: then from a padded copy (Float32 like the image, so exact); otherwise, as in most
  // prints, from the image itself, which holds the same values, without making the copy.
  let edge = false;
  for (let by = 0; by < bh && !edge; by++) {
    for (let bx = 0; bx < bw; bx++) {
      if (mask[by * bw + bx] && (bx * BLOCK < R || by * BLOCK < R || (bx + 1) * BLOCK + R > width || (by + 1) * BLOCK + R > height)) {
        edge = true;
        break;
      }
    }
  }
  let src = img;
  let stride = width;
  let shift = -R * width - R;
  if (edge) {
    const pad = workBuffer('gabor pad', pw * ph, Float32Array);
    for (let y = 0; y < ph; y++) {
      const row = Math.min(height - 1, Math.max(0, y - R)) * width;
      const to = y * pw + R;
      for (let x = 0; x < width; x++) pad[to + x] = img[row + x];
      for (let x = -R; x < 0; x++) pad[to + x] = img[row];
      for (let x = width; x < pw - R; x++) pad[to + x] = img[row + width - 1];
    }
    (src = pad), (stride = pw), (shift = 0);
  }
  // Horizontal pass sums down one column of blocks: BLOCK columns by every padded row, one copy per
  // half-width. Blocks are visited column by column so one with the same kernel as the block above
  // reuses the 2R rows their passes share and adds BLOCK rows (over half the blocks: fields vary slowly).
  // A row near the window's top or bottom is read only at the narrower widths of the kernel's outer
  // rows, so it is summed only that far (NEED) and carried on from its widest copy if a later block
  // with the same kernel needs it wider: the same sums in the same order.
  const plane = ph * BLOCK;
  const hc = workBuffer('gabor hc', WIDTHS.length * plane, Float64Array);
  const hs = workBuffer('gabor hs', WIDTHS.length * plane, Float64Array);
  const hg = workBuffer('gabor hg', WIDTHS.length * plane, Float64Array);
  // Per padded row, how many width copies the pass holds for the current kernel.
  const held = workBuffer('gabor held', ph, Int32Array);
  // Where the vertical pass reads kernel row d's sums, from row 0's: d rows up and down, in the copy of its width.
  const copyAt = Int32Array.from(ROW_COPY, (copy) => copy * plane);
  const up = copyAt.map((at, d) => at - copyAt[0] - d * BLOCK);
  const down = copyAt.map((at, d) => at - copyAt[0] + d * BLOCK);
  for (let bx = 0; bx < bw; bx++) {
    const x0 = bx * BLOCK;
    // Padded rows up to `done` hold the pass for kernel `last`, each its first held[y] copies.
    let last = -1;
    let done = 0;
    for (let by = 0; by < bh; by++) {
      const b = by * bw + bx;
      if (!mask[b]) {
        last = -1;
        continue;
      }
      const o = Math.round((field.angle[b] / Math.PI) * GABOR_ORIENTATIONS) % GABOR_ORIENTATIONS;
      const p = Math.max(0, Math.min(PERIODS - 1, Math.round((period[b] - MIN_RIDGE_PERIOD) / GABOR_PERIOD_STEP)));
      const k = (o * PERIODS + p) * (R + 1);
      const kg = p * (R + 1);
      const y0 = by * BLOCK;
      // Padded row y is image row y - R: the block needs padded rows y0 .. y0 + BLOCK + 2R - 1.
      const kept = k === last ? done : y0;
      for (let y = y0; y < y0 + BLOCK + 2 * R; y++) {
        const have = y < kept ? held[y] : 0;
        const need = NEED[y - y0];
        if (have >= need) continue;
        held[y] = need;
        // Eight columns at a time (BLOCK is a multiple of 8), so each factor is read once for eight
        // products, and the window slides: pixel i + q + d at tap d is pixel i + (q + 1) + (d - 1) at
        // the tap before, so each tap reads two new pixels, not sixteen. Same sums in the same order.
        for (let c = 0; c < BLOCK; c += 8) {
          const i = y * stride + x0 + R + c + shift;
          let sc0, sc1, sc2, sc3, sc4, sc5, sc6, sc7, ss0, ss1, ss2, ss3, ss4, ss5, ss6, ss7, sg0, sg1, sg2, sg3, sg4, sg5, sg6, sg7;
          if (have === 0) {
            const c0 = cosX[k];
            (sg0 = src[i]), (sg1 = src[i + 1]), (sg2 = src[i + 2]), (sg3 = src[i + 3]), (sg4 = src[i + 4]), (sg5 = src[i + 5]), (sg6 = src[i + 6]), (sg7 = src[i + 7]);
            (sc0 = c0 * sg0), (sc1 = c0 * sg1), (sc2 = c0 * sg2), (sc3 = c0 * sg3), (sc4 = c0 * sg4), (sc5 = c0 * sg5), (sc6 = c0 * sg6), (sc7 = c0 * sg7);
            ss0 = ss1 = ss2 = ss3 = ss4 = ss5 = ss6 = ss7 = 0;
          } else {
            const j = (have - 1) * plane + y * BLOCK + c;
            (sc0 = hc[j]), (sc1 = hc[j + 1]), (sc2 = hc[j + 2]), (sc3 = hc[j + 3]), (sc4 = hc[j + 4]), (sc5 = hc[j + 5]), (sc6 = hc[j + 6]), (sc7 = hc[j + 7]);
            (ss0 = hs[j]), (ss1 = hs[j + 1]), (ss2 = hs[j + 2]), (ss3 = hs[j + 3]), (ss4 = hs[j + 4]), (ss5 = hs[j + 5]), (ss6 = hs[j + 6]), (ss7 = hs[j + 7]);
            (sg0 = hg[j]), (sg1 = hg[j + 1]), (sg2 = hg[j + 2]), (sg3 = hg[j + 3]), (sg4 = hg[j + 4]), (sg5 = hg[j + 5]), (sg6 = hg[j + 6]), (sg7 = hg[j + 7]);
          }
          let d = have === 0 ? 1 : WIDTHS[have - 1] + 1;
          // Right (a) and left (z) pixels of each column at the tap before d; a0 and z7 are not read before the first slide.
          let a0 = 0, a1 = src[i + d], a2 = src[i + 1 + d], a3 = src[i + 2 + d], a4 = src[i + 3 + d], a5 = src[i + 4 + d], a6 = src[i + 5 + d], a7 = src[i + 6 + d];
          let z0 = src[i + 1 - d], z1 = src[i + 2 - d], z2 = src[i + 3 - d], z3 = src[i + 4 - d], z4 = src[i + 5 - d], z5 = src[i + 6 - d], z6 = src[i + 7 - d], z7 = 0;
          for (let copy = have; copy < need; copy++) {
            for (const end = WIDTHS[copy]; d <= end; d++) {
              const fc = cosX[k + d];
              const fs = sinX[k + d];
              const fg = gauss[kg + d];
              (a0 = a1), (a1 = a2), (a2 = a3), (a3 = a4), (a4 = a5), (a5 = a6), (a6 = a7), (a7 = src[i + 7 + d]);
              (z7 = z6), (z6 = z5), (z5 = z4), (z4 = z3), (z3 = z2), (z2 = z1), (z1 = z0), (z0 = src[i - d]);
              (sc0 += fc * (a0 + z0)), (sg0 += fg * (a0 + z0)), (ss0 += fs * (a0 - z0));
              (sc1 += fc * (a1 + z1)), (sg1 += fg * (a1 + z1)), (ss1 += fs * (a1 - z1));
              (sc2 += fc * (a2 + z2)), (sg2 += fg * (a2 + z2)), (ss2 += fs * (a2 - z2));
              (sc3 += fc * (a3 + z3)), (sg3 += fg * (a3 + z3)), (ss3 += fs * (a3 - z3));
              (sc4 += fc * (a4 + z4)), (sg4 += fg * (a4 + z4)), (ss4 += fs * (a4 - z4));
              (sc5 += fc * (a5 + z5)), (sg5 += fg * (a5 + z5)), (ss5 += fs * (a5 - z5));
              (sc6 += fc * (a6 + z6)), (sg6 += fg * (a6 + z6)), (ss6 += fs * (a6 - z6));
              (sc7 += fc * (a7 + z7)), (sg7 += fg * (a7 + z7)), (ss7 += fs * (a7 - z7));
            }
            const j = copy * plane + y * BLOCK + c;
            (hc[j] = sc0), (hc[j + 1] = sc1), (hc[j + 2] = sc2), (hc[j + 3] = sc3), (hc[j + 4] = sc4), (hc[j + 5] = sc5), (hc[j + 6] = sc6), (hc[j + 7] = sc7);
            (hs[j] = ss0), (hs[j + 1] = ss1), (hs[j + 2] = ss2), (hs[j + 3] = ss3), (hs[j + 4] = ss4), (hs[j + 5] = ss5), (hs[j + 6] = ss6), (hs[j + 7] = ss7);
            (hg[j] = sg0), (hg[j + 1] = sg1), (hg[j + 2] = sg2), (hg[j + 3] = sg3), (hg[j + 4] = sg4), (hg[j + 5] = sg5), (hg[j + 6] = sg6), (hg[j + 7] = sg7);
          }
        }
      }
      last = k;
      done = y0 + BLOCK + 2 * R;
      const rows = Math.min(BLOCK, height - y0);
      const cols = Math.min(BLOCK, width - x0);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < BLOCK; c += 4) {
          const j = copyAt[0] + (y0 + r + R) * BLOCK + c;
          const e0 = cosY[k];
          const g0 = dcY[k];
          let s0 = e0 * hc[j] - g0 * hg[j];
          let s1 = e0 * hc[j + 1] - g0 * hg[j + 1];
          let s2 = e0 * hc[j + 2] - g0 * hg[j + 2];
          let s3 = e0 * hc[j + 3] - g0 * hg[j + 3];
          for (let d = 1; d <= R; d++) {
            const fc = cosY[k + d];
            const fs = sinY[k + d];
            const fg = dcY[k + d];
            const u = j + up[d];
            const w = j + down[d];
            s0 += fc * (hc[w] + hc[u]) + fs * (hs[w] - hs[u]) - fg * (hg[w] + hg[u]);
            s1 += fc * (hc[w + 1] + hc[u + 1]) + fs * (hs[w + 1] - hs[u + 1]) - fg * (hg[w + 1] + hg[u + 1]);
            s2 += fc * (hc[w + 2] + hc[u + 2]) + fs * (hs[w + 2] - hs[u + 2]) - fg * (hg[w + 2] + hg[u + 2]);
            s3 += fc * (hc[w + 3] + hc[u + 3]) + fs * (hs[w + 3] - hs[u + 3]) - fg * (hg[w + 3] + hg[u + 3]);
          }
          // A partial block at the right edge: columns beyond the image are computed, not kept.
          const q = (y0 + r) * width + x0 + c;
          if (c < cols) out[q] = s0 < 0 ? 1 : 0;
          if (c + 1 < cols) out[q + 1] = s1 < 0 ? 1 : 0;
          if (c + 2 < cols) out[q + 2] = s2 < 0 ? 1 : 0;
          if (c + 3 < cols) out[q + 3] = s3 < 0 ? 1 : 0;
        }
      }
    }
  }
  return out;
}
