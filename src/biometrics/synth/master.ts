import { Rng } from '../../random.ts';
import type { Minutia } from '../template/types.ts';
import { PATTERN_CLASSES, PATTERN_FREQUENCIES, SYNTH_GROWTH_ITERATIONS, SYNTH_GROWTH_SCALE, SYNTH_HEIGHT, SYNTH_MINUTIA_SPACING, SYNTH_PERIOD_RANGE, SYNTH_SEED_DENSITY, SYNTH_WIDTH } from '../parameters.ts';

export type PatternClass = (typeof PATTERN_CLASSES)[number];

/** A master fingerprint: the finger's ridge pattern before any impression is taken. */
export interface MasterFinger {
  patternClass: PatternClass;
  width: number;
  height: number;
  cores: [number, number][];
  deltas: [number, number][];
  period: number;
  /** Ridge field in [-1, 1]: > 0 on ridges. */
  ridges: Float32Array;
  /** Inside the finger's outline. */
  mask: Uint8Array;
}

const ORIENTATION_STEPS = 32;
// Module copies of the parameters read in per-pixel loops: where tsx loads this file as CommonJS
// (imported from a script outside this ESM package), every read of an imported binding is a getter
// call (~10 % of createMaster); scomm's own entry points load it as ESM, where the copies cost nothing.
const SCALE = SYNTH_GROWTH_SCALE;
const ITERATIONS = SYNTH_GROWTH_ITERATIONS;
/** Growth kernel radius on the growth grid: 3 (~5 pixels of the image at SYNTH_GROWTH_SCALE 2/3); the filter loop is written out for its 7 taps a row. */
const RADIUS = 3;
const SIZE = 2 * RADIUS + 1;

/**
 * A master fingerprint in the manner of SFinGe (Cappelli, Maio and Maltoni): pattern class drawn
 * with its natural frequency, singular points placed for that class, the orientation field of the
 * zero-pole model (Sherlock and Monro) from them, a ridge period, and the ridge pattern grown from
 * random seeds by repeated Gabor filtering tuned to the local orientation and period. Minutiae are
 * not placed: they appear where the grown ridges meet and end.
 *
 * The ridges are grown on a grid SYNTH_GROWTH_SCALE as fine as the image (period and kernel scaled
 * alike, the same seeds per unit of finger) and interpolated up: growing costs the square of the
 * scale times the kernel's shrinkage (2/3: ~0.2 of the full-resolution growth). The last pass is
 * left unsaturated so that the interpolated ridge edges are smooth rather than stepped. At 2/3, 300
 * mated impression pairs of 100 masters scored as those of full-resolution masters (median 244
 * against 247, 21 against 22 below the 1:10,000 threshold); at 1/2 they scored lower (232, 34).
 */
export function createMaster(seed: number): MasterFinger {
  const { rng, patternClass, width, height, cores, deltas, period, orientation, outline } = layout(seed);
  const mask = new Uint8Array(width * height);
  const imageColumns = Float64Array.from({ length: width }, (_, x) => x);
  for (let y = 0; y < height; y++) {
    const [from, to] = insideSpan(outline, imageColumns, y);
    if (from <= to) mask.fill(1, y * width + from, y * width + to + 1);
  }
  const gw = Math.round(width * SCALE);
  const gh = Math.round(height * SCALE);
  // Grid node g sits at image coordinate (g + 0.5) / SCALE - 0.5.
  const gridColumns = Float64Array.from({ length: gw }, (_, x) => (x + 0.5) / SCALE - 0.5);
  // Only the finger and a kernel's reach around it are grown: per grid row, the columns within
  // RADIUS of a node inside the outline on a row within RADIUS (none on the grid's RADIUS-wide border).
  const rowFrom = new Int32Array(gh).fill(gw);
  const rowTo = new Int32Array(gh).fill(-1);
  for (let y = 0; y < gh; y++) {
    const [from, to] = insideSpan(outline, gridColumns, (y + 0.5) / SCALE - 0.5);
    if (from > to) continue;
    for (let yy = Math.max(RADIUS, y - RADIUS); yy <= Math.min(gh - RADIUS - 1, y + RADIUS); yy++) {
      rowFrom[yy] = Math.min(rowFrom[yy], Math.max(RADIUS, from - RADIUS));
      rowTo[yy] = Math.max(rowTo[yy], Math.min(gw - RADIUS - 1, to + RADIUS));
    }
  }
  const step = orientationSteps(orientation, gridColumns, gw, gh, rowFrom, rowTo);
  const grown = growRidges(step, period * SCALE, gw, gh, rowFrom, rowTo, rng);
  return { patternClass, width, height, cores, deltas, period, ridges: upsample(grown, gw, gh, mask, width, height), mask };
}

