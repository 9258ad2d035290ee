import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockGrid } from '../src/biometrics/extract/block-grid.ts';
import { enhanceAndBinarize } from '../src/biometrics/extract/gabor-enhance.ts';
import { BLOCK, GABOR_ORIENTATIONS, GABOR_PERIOD_STEP, GABOR_RADIUS, GABOR_SIGMA_PER_PERIOD, MAX_RIDGE_PERIOD, MIN_RIDGE_PERIOD } from '../src/biometrics/parameters.ts';
import { Rng } from '../src/random.ts';

test('the separable Gabor filter (kernels shared down a column, edges and partial blocks) equals a direct convolution over the kernel disc', () => {
  const rng = new Rng('gabor-enhance');
  // Not a multiple of the block size: partial blocks on the right and bottom, edge blocks all round.
  const width = 101;
  const height = 77;
  const img = new Float32Array(width * height).map(() => rng.normal());
  const g = blockGrid(width, height);
  const n = g.bw * g.bh;
  const mask = new Uint8Array(n).map(() => (rng.chance(0.8) ? 1 : 0));
  const angle = new Float32Array(n).map(() => rng.range(0, Math.PI));
  const period = new Float32Array(n).map(() => rng.range(MIN_RIDGE_PERIOD, MAX_RIDGE_PERIOD));
  // Half the blocks take the kernel of the block above, as in real fields, so the shared rows are used.
  for (let b = g.bw; b < n; b++) if (rng.chance(0.5)) (angle[b] = angle[b - g.bw]), (period[b] = period[b - g.bw]);
  const out = enhanceAndBinarize(img, mask, { angle, coherence: new Float32Array(n) }, period, g);

  const periods = Math.round((MAX_RIDGE_PERIOD - MIN_RIDGE_PERIOD) / GABOR_PERIOD_STEP) + 1;
  const at = (x: number, y: number) => img[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))];
  // The kernel as defined: a Gaussian times the cosine across the ridges, less its mean under the
  // Gaussian over the whole square, with taps on the disc of radius GABOR_RADIUS.
  const kernel = (o: number, p: number) => {
    const t = (o * Math.PI) / GABOR_ORIENTATIONS;
    const period = MIN_RIDGE_PERIOD + p * GABOR_PERIOD_STEP;
    const sigma = GABOR_SIGMA_PER_PERIOD * period;
    const env = (u: number, v: number) => Math.exp(-(u * u + v * v) / (2 * sigma * sigma));
    const wave = (u: number, v: number) => env(u, v) * Math.cos((2 * Math.PI * (-u * Math.sin(t) + v * Math.cos(t))) / period);
    let sum = 0;
    let sumEnv = 0;
    for (let v = -GABOR_RADIUS; v <= GABOR_RADIUS; v++) for (let u = -GABOR_RADIUS; u <= GABOR_RADIUS; u++) (sum += wave(u, v)), (sumEnv += env(u, v));
    return (u: number, v: number) => wave(u, v) - (sum / sumEnv) * env(u, v);
  };
  let checked = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const b = Math.floor(y / BLOCK) * g.bw + Math.floor(x / BLOCK);
      if (!mask[b]) {
        assert.equal(out[y * width + x], 0, `background pixel (${x}, ${y})`);
        continue;
      }
      const o = Math.round((angle[b] / Math.PI) * GABOR_ORIENTATIONS) % GABOR_ORIENTATIONS;
      const p = Math.max(0, Math.min(periods - 1, Math.round((period[b] - MIN_RIDGE_PERIOD) / GABOR_PERIOD_STEP)));
      const k = kernel(o, p);
      let s = 0;
      let scale = 0;
      for (let v = -GABOR_RADIUS; v <= GABOR_RADIUS; v++) {
        for (let u = -GABOR_RADIUS; u <= GABOR_RADIUS; u++) {
          if (u * u + v * v > GABOR_RADIUS * GABOR_RADIUS) continue;
          s += k(u, v) * at(x + u, y + v);
          scale += Math.abs(k(u, v) * at(x + u, y + v));
        }
      }
      // Summation order differs from the filter's, so a response within rounding of 0 may go either way.
      if (Math.abs(s) < 1e-9 * scale) continue;
      assert.equal(out[y * width + x], s < 0 ? 1 : 0, `pixel (${x}, ${y}) response ${s}`);
      checked++;
    }
  }
  assert.ok(checked > 0.7 * width * height * 0.8, `checked ${checked} pixels`);
});
