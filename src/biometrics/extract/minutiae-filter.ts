import { BREAK_DISTANCE, BRIDGE_DISTANCE, CLUSTER_MAX, CLUSTER_RADIUS, SPUR_LENGTH } from '../parameters.ts';
import type { RawMinutia } from './minutiae-detect.ts';

/**
 * Removes the usual false minutiae of a thinned binary print: spurs and short ridges (an ending
 * whose ridge reaches a junction or another end within SPUR_LENGTH), breaks (two endings close
 * together facing each other), bridges (two bifurcations close together), and dense clusters.
 */
export function removeFalseMinutiae(all: RawMinutia[]): RawMinutia[] {
  const drop = new Uint8Array(all.length);
  all.forEach((m, i) => {
    if (m.type === 'ending' && m.traces[0].hit !== 'free' && m.traces[0].steps < SPUR_LENGTH) drop[i] = 1;
  });
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i];
      const b = all[j];
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      if (a.type === 'ending' && b.type === 'ending' && d < BREAK_DISTANCE) {
        // Facing: each points back into its own ridge, away from the other end.
        const ab = Math.atan2(b.y - a.y, b.x - a.x);
        if (Math.cos(a.angle - ab) < -0.5 && Math.cos(b.angle - ab) > 0.5) drop[i] = drop[j] = 1;
      } else if (a.type === 'bifurcation' && b.type === 'bifurcation' && d < BRIDGE_DISTANCE) {
        drop[i] = drop[j] = 1;
      }
    }
  }
  const kept = all.filter((_, i) => !drop[i]);
  return kept.filter((a) => kept.filter((b) => b !== a && Math.hypot(a.x - b.x, a.y - b.y) < CLUSTER_RADIUS).length <= CLUSTER_MAX);
}
