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

/**
 * Renders the impression: warped ridges inside the contact area, skin condition, sensor noise, then
 * the sensor's blur, row by row: a row's horizontal pass is taken as soon as it is drawn and the row
 * above it gets its vertical pass, so only the image and three rows of sums are written.
 */
export function renderWith(master: MasterFinger, m: ImpressionModel, seed: number): GrayImage {
  const rng = new Rng(seed ^ 0x5eed);
  const { width: w, height: h, ridges, mask } = master;
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
  const { cx, cy, rx, ry } = m.contact;
  const { dryness, contrast } = m;
  // The terms of a column are the same on every row.
  const columnNode = new Int32Array(w);
  const columnFraction = new Float64Array(w);
  const columnContact = new Float64Array(w);
  for (let x = 0; x < w; x++) {
    columnNode[x] = Math.floor(x / MAP_STEP);
    columnFraction[x] = x / MAP_STEP - columnNode[x];
    const ex = (x - cx) / rx;
    columnContact[x] = ex * ex;
  }
  const line = new Uint8Array(w);
  // The last three rows' horizontal blur sums, row y in rows[y % 3].
  const rows = [new Uint16Array(w), new Uint16Array(w), new Uint16Array(w)];
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const gy = Math.floor(y / MAP_STEP);
    const fy = y / MAP_STEP - gy;
    const ey = (y - cy) / ry;
    const ey2 = ey * ey;
    const coarseRow = (y >> 4) * gw;
    for (let x = 0; x < w; x++) {
      const r = columnContact[x] + ey2;
      let v = 0;
      if (r < 1) {
        // The map's bilinear interpolation with the row's and column's terms hoisted and no bounds
        // test (the map's last node lies past the image's edge).
        const fx = columnFraction[x];
        const j = gy * mw + columnNode[x];
        const sx = (mapX[j] * (1 - fx) + mapX[j + 1] * fx) * (1 - fy) + (mapX[j + mw] * (1 - fx) + mapX[j + mw + 1] * fx) * fy;
        const sy = (mapY[j] * (1 - fx) + mapY[j + 1] * fx) * (1 - fy) + (mapY[j + mw] * (1 - fx) + mapY[j + mw + 1] * fx) * fy;
        // Bilinear samples of the mask and then, only where it is inside, of the ridges (0 within a
        // pixel of the master's edge), one position's weights for both.
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        if (x0 >= 0 && y0 >= 0 && x0 < w - 1 && y0 < h - 1) {
          const ax = sx - x0;
          const ay = sy - y0;
          const k = y0 * w + x0;
          const m00 = mask[k];
          const m01 = mask[k + 1];
          const m10 = mask[k + w];
          const m11 = mask[k + w + 1];
          // Four corners inside interpolate to ~1 and none to 0, whatever the rounding: only mixed corners are weighed.
          if (m00 & m01 & m10 & m11 || ((m00 | m01 | m10 | m11) && (m00 * (1 - ax) + m01 * ax) * (1 - ay) + (m10 * (1 - ax) + m11 * ax) * ay > 0.5)) {
            const ridge = (ridges[k] * (1 - ax) + ridges[k + 1] * ax) * (1 - ay) + (ridges[k + w] * (1 - ax) + ridges[k + w + 1] * ax) * ay;
            const g = coarse[coarseRow + (x >> 4)];
            // Near the contact edge the finger presses less: ridges fade.
            const edge = r > 0.75 ? (1 - r) / 0.25 : 1;
            const t = dryness + g * 0.5 + (1 - edge) * 0.5;
            if (ridge > t) v = contrast * edge;
          }
        }
      }
      // Math.round and the clamp to 0..255 without branches (on noisy pixels they were mispredicted
      // often enough to cost ~1/4 of the render): Math.round(grey) is floor(grey) + 1 exactly when the
      // fraction grey - floor(grey), exact for |grey| < 2^52, is 0.5 or more, i.e. floor(2 * fraction)
      // is 1; -0 and +0 give the same pixel. Past 255, q | -1 stores as 255.
      const grey = 235 - 200 * (v + sd * NORMALS[rng.nextU32() >>> 16]);
      const f = Math.floor(grey);
      const p = f + Math.floor(2 * (grey - f));
      const q = p & ~(p >> 31);
      line[x] = q | ((255 - q) >> 31);
    }
    blurRow(line, rows[y % 3], w);
    // Row y - 1 between rows y - 2 and y (the row itself for a missing one).
    if (y > 0) blurColumn(y > 1 ? rows[(y + 1) % 3] : rows[(y + 2) % 3], rows[(y + 2) % 3], rows[y % 3], y - 1, h, out, w);
  }
  blurColumn(h > 1 ? rows[(h + 1) % 3] : rows[(h + 2) % 3], rows[(h + 2) % 3], rows[(h + 2) % 3], h - 1, h, out, w);
  return { width: w, height: h, ppi: 500, pixels: out };
}

/*
 * 3x3 binomial blur (the optics of a real sensor), as rows then columns of [1 2 1]; at the edges the
 * missing taps are left out and the weights renormalised.
 */

/** A row's horizontal pass, scaled so that every sum weighs 12: taps 1 2 1 times 3, at the edges 2 1 times 4. */
function blurRow(p: Uint8Array, out: Uint16Array, w: number): void {
  out[0] = (2 * p[0] + p[1]) * 4;
  for (let x = 1; x < w - 1; x++) out[x] = (p[x - 1] + 2 * p[x] + p[x + 1]) * 3;
  out[w - 1] = (p[w - 2] + 2 * p[w - 1]) * 4;
}

/**
 * Output row y from the horizontal sums of rows y - 1 (up), y and y + 1 (down). Rows all weigh 12;
 * the vertical pass weighs 4 (3 at the top and bottom rows, where the row itself is passed for the
 * missing neighbour and is counted once less).
 */
function blurColumn(up: Uint16Array, row: Uint16Array, down: Uint16Array, y: number, h: number, out: Uint8Array, w: number): void {
  const missing = (y > 0 ? 0 : 1) + (y < h - 1 ? 0 : 1);
  const self = 2 - missing;
  const n = 12 * (4 - missing);
  for (let x = 0, o = y * w; x < w; x++) {
    const sum = self * row[x] + up[x] + down[x];
    // Math.round(sum / n) in integers.
    out[o + x] = ((2 * sum + n) / (2 * n)) | 0;
  }
}