/** Bilinear interpolation of the grown grid at every pixel inside the outline (0 outside). */
function upsample(grid: Float64Array, gw: number, gh: number, mask: Uint8Array, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  // The horizontal weights are the same on every row.
  const x0s = new Int32Array(w);
  const axs = new Float64Array(w);
  for (let x = 0; x < w; x++) {
    const fx = Math.min(gw - 1.001, Math.max(0, (x + 0.5) * SCALE - 0.5));
    x0s[x] = Math.floor(fx);
    axs[x] = fx - x0s[x];
  }
  for (let y = 0, i = 0; y < h; y++) {
    const fy = Math.min(gh - 1.001, Math.max(0, (y + 0.5) * SCALE - 0.5));
    const y0 = Math.floor(fy);
    const ay = fy - y0;
    for (let x = 0; x < w; x++, i++) {
      if (!mask[i]) continue;
      const ax = axs[x];
      const j = y0 * gw + x0s[x];
      out[i] = (grid[j] * (1 - ax) + grid[j + 1] * ax) * (1 - ay) + (grid[j + gw] * (1 - ax) + grid[j + gw + 1] * ax) * ay;
    }
  }
  return out;
}

/**
 * A master at the level of minutiae only, for the template fast path at population scale (a full
 * master costs ~200 ms of ridge growing; this ~0.05 ms). Same class, singular points and outline as
 * createMaster(seed) draws; minutiae are placed by a Poisson-disc process inside the outline (about
 * one per 1,700 px^2, as on grown masters), each pointing along the zero-pole ridge orientation at
 * its place, either way, endings and bifurcations in the proportions of real prints.
 */
export function createMinutiaeMaster(seed: number): MinutiaeMaster {
  const { rng, patternClass, width, height, orientation, outline } = layout(seed);
  const target = Math.round(Math.max(35, Math.min(95, rng.normal(62, 11))));
  const minutiae: Minutia[] = [];
  const spacing2 = SYNTH_MINUTIA_SPACING * SYNTH_MINUTIA_SPACING;
  for (let tries = 0; minutiae.length < target && tries < target * 40; tries++) {
    const x = rng.range(0, width);
    const y = rng.range(0, height);
    if (!inside(outline, x, y)) continue;
    if (minutiae.some((m) => (m.x - x) ** 2 + (m.y - y) ** 2 < spacing2)) continue;
    // Template angles are counter-clockwise with y up: the negated image-coordinate angle.
    const a = -(orientationAt(orientation, x, y) + (rng.chance(0.5) ? Math.PI : 0));
    const angle = ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    minutiae.push({ x: Math.round(x), y: Math.round(y), angle, type: rng.chance(0.55) ? 'ending' : 'bifurcation', quality: Math.round(rng.range(40, 100)) });
  }
  return { patternClass, width, height, minutiae };
}

/** A master fingerprint known by its minutiae only (see createMinutiaeMaster). */
export interface MinutiaeMaster {
  patternClass: PatternClass;
  width: number;
  height: number;
  minutiae: Minutia[];
}

/** The finger's layout, drawn in the same order for both kinds of master: class, singular points, period, orientation, outline. */
function layout(seed: number) {
  const rng = new Rng(seed);
  const patternClass = PATTERN_CLASSES[rng.weighted(PATTERN_FREQUENCIES)];
  const width = SYNTH_WIDTH;
  const height = SYNTH_HEIGHT;
  const cx = width / 2 + rng.normal(0, 12);
  const cy = height * 0.45 + rng.normal(0, 15);
  const { cores, deltas } = singularPoints(patternClass, cx, cy, rng);
  const period = rng.range(...SYNTH_PERIOD_RANGE);
  const orientation = orientationModel(patternClass, cores, deltas, width, height, cx, cy, rng);
  const outline = outlineModel(width, height, rng);
  return { rng, patternClass, width, height, cores, deltas, period, orientation, outline };
}

