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
  const { rng, patternClass, width, height, cores, deltas, period, orientationAt, inside } = layout(seed);
  const mask = new Uint8Array(width * height);
  for (let y = 0, i = 0; y < height; y++) for (let x = 0; x < width; x++, i++) mask[i] = inside(x, y) ? 1 : 0;
  const gw = Math.round(width * SYNTH_GROWTH_SCALE);
  const gh = Math.round(height * SYNTH_GROWTH_SCALE);
  const toImage = (g: number) => (g + 0.5) / SYNTH_GROWTH_SCALE - 0.5;
  const orientation = new Float32Array(gw * gh);
  const gridMask = new Uint8Array(gw * gh);
  for (let y = 0, i = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++, i++) {
      orientation[i] = orientationAt(toImage(x), toImage(y));
      gridMask[i] = inside(toImage(x), toImage(y)) ? 1 : 0;
    }
  }
  const grown = growRidges(orientation, period * SYNTH_GROWTH_SCALE, gridMask, gw, gh, rng);
  return { patternClass, width, height, cores, deltas, period, ridges: upsample(grown, gw, gh, mask, width, height), mask };
}

/** Bilinear interpolation of the grown grid at every pixel inside the outline (0 outside). */
function upsample(grid: Float32Array, gw: number, gh: number, mask: Uint8Array, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0, i = 0; y < h; y++) {
    const fy = Math.min(gh - 1.001, Math.max(0, (y + 0.5) * SYNTH_GROWTH_SCALE - 0.5));
    const y0 = Math.floor(fy);
    const ay = fy - y0;
    for (let x = 0; x < w; x++, i++) {
      if (!mask[i]) continue;
      const fx = Math.min(gw - 1.001, Math.max(0, (x + 0.5) * SYNTH_GROWTH_SCALE - 0.5));
      const x0 = Math.floor(fx);
      const ax = fx - x0;
      const j = y0 * gw + x0;
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
  const { rng, patternClass, width, height, orientationAt, inside } = layout(seed);
  const target = Math.round(Math.max(35, Math.min(95, rng.normal(62, 11))));
  const minutiae: Minutia[] = [];
  const spacing2 = SYNTH_MINUTIA_SPACING * SYNTH_MINUTIA_SPACING;
  for (let tries = 0; minutiae.length < target && tries < target * 40; tries++) {
    const x = rng.range(0, width);
    const y = rng.range(0, height);
    if (!inside(x, y)) continue;
    if (minutiae.some((m) => (m.x - x) ** 2 + (m.y - y) ** 2 < spacing2)) continue;
    // Template angles are counter-clockwise with y up: the negated image-coordinate angle.
    const a = -(orientationAt(x, y) + (rng.chance(0.5) ? Math.PI : 0));
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
  const orientationAt = orientationModel(patternClass, cores, deltas, width, height, cx, cy, rng);
  const inside = outlineModel(width, height, rng);
  return { rng, patternClass, width, height, cores, deltas, period, orientationAt, inside };
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

/**
 * Ridge orientation (radians, image coordinates, modulo pi) at any point. Zero-pole model: half the
 * sum of the angles seen from each core minus those from each delta. Arches have no singular point:
 * gently arched ridges whose curvature fades toward the tip.
 */
function orientationModel(c: PatternClass, cores: [number, number][], deltas: [number, number][], w: number, h: number, cx: number, cy: number, rng: Rng): (x: number, y: number) => number {
  const archHeight = rng.range(0.6, 1.2);
  const tilt = rng.normal(0, 0.08);
  return (x, y) => {
    let t: number;
    if (c === 'arch') {
      const u = (x - cx) / (w * 0.28);
      const strength = archHeight * Math.exp(-Math.max(0, (cy + 60 - y) / h) * 2) * 0.9;
      t = Math.atan(-2 * u * Math.exp(-u * u) * strength);
    } else {
      t = 0;
      for (const [px, py] of cores) t += Math.atan2(y - py, x - px);
      for (const [px, py] of deltas) t -= Math.atan2(y - py, x - px);
      t /= 2;
    }
    return t + tilt;
  };
}

/** The finger's outline: an ellipse slightly narrower at the tip. */
function outlineModel(w: number, h: number, rng: Rng): (x: number, y: number) => boolean {
  const rx = w * rng.range(0.42, 0.48);
  const ry = h * rng.range(0.44, 0.49);
  const cx = w / 2;
  const cy = h / 2 + 6;
  return (x, y) => {
    const narrowing = y < cy ? 1 - 0.12 * ((cy - y) / ry) : 1;
    const dx = (x - cx) / (rx * narrowing);
    const dy = (y - cy) / ry;
    return dx * dx + dy * dy <= 1;
  };
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
 */
function growRidges(orientation: Float32Array, period: number, mask: Uint8Array, w: number, h: number, rng: Rng): Float32Array {
  const bank = gaborBank(period);
  let cur = new Float32Array(w * h);
  let next = new Float32Array(w * h);
  const seeds = Math.round((w * h * SYNTH_SEED_DENSITY) / (SYNTH_GROWTH_SCALE * SYNTH_GROWTH_SCALE));
  for (let k = 0; k < seeds; k++) cur[rng.int(h) * w + rng.int(w)] = rng.chance(0.5) ? 1 : -1;
  const step = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    let t = orientation[i] % Math.PI;
    if (t < 0) t += Math.PI;
    step[i] = Math.round((t / Math.PI) * ORIENTATION_STEPS) % ORIENTATION_STEPS;
  }
  // Only the finger and a kernel's reach around it are grown.
  const rowFrom = new Int32Array(h).fill(w);
  const rowTo = new Int32Array(h).fill(-1);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!mask[y * w + x]) continue;
      for (let yy = Math.max(RADIUS, y - RADIUS); yy <= Math.min(h - RADIUS - 1, y + RADIUS); yy++) {
        rowFrom[yy] = Math.min(rowFrom[yy], Math.max(RADIUS, x - RADIUS));
        rowTo[yy] = Math.max(rowTo[yy], Math.min(w - RADIUS - 1, x + RADIUS));
      }
    }
  }
  for (let it = 0; it < SYNTH_GROWTH_ITERATIONS; it++) {
    // Saturate so ridges become flat-topped and the pattern cannot blow up; not the last pass (see createMaster).
    const limit = it < SYNTH_GROWTH_ITERATIONS - 1 ? 1 : Infinity;
    for (let y = RADIUS; y < h - RADIUS; y++) {
      for (let x = rowFrom[y]; x <= rowTo[y]; x++) {
        const i = y * w + x;
        let k = step[i] * SIZE * SIZE;
        let s = 0;
        for (let row = i - RADIUS * w - RADIUS, end = row + SIZE * w; row < end; row += w, k += SIZE) {
          s += bank[k] * cur[row] + bank[k + 1] * cur[row + 1] + bank[k + 2] * cur[row + 2] + bank[k + 3] * cur[row + 3] + bank[k + 4] * cur[row + 4] + bank[k + 5] * cur[row + 5] + bank[k + 6] * cur[row + 6];
        }
        next[i] = s > limit ? limit : s < -limit ? -limit : s;
      }
    }
    [cur, next] = [next, cur];
  }
  return cur;
}
