import { Rng } from '../../random.ts';
import { PATTERN_CLASSES, PATTERN_FREQUENCIES, SYNTH_GROWTH_ITERATIONS, SYNTH_HEIGHT, SYNTH_PERIOD_RANGE, SYNTH_SEED_DENSITY, SYNTH_WIDTH } from '../parameters.ts';

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
const RADIUS = 6;
const SIZE = 2 * RADIUS + 1;

/**
 * A master fingerprint in the manner of SFinGe (Cappelli, Maio and Maltoni): pattern class drawn
 * with its natural frequency, singular points placed for that class, the orientation field of the
 * zero-pole model (Sherlock and Monro) from them, a ridge period, and the ridge pattern grown from
 * random seeds by repeated Gabor filtering tuned to the local orientation and period. Minutiae are
 * not placed: they appear where the grown ridges meet and end.
 */
export function createMaster(seed: number): MasterFinger {
  const rng = new Rng(seed);
  const patternClass = PATTERN_CLASSES[rng.weighted(PATTERN_FREQUENCIES)];
  const width = SYNTH_WIDTH;
  const height = SYNTH_HEIGHT;
  const cx = width / 2 + rng.normal(0, 12);
  const cy = height * 0.45 + rng.normal(0, 15);
  const { cores, deltas } = singularPoints(patternClass, cx, cy, rng);
  const period = rng.range(...SYNTH_PERIOD_RANGE);
  const orientation = orientationField(patternClass, cores, deltas, width, height, cx, cy, rng);
  const mask = fingerOutline(width, height, rng);
  const ridges = growRidges(orientation, period, mask, width, height, rng);
  return { patternClass, width, height, cores, deltas, period, ridges, mask };
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
 * Ridge orientation (radians, image coordinates, modulo pi). Zero-pole model: half the sum of the
 * angles seen from each core minus those from each delta. Arches have no singular point: gently
 * arched ridges whose curvature fades toward the tip.
 */
function orientationField(c: PatternClass, cores: [number, number][], deltas: [number, number][], w: number, h: number, cx: number, cy: number, rng: Rng): Float32Array {
  const out = new Float32Array(w * h);
  const archHeight = rng.range(0.6, 1.2);
  const tilt = rng.normal(0, 0.08);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
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
      out[y * w + x] = t + tilt;
    }
  }
  return out;
}

/** The finger's outline: an ellipse slightly narrower at the tip. */
function fingerOutline(w: number, h: number, rng: Rng): Uint8Array {
  const m = new Uint8Array(w * h);
  const rx = w * rng.range(0.42, 0.48);
  const ry = h * rng.range(0.44, 0.49);
  const cx = w / 2;
  const cy = h / 2 + 6;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const narrowing = y < cy ? 1 - 0.12 * ((cy - y) / ry) : 1;
      const dx = (x - cx) / (rx * narrowing);
      const dy = (y - cy) / ry;
      m[y * w + x] = dx * dx + dy * dy <= 1 ? 1 : 0;
    }
  }
  return m;
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

/** Seeds grown into ridges: filter, saturate, repeat (the pattern spreads a few ridges per pass). */
function growRidges(orientation: Float32Array, period: number, mask: Uint8Array, w: number, h: number, rng: Rng): Float32Array {
  const bank = gaborBank(period);
  let cur = new Float32Array(w * h);
  let next = new Float32Array(w * h);
  const seeds = Math.round(w * h * SYNTH_SEED_DENSITY);
  for (let k = 0; k < seeds; k++) cur[rng.int(h) * w + rng.int(w)] = rng.chance(0.5) ? 1 : -1;
  const step = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    let t = orientation[i] % Math.PI;
    if (t < 0) t += Math.PI;
    step[i] = Math.round((t / Math.PI) * ORIENTATION_STEPS) % ORIENTATION_STEPS;
  }
  for (let it = 0; it < SYNTH_GROWTH_ITERATIONS; it++) {
    for (let y = RADIUS; y < h - RADIUS; y++) {
      for (let x = RADIUS; x < w - RADIUS; x++) {
        const i = y * w + x;
        const base = step[i] * SIZE * SIZE;
        let s = 0;
        let k = base;
        for (let dy = -RADIUS; dy <= RADIUS; dy++) {
          const row = (y + dy) * w + x - RADIUS;
          for (let dx = 0; dx < SIZE; dx++) s += bank[k++] * cur[row + dx];
        }
        // Saturate so ridges become flat-topped and the pattern cannot blow up.
        next[i] = s > 1 ? 1 : s < -1 ? -1 : s;
      }
    }
    [cur, next] = [next, cur];
  }
  for (let i = 0; i < w * h; i++) if (!mask[i]) cur[i] = 0;
  return cur;
}