function singularPoints(c: PatternClass, cx: number, cy: number, rng: Rng): { cores: [number, number][]; deltas: [number, number][] } {
  const j = () => rng.normal(0, 6);
  switch (c) {
    case 'arch':
      return { cores: [], deltas: [] };
    case 'tented_arch':
      return { cores: [[cx + j(), cy + j()]], deltas: [[cx + j(), cy + rng.range(70, 110)]] };
    case 'left_loop':
      return { cores: [[cx + j(), cy + j()]], deltas: [[cx + rng.range(70, 110), cy + rng.range(90, 140)]] };
    case 'right_loop':
      return { cores: [[cx + j(), cy + j()]], deltas: [[cx - rng.range(70, 110), cy + rng.range(90, 140)]] };
    case 'whorl': {
      const s = rng.range(10, 30);
      return {
        cores: [[cx + j(), cy - s / 2 + j()], [cx + j(), cy + s / 2 + j()]],
        deltas: [[cx - rng.range(80, 120), cy + rng.range(90, 130)], [cx + rng.range(80, 120), cy + rng.range(90, 130)]],
      };
    }
  }
}

/** The orientation field's parameters (see orientationAt). */
interface OrientationModel {
  patternClass: PatternClass;
  cores: [number, number][];
  deltas: [number, number][];
  w: number;
  h: number;
  cx: number;
  cy: number;
  archHeight: number;
  tilt: number;
}

function orientationModel(patternClass: PatternClass, cores: [number, number][], deltas: [number, number][], w: number, h: number, cx: number, cy: number, rng: Rng): OrientationModel {
  const archHeight = rng.range(0.6, 1.2);
  const tilt = rng.normal(0, 0.08);
  return { patternClass, cores, deltas, w, h, cx, cy, archHeight, tilt };
}

/**
 * Ridge orientation (radians, image coordinates, modulo pi) at any point. Zero-pole model: half the
 * sum of the angles seen from each core minus those from each delta. Arches have no singular point:
 * gently arched ridges whose curvature fades toward the tip.
 */
function orientationAt(o: OrientationModel, x: number, y: number): number {
  if (o.patternClass === 'arch') return Math.atan(archColumn(o, x) * archRow(o, y)) + o.tilt;
  let t = 0;
  for (const [px, py] of o.cores) t += Math.atan2(y - py, x - px);
  for (const [px, py] of o.deltas) t -= Math.atan2(y - py, x - px);
  t /= 2;
  return t + o.tilt;
}

/** An arch's slope is the product of a term of x and one of y (kept apart so a grid computes each once per column or row). */
function archColumn(o: OrientationModel, x: number): number {
  const u = (x - o.cx) / (o.w * 0.28);
  return -2 * u * Math.exp(-u * u);
}

function archRow(o: OrientationModel, y: number): number {
  return o.archHeight * Math.exp(-Math.max(0, (o.cy + 60 - y) / o.h) * 2) * 0.9;
}

/**
 * The growth grid's orientations quantised to the kernel bank's ORIENTATION_STEPS, on each row's
 * columns rowFrom..rowTo only (the rest are never read): the steps of orientationAt's values stored
 * as Float32, as the field was before it was quantised.
 *
 * Outside arches they are found with one atan2 instead of one per singular point: the angles' sum is,
 * modulo 2 pi, that of the product of the vectors from the cores and the conjugates of those from
 * the deltas, and half the sum, modulo pi, is all the step depends on. That angle differs from the
 * sum of atan2s (and its Float32 rounding, < 2.5e-6 of a step) by far less than QUANTUM_MARGIN of a
 * step, so the step is the same unless it lies that close to halfway between two steps, where (and
 * where the product is 0) orientationAt gives it.
 */
