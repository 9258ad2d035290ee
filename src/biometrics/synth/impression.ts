import { Rng } from '../../random.ts';
import type { GrayImage } from '../image/gray-image.ts';
import { IMPRESSION_CONTACT, IMPRESSION_DISTORTION, IMPRESSION_ROTATION, IMPRESSION_TRANSLATION } from '../parameters.ts';
import type { MasterFinger } from './master.ts';

/**
 * How one impression was taken: rigid motion, a smooth non-linear (elastic) displacement from the
 * skin stretching on the platen, the contact area, and the skin's condition. The same draw gives
 * the rendered image and the moved ground-truth minutiae.
 */
export interface ImpressionModel {
  angle: number;
  tx: number;
  ty: number;
  /** Gaussian bumps of the displacement field: centre, spread, displacement. */
  bumps: { x: number; y: number; s: number; dx: number; dy: number }[];
  contact: { cx: number; cy: number; rx: number; ry: number };
  /** Ridge threshold: > 0 thins ridges (dry), < 0 thickens them (wet or pressed). */
  dryness: number;
  noise: number;
  contrast: number;
}

export function drawImpression(master: { width: number; height: number }, seed: number): ImpressionModel {
  const rng = new Rng(seed);
  const { width: w, height: h } = master;
  const bumps = Array.from({ length: 3 }, () => ({
    x: rng.range(0.2, 0.8) * w,
    y: rng.range(0.2, 0.8) * h,
    s: rng.range(50, 110),
    dx: rng.normal(0, IMPRESSION_DISTORTION),
    dy: rng.normal(0, IMPRESSION_DISTORTION),
  }));
  const size = rng.range(...IMPRESSION_CONTACT);
  return {
    angle: rng.normal(0, IMPRESSION_ROTATION / 2),
    tx: rng.normal(0, IMPRESSION_TRANSLATION / 2),
    ty: rng.normal(0, IMPRESSION_TRANSLATION / 2),
    bumps,
    contact: { cx: w / 2 + rng.normal(0, 20), cy: h / 2 + rng.normal(0, 25), rx: (w / 2) * size * rng.range(0.9, 1.1), ry: (h / 2) * size },
    dryness: rng.normal(0, 0.26),
    noise: rng.range(0.25, 0.65),
    contrast: rng.range(0.45, 1),
  };
}

/** Where an output pixel's skin came from in the master (output -> master). */
function toMaster(m: ImpressionModel, w: number, h: number, x: number, y: number): [number, number] {
  let dx = 0;
  let dy = 0;
  for (const b of m.bumps) {
    const g = Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.s * b.s));
    dx += b.dx * g;
    dy += b.dy * g;
  }
  const ux = x - w / 2 - m.tx + dx;
  const uy = y - h / 2 - m.ty + dy;
  const c = Math.cos(-m.angle);
  const s = Math.sin(-m.angle);
  return [w / 2 + ux * c - uy * s, h / 2 + ux * s + uy * c];
}

/** Where a master point lands in the impression (master -> output), by fixed-point iteration. */
export function toImpression(m: ImpressionModel, w: number, h: number, x: number, y: number): [number, number] {
  const c = Math.cos(m.angle);
  const s = Math.sin(m.angle);
  const ux = x - w / 2;
  const uy = y - h / 2;
  let px = w / 2 + ux * c - uy * s + m.tx;
  let py = h / 2 + ux * s + uy * c + m.ty;
  for (let k = 0; k < 6; k++) {
    const [mx, my] = toMaster(m, w, h, px, py);
    px += x - mx;
    py += y - my;
  }
  return [px, py];
}

/** Grid step (pixels) of the output -> master map; the map is bilinear between nodes (its bumps span 50+ pixels, so it is off by < 0.05 pixel). */
const MAP_STEP = 8;

/**
 * Standard normal draws for sensor noise, indexed by 16 random bits: a pixel's noise is one table
 * read instead of a Box-Muller draw (log, sqrt, cos), and after the sensor blur the grain is the same.
 */
const NORMALS = (() => {
  const rng = new Rng(0x5e25);
  return Float32Array.from({ length: 65536 }, () => rng.normal());
})();

