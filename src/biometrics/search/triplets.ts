import { SEARCH_TRIPLET_ANGLE_BINS, SEARCH_TRIPLET_DISTANCE_BIN, SEARCH_TRIPLET_DISTANCE_BINS, SEARCH_TRIPLET_NEIGHBOURS } from '../parameters.ts';
import type { FingerTemplate } from '../template/types.ts';

const TWO_PI = 2 * Math.PI;
const A = SEARCH_TRIPLET_ANGLE_BINS;
const D = SEARCH_TRIPLET_DISTANCE_BINS;

/**
 * Index keys of a finger: for every minutia and every two of its nearest neighbours, the triplet's
 * shape seen from the minutia (both distances, both bearings, both neighbour directions, quantised),
 * which rotation and translation do not change. The two neighbours are put in a canonical order
 * (by bearing, then distance) so the key does not depend on which was nearer. Distinct keys only.
 */
export function triplets(t: FingerTemplate): number[] {
  const scale = t.ppi > 0 ? 500 / t.ppi : 1;
  const ms = t.minutiae;
  const n = ms.length;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = ms[i].x * scale;
    y[i] = ms[i].y * scale;
    a[i] = wrap(TWO_PI - ms[i].angle);
  }
  const keys = new Set<number>();
  const K = SEARCH_TRIPLET_NEIGHBOURS;
  const nearJ = new Int32Array(K);
  const nearD = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    let found = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = Math.hypot(x[j] - x[i], y[j] - y[i]);
      if (d === 0 || d >= D * SEARCH_TRIPLET_DISTANCE_BIN) continue;
      // Insertion into the K nearest so far.
      let k = Math.min(found, K - 1);
      if (found === K && d >= nearD[K - 1]) continue;
      while (k > 0 && nearD[k - 1] > d) {
        nearD[k] = nearD[k - 1];
        nearJ[k] = nearJ[k - 1];
        k--;
      }
      nearD[k] = d;
      nearJ[k] = j;
      if (found < K) found++;
    }
    for (let p = 0; p < found; p++) {
      for (let q = p + 1; q < found; q++) {
        let e1 = edge(i, nearJ[p], nearD[p], x, y, a);
        let e2 = edge(i, nearJ[q], nearD[q], x, y, a);
        if (e2 < e1) [e1, e2] = [e2, e1];
        keys.add(e1 * (D * A * A) + e2);
      }
    }
  }
  return [...keys];
}

/** One quantised edge from minutia i to j: bearing bin, distance bin, direction bin. */
function edge(i: number, j: number, d: number, x: Float32Array, y: Float32Array, a: Float32Array): number {
  const bearing = wrap(Math.atan2(y[j] - y[i], x[j] - x[i]) - a[i]);
  const direction = wrap(a[j] - a[i]);
  const b = Math.floor((bearing / TWO_PI) * A) % A;
  const c = Math.floor((direction / TWO_PI) * A) % A;
  return (b * D + Math.floor(d / SEARCH_TRIPLET_DISTANCE_BIN)) * A + c;
}

function wrap(v: number): number {
  v %= TWO_PI;
  return v < 0 ? v + TWO_PI : v;
}