function orientationSteps(o: OrientationModel, columns: Float64Array, gw: number, gh: number, rowFrom: Int32Array, rowTo: Int32Array): Uint8Array {
  const step = new Uint8Array(gw * gh);
  const arch = o.patternClass === 'arch';
  const archColumns = arch ? columns.map((x) => archColumn(o, x)) : columns;
  const singular = [...o.cores, ...o.deltas];
  const cores = o.cores.length;
  const n = singular.length;
  const dx = new Float64Array(n * gw);
  for (let s = 0; s < n; s++) for (let x = 0; x < gw; x++) dx[s * gw + x] = columns[x] - singular[s][0];
  // Imaginary parts of the factors: conjugated for deltas.
  const factorY = new Float64Array(n);
  const perRadian = ORIENTATION_STEPS / Math.PI;
  for (let y = RADIUS; y < gh - RADIUS; y++) {
    const from = rowFrom[y];
    const to = rowTo[y];
    if (from > to) continue;
    const gy = (y + 0.5) / SCALE - 0.5;
    const row = arch ? archRow(o, gy) : 0;
    for (let s = 0; s < n; s++) {
      const dy = gy - singular[s][1];
      factorY[s] = s < cores ? dy : -dy;
    }
    for (let x = from, i = y * gw + from; x <= to; x++, i++) {
      if (arch) {
        step[i] = quantise(Math.atan(archColumns[x] * row) + o.tilt);
        continue;
      }
      let re = 1;
      let im = 0;
      for (let s = 0; s < n; s++) {
        const a = dx[s * gw + x];
        const b = factorY[s];
        const r = re * a - im * b;
        im = re * b + im * a;
        re = r;
      }
      let u = (Math.atan2(im, re) / 2 + o.tilt) * perRadian;
      u -= ORIENTATION_STEPS * Math.floor(u / ORIENTATION_STEPS);
      const fraction = u - Math.floor(u);
      if ((re !== 0 || im !== 0) && Math.abs(fraction - 0.5) > QUANTUM_MARGIN) {
        step[i] = Math.round(u) % ORIENTATION_STEPS;
        continue;
      }
      step[i] = quantise(orientationAt(o, columns[x], gy));
    }
  }
  return step;
}

/** Closer than this (in steps) to halfway between two steps, the orientation's step is found as the orientation field's own Float32 value gives it. */
const QUANTUM_MARGIN = 1e-4;

/** The kernel bank's step of an orientation, rounded to Float32 first as the orientation field was stored. */
function quantise(orientation: number): number {
  let q = Math.fround(orientation) % Math.PI;
  if (q < 0) q += Math.PI;
  return Math.round((q / Math.PI) * ORIENTATION_STEPS) % ORIENTATION_STEPS;
}

/** The finger's outline: an ellipse slightly narrower at the tip. */
interface Outline {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

function outlineModel(w: number, h: number, rng: Rng): Outline {
  const rx = w * rng.range(0.42, 0.48);
  const ry = h * rng.range(0.44, 0.49);
  return { cx: w / 2, cy: h / 2 + 6, rx, ry };
}

function inside(o: Outline, x: number, y: number): boolean {
  const narrowing = y < o.cy ? 1 - 0.12 * ((o.cy - y) / o.ry) : 1;
  const dx = (x - o.cx) / (o.rx * narrowing);
  const dy = (y - o.cy) / o.ry;
  return dx * dx + dy * dy <= 1;
}

/**
 * The first and last of the (ascending) columns inside the outline on row y, by bisection: inside()
 * along a row is a rounded (x - cx)^2 test, non-increasing up to cx and non-decreasing past it, so
 * the columns inside are one run, found exactly with ~2 log2(n) tests instead of n. From > to if none.
 */
function insideSpan(o: Outline, columns: Float64Array, y: number): [number, number] {
  const n = columns.length;
  // The column nearest cx from the left (or 0); the run, if any, holds it or the one after.
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (columns[mid] <= o.cx) lo = mid;
    else hi = mid - 1;
  }
  const centre = inside(o, columns[lo], y) ? lo : lo + 1 < n && inside(o, columns[lo + 1], y) ? lo + 1 : -1;
  if (centre < 0) return [1, 0];
  // First inside in [0, centre], last inside in [centre, n - 1].
  let a = 0;
  let b = centre;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (inside(o, columns[mid], y)) b = mid;
    else a = mid + 1;
  }
  let c = centre;
  let d = n - 1;
  while (c < d) {
    const mid = (c + d + 1) >> 1;
    if (inside(o, columns[mid], y)) c = mid;
    else d = mid - 1;
  }
  return [a, c];
}

/** Kernels for each of ORIENTATION_STEPS orientations at one period. */
function gaborBank(period: number): Float32Array {
  const bank = new Float32Array(ORIENTATION_STEPS * SIZE * SIZE);
  const sigma = 0.55 * period;
  for (let o = 0; o < ORIENTATION_STEPS; o++) {
    const t = (o * Math.PI) / ORIENTATION_STEPS;
    const c = Math.cos(t);
    const s = Math.sin(t);
    let sum = 0;
    for (let y = -RADIUS; y <= RADIUS; y++) {
      for (let x = -RADIUS; x <= RADIUS; x++) {
        const along = x * c + y * s;
        const across = -x * s + y * c;
        const v = Math.exp(-(along * along) / (2 * sigma * sigma * 1.6) - (across * across) / (2 * sigma * sigma)) * Math.cos((2 * Math.PI * across) / period);
        bank[o * SIZE * SIZE + (y + RADIUS) * SIZE + x + RADIUS] = v;
        sum += Math.abs(v);
      }
    }
    for (let k = 0; k < SIZE * SIZE; k++) bank[o * SIZE * SIZE + k] /= sum / 4;
  }
  return bank;
}

