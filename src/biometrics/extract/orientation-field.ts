import { ORIENTATION_RADIUS_BLOCKS, ORIENTATION_SMOOTH_SIGMA } from '../parameters.ts';
import { smoothBlocks, type BlockGrid } from './block-grid.ts';
import type { BlockMoments } from './gradients.ts';

/** Ridge orientation per block in [0, pi) (image coordinates, y down) and its coherence 0..1; foreground blocks only (0 elsewhere). */
export interface OrientationField {
  angle: Float32Array;
  coherence: Float32Array;
}

/**
 * Least-squares ridge orientation from averaged squared gradients (Kass and Witkin; Bazen and
 * Gerez) over a window of blocks, then the doubled-angle vectors smoothed with a Gaussian over the
 * foreground. Coherence |sum of squared gradients| / sum of gradient energy says how reliable it is.
 */
export function estimateOrientation(moments: BlockMoments, mask: Uint8Array, g: BlockGrid): OrientationField {
  const n = g.bw * g.bh;
  const { xx: bxx, xy: bxy } = moments;
  // The energy rounded to float32 like the two other sums.
  const bee = Float32Array.from(moments.energy);
  const r = ORIENTATION_RADIUS_BLOCKS;
  const vx = new Float32Array(n);
  const vy = new Float32Array(n);
  const coherence = new Float32Array(n);
  for (let by = 0; by < g.bh; by++) {
    for (let bx = 0; bx < g.bw; bx++) {
      // Background blocks are never read: not by the smoothing over the mask (a foreground block's
      // smoothed value sums foreground values only), nor by any later stage. They stay 0.
      if (!mask[by * g.bw + bx]) continue;
      let sxx = 0;
      let sxy = 0;
      let see = 0;
      for (let y = Math.max(0, by - r); y <= Math.min(g.bh - 1, by + r); y++) {
        for (let x = Math.max(0, bx - r); x <= Math.min(g.bw - 1, bx + r); x++) {
          const j = y * g.bw + x;
          sxx += bxx[j];
          sxy += bxy[j];
          see += bee[j];
        }
      }
      const i = by * g.bw + bx;
      const norm = Math.hypot(sxx, sxy);
      coherence[i] = see > 0 ? norm / see : 0;
      // Unit doubled-angle vectors weighted by coherence: unreliable blocks count less in smoothing.
      vx[i] = norm > 0 ? (sxx / norm) * coherence[i] : 0;
      vy[i] = norm > 0 ? (sxy / norm) * coherence[i] : 0;
    }
  }
  const sx = smoothBlocks(vx, mask, g, ORIENTATION_SMOOTH_SIGMA);
  const sy = smoothBlocks(vy, mask, g, ORIENTATION_SMOOTH_SIGMA);
  const angle = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    // The gradient is across the ridges; the ridge runs at right angles to it.
    let a = 0.5 * Math.atan2(sy[i], sx[i]) + Math.PI / 2;
    if (a >= Math.PI) a -= Math.PI;
    angle[i] = a;
  }
  return { angle, coherence };
}