/** Renders the impression: warped ridges inside the contact area, skin condition, sensor noise. */
export function renderWith(master: MasterFinger, m: ImpressionModel, seed: number): GrayImage {
  const rng = new Rng(seed ^ 0x5eed);
  const { width: w, height: h } = master;
  const pixels = new Uint8Array(w * h);
  // Low-frequency noise (pressure and moisture vary over the finger) on a coarse grid.
  const gw = Math.ceil(w / 16) + 2;
  const gh = Math.ceil(h / 16) + 2;
  const coarse = Float32Array.from({ length: gw * gh }, () => rng.normal(0, 0.32));
  const mw = Math.ceil(w / MAP_STEP) + 1;
  const mh = Math.ceil(h / MAP_STEP) + 1;
  const mapX = new Float32Array(mw * mh);
  const mapY = new Float32Array(mw * mh);
  for (let gy = 0, j = 0; gy < mh; gy++) {
    for (let gx = 0; gx < mw; gx++, j++) {
      const [sx, sy] = toMaster(m, w, h, gx * MAP_STEP, gy * MAP_STEP);
      mapX[j] = sx;
      mapY[j] = sy;
    }
  }
  const sd = m.noise * 0.35;
  for (let y = 0; y < h; y++) {
    const gy = Math.floor(y / MAP_STEP);
    const fy = y / MAP_STEP - gy;
    const ey = (y - m.contact.cy) / m.contact.ry;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const ex = (x - m.contact.cx) / m.contact.rx;
      const r = ex * ex + ey * ey;
      let v = 0;
      if (r < 1) {
        // sample()'s interpolation with the row's terms hoisted and no bounds test (the map's last
        // node lies past the image's edge): through sample() the render took ~15 % longer.
        const gx = Math.floor(x / MAP_STEP);
        const fx = x / MAP_STEP - gx;
        const j = gy * mw + gx;
        const sx = (mapX[j] * (1 - fx) + mapX[j + 1] * fx) * (1 - fy) + (mapX[j + mw] * (1 - fx) + mapX[j + mw + 1] * fx) * fy;
        const sy = (mapY[j] * (1 - fx) + mapY[j + 1] * fx) * (1 - fy) + (mapY[j + mw] * (1 - fx) + mapY[j + mw + 1] * fx) * fy;
        const ridge = sample(master.ridges, w, h, sx, sy);
        const inside = sample(master.mask, w, h, sx, sy);
        const g = coarse[(y >> 4) * gw + (x >> 4)];
        // Near the contact edge the finger presses less: ridges fade.
        const edge = r > 0.75 ? (1 - r) / 0.25 : 1;
        const t = m.dryness + g * 0.5 + (1 - edge) * 0.5;
        v = inside > 0.5 && ridge > t ? m.contrast * edge : 0;
      }
      const noisy = v + sd * NORMALS[rng.nextU32() >>> 16];
      const p = Math.round(235 - 200 * noisy);
      pixels[i] = p < 0 ? 0 : p > 255 ? 255 : p;
    }
  }
  return { width: w, height: h, ppi: 500, pixels: blur(pixels, w, h) };
}

function sample(a: Float32Array | Uint8Array, w: number, h: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) return 0;
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * w + x0;
  return (a[i] * (1 - fx) + a[i + 1] * fx) * (1 - fy) + (a[i + w] * (1 - fx) + a[i + w + 1] * fx) * fy;
}

/** 3x3 binomial blur (the optics of a real sensor), as rows then columns of [1 2 1]; at the edges the missing taps are left out and the weights renormalised. */
function blur(p: Uint8Array, w: number, h: number): Uint8Array {
  // Horizontal pass, scaled so that every row sum weighs 12: taps 1 2 1 times 3, at the edges 2 1 times 4.
  const rows = new Uint16Array(w * h);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    rows[o] = (2 * p[o] + p[o + 1]) * 4;
    for (let x = 1; x < w - 1; x++) rows[o + x] = (p[o + x - 1] + 2 * p[o + x] + p[o + x + 1]) * 3;
    rows[o + w - 1] = (p[o + w - 2] + 2 * p[o + w - 1]) * 4;
  }
  // Rows now all weigh 12; the vertical pass weighs 4 (3 at the top and bottom rows, where the row
  // itself stands in for the missing neighbour and is counted once less).
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    const up = y > 0 ? o - w : o;
    const down = y < h - 1 ? o + w : o;
    const missing = (y > 0 ? 0 : 1) + (y < h - 1 ? 0 : 1);
    const self = 2 - missing;
    const n = 12 * (4 - missing);
    for (let x = 0; x < w; x++) {
      const sum = self * rows[o + x] + rows[up + x] + rows[down + x];
      // Math.round(sum / n) in integers.
      out[o + x] = ((2 * sum + n) / (2 * n)) | 0;
    }
  }
  return out;
}