/**
 * Seeds grown into ridges: filter, saturate, repeat (the pattern spreads a few ridges per pass).
 * Seeds are as many per unit of finger as at full resolution, so the minutiae density is the same.
 * Each grid row is filtered on its columns rowFrom..rowTo. The grid is returned in scratch that the
 * next call reuses.
 */
function growRidges(step: Uint8Array, period: number, w: number, h: number, rowFrom: Int32Array, rowTo: Int32Array, rng: Rng): Float64Array {
  const bank = Float64Array.from(gaborBank(period));
  if (scratchA.length !== w * h) {
    scratchA = new Float64Array(w * h);
    scratchB = new Float64Array(w * h);
    scratchColumns = new Int32Array(w);
    scratchActive = new Uint8Array(w);
  } else {
    scratchA.fill(0);
    scratchB.fill(0);
  }
  let cur = scratchA;
  let next = scratchB;
  const seeds = Math.round((w * h * SYNTH_SEED_DENSITY) / (SCALE * SCALE));
  for (let k = 0; k < seeds; k++) cur[rng.int(h) * w + rng.int(w)] = rng.chance(0.5) ? 1 : -1;
  // While the seeds are sparse, nodes whose whole neighbourhood is zero are set to 0 unfiltered: the
  // filter would give exactly +0 there (the grid never holds -0, so no product sum is -0).
  let sparse = true;
  for (let it = 0; it < ITERATIONS; it++) {
    // Saturate so ridges become flat-topped and the pattern cannot blow up; not the last pass (see createMaster).
    const limit = it < ITERATIONS - 1 ? 1 : Infinity;
    let skipped = 0;
    let filtered = 0;
    const columns = scratchColumns;
    const active = scratchActive;
    if (sparse) {
      columns.fill(0);
      for (let y = 0; y < SIZE - 1; y++) for (let x = 0, i = y * w; x < w; x++, i++) if (cur[i] !== 0) columns[x]++;
    }
    for (let y = RADIUS; y < h - RADIUS; y++) {
      const from = rowFrom[y];
      const to = rowTo[y];
      if (sparse) {
        // columns[x]: nonzero nodes of column x on rows y - RADIUS .. y + RADIUS.
        for (let x = 0, i = (y + RADIUS) * w; x < w; x++, i++) if (cur[i] !== 0) columns[x]++;
        if (from <= to) {
          let window = 0;
          for (let x = from - RADIUS; x < from + RADIUS; x++) window += columns[x];
          for (let x = from; x <= to; x++) {
            window += columns[x + RADIUS];
            active[x] = window > 0 ? 1 : 0;
            window -= columns[x - RADIUS];
          }
        }
      }
      for (let x = from; x <= to; ) {
        const i = y * w + x;
        if (sparse && !active[x]) {
          next[i] = 0;
          skipped++;
          x++;
          continue;
        }
        const o = step[i];
        if (x + 3 <= to && step[i + 1] === o && step[i + 2] === o && step[i + 3] === o) {
          filterFour(bank, o * SIZE * SIZE, cur, next, i, w, limit);
          x += 4;
        } else if (x + 1 <= to && step[i + 1] === o) {
          filterTwo(bank, o * SIZE * SIZE, cur, next, i, w, limit);
          x += 2;
        } else {
          next[i] = filterOne(bank, o * SIZE * SIZE, cur, i, w, limit);
          x++;
        }
      }
      if (sparse) for (let x = 0, i = (y - RADIUS) * w; x < w; x++, i++) if (cur[i] !== 0) columns[x]--;
      if (from <= to) filtered += to - from + 1;
    }
    if (skipped < filtered / 10) sparse = false;
    [cur, next] = [next, cur];
  }
  return cur;
}

