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

/** Renders the impression: warped ridges inside the contact area, skin condition, sensor noise. */
export function renderWith(master: MasterFinger, m: ImpressionModel, seed: number): GrayImage {
  const rng = new Rng(seed ^ 0x5eed);
  const { width: w, height: h } = master;
  const pixels = new Uint8Array(w * h);
  // Low-frequency noise (pressure and moisture vary over the finger) on a coarse grid.
  const gw = Math.ceil(w / 16) + 2;
  const gh = Math.ceil(h / 16) + 2;
  const coarse = Float32Array.from({ length: gw * gh }, () => rng.normal(0, 0.32));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const ex = (x - m.contact.cx) / m.contact.rx;
      const ey = (y - m.contact.cy) / m.contact.ry;
      const r = ex * ex + ey * ey;
      let v = 0;
      if (r < 1) {
        const [sx, sy] = toMaster(m, w, h, x, y);
        const ridge = sample(master.ridges, w, h, sx, sy);
        const inside = sample(master.mask, w, h, sx, sy);
        const g = coarse[Math.floor(y / 16) * gw + Math.floor(x / 16)];
        // Near the contact edge the finger presses less: ridges fade.
        const edge = r > 0.75 ? (1 - r) / 0.25 : 1;
        const t = m.dryness + g * 0.5 + (1 - edge) * 0.5;
        v = inside > 0.5 && ridge > t ? m.contrast * edge : 0;
      }
      const noisy = v + rng.normal(0, m.noise * 0.35);
      pixels[i] = Math.max(0, Math.min(255, Math.round(235 - 200 * noisy)));
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

/** 3x3 binomial blur: the optics of a real sensor. */
function blur(p: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(p.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          const k = (2 - Math.abs(dx)) * (2 - Math.abs(dy));
          s += k * p[yy * w + xx];
          n += k;
        }
      }
      out[y * w + x] = Math.round(s / n);
    }
  }
  return out;
}
