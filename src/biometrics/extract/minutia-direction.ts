import { BLOCK, DIRECTION_WINDOW_PERIODS } from '../parameters.ts';
import type { BlockGrid } from './block-grid.ts';
import type { RawMinutia } from './minutiae-detect.ts';

/**
 * Minutia directions from the ridge flow around the minutia rather than from the traced skeleton
 * alone. A skeleton traced a few pixels is quantised to the pixel grid and bent by the minutia
 * itself, so its direction scatters between impressions; the least-squares orientation of the
 * gradients in a Gaussian window of a few ridge periods (sigma = DIRECTION_WINDOW_PERIODS local
 * periods) averages the minutia's own disturbance away. The orientation gives the axis, the trace
 * only the sense along it (ending: into its ridge; bifurcation: away from its stem).
 */
export function refineDirections(minutiae: RawMinutia[], gx: Float32Array, gy: Float32Array, period: Float32Array, g: BlockGrid): RawMinutia[] {
  const { width, height } = g;
  return minutiae.map((m) => {
    const sigma = DIRECTION_WINDOW_PERIODS * period[Math.floor(m.y / BLOCK) * g.bw + Math.floor(m.x / BLOCK)];
    const r = Math.ceil(2 * sigma);
    // Weights rounded to float32, held as doubles so the loop converts nothing.
    const w = new Float64Array(2 * r + 1);
    for (let d = -r; d <= r; d++) w[d + r] = Math.fround(Math.exp(-(d * d) / (2 * sigma * sigma)));
    let sxx = 0;
    let sxy = 0;
    const x0 = Math.max(0, m.x - r);
    const x1 = Math.min(width - 1, m.x + r);
    const y1 = Math.min(height - 1, m.y + r);
    for (let y = Math.max(0, m.y - r); y <= y1; y++) {
      const wy = w[y - m.y + r];
      for (let x = x0, i = y * width + x0, j = x0 - m.x + r; x <= x1; x++, i++, j++) {
        const k = wy * w[j];
        const a = gx[i];
        const b = gy[i];
        sxx += k * (a * a - b * b);
        sxy += k * 2 * a * b;
      }
    }
    if (sxx === 0 && sxy === 0) return m;
    // The gradient runs across the ridges; the ridge axis is at right angles to it.
    const axis = 0.5 * Math.atan2(sxy, sxx) + Math.PI / 2;
    const angle = Math.cos(axis - m.angle) >= 0 ? axis : axis + Math.PI;
    return { ...m, angle: Math.atan2(Math.sin(angle), Math.cos(angle)) };
  });
}