// Growth grids and window counts reused across calls. The grids hold Float32 values in Float64 (every
// store goes through Math.fround, as into the Float32 grids before), so that reads need no conversion.
let scratchA = new Float64Array(0);
let scratchB = new Float64Array(0);
let scratchColumns = new Int32Array(0);
let scratchActive = new Uint8Array(0);

/** One node filtered: each kernel row's 7 products summed left to right, the rows' sums top to bottom. */
function filterOne(bank: Float64Array, k: number, cur: Float64Array, i: number, w: number, limit: number): number {
  let s = 0;
  for (let row = i - RADIUS * w - RADIUS, end = row + SIZE * w; row < end; row += w, k += SIZE) {
    s += bank[k] * cur[row] + bank[k + 1] * cur[row + 1] + bank[k + 2] * cur[row + 2] + bank[k + 3] * cur[row + 3] + bank[k + 4] * cur[row + 4] + bank[k + 5] * cur[row + 5] + bank[k + 6] * cur[row + 6];
  }
  return Math.fround(Math.max(-limit, Math.min(limit, s)));
}

/**
 * Four adjacent nodes of one orientation filtered at once, each in filterOne's order of operations
 * (so to the same values): a kernel row and the 10 grid values under it are read once for all four.
 */
function filterFour(bank: Float64Array, k: number, cur: Float64Array, next: Float64Array, i: number, w: number, limit: number): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let row = i - RADIUS * w - RADIUS, end = row + SIZE * w; row < end; row += w, k += SIZE) {
    const b0 = bank[k];
    const b1 = bank[k + 1];
    const b2 = bank[k + 2];
    const b3 = bank[k + 3];
    const b4 = bank[k + 4];
    const b5 = bank[k + 5];
    const b6 = bank[k + 6];
    const c0 = cur[row];
    const c1 = cur[row + 1];
    const c2 = cur[row + 2];
    const c3 = cur[row + 3];
    const c4 = cur[row + 4];
    const c5 = cur[row + 5];
    const c6 = cur[row + 6];
    const c7 = cur[row + 7];
    const c8 = cur[row + 8];
    const c9 = cur[row + 9];
    s0 += b0 * c0 + b1 * c1 + b2 * c2 + b3 * c3 + b4 * c4 + b5 * c5 + b6 * c6;
    s1 += b0 * c1 + b1 * c2 + b2 * c3 + b3 * c4 + b4 * c5 + b5 * c6 + b6 * c7;
    s2 += b0 * c2 + b1 * c3 + b2 * c4 + b3 * c5 + b4 * c6 + b5 * c7 + b6 * c8;
    s3 += b0 * c3 + b1 * c4 + b2 * c5 + b3 * c6 + b4 * c7 + b5 * c8 + b6 * c9;
  }
  next[i] = Math.fround(Math.max(-limit, Math.min(limit, s0)));
  next[i + 1] = Math.fround(Math.max(-limit, Math.min(limit, s1)));
  next[i + 2] = Math.fround(Math.max(-limit, Math.min(limit, s2)));
  next[i + 3] = Math.fround(Math.max(-limit, Math.min(limit, s3)));
}

/** Two adjacent nodes of one orientation, as filterFour. */
function filterTwo(bank: Float64Array, k: number, cur: Float64Array, next: Float64Array, i: number, w: number, limit: number): void {
  let s0 = 0;
  let s1 = 0;
  for (let row = i - RADIUS * w - RADIUS, end = row + SIZE * w; row < end; row += w, k += SIZE) {
    const b0 = bank[k];
    const b1 = bank[k + 1];
    const b2 = bank[k + 2];
    const b3 = bank[k + 3];
    const b4 = bank[k + 4];
    const b5 = bank[k + 5];
    const b6 = bank[k + 6];
    const c1 = cur[row + 1];
    const c2 = cur[row + 2];
    const c3 = cur[row + 3];
    const c4 = cur[row + 4];
    const c5 = cur[row + 5];
    const c6 = cur[row + 6];
    s0 += b0 * cur[row] + b1 * c1 + b2 * c2 + b3 * c3 + b4 * c4 + b5 * c5 + b6 * c6;
    s1 += b0 * c1 + b1 * c2 + b2 * c3 + b3 * c4 + b4 * c5 + b5 * c6 + b6 * cur[row + 7];
  }
  next[i] = Math.fround(Math.max(-limit, Math.min(limit, s0)));
  next[i + 1] = Math.fround(Math.max(-limit, Math.min(limit, s1)));
}
