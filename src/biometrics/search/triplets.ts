import { SEARCH_TRIPLET_ANGLE_BINS, SEARCH_TRIPLET_DISTANCE_BIN, SEARCH_TRIPLET_DISTANCE_BINS, SEARCH_TRIPLET_NEIGHBOURS } from '../parameters.ts';
import { sortByDigit } from '../sort-by-digit.ts';
import type { FingerTemplate } from '../template/types.ts';

const TWO_PI = 2 * Math.PI;
const A = SEARCH_TRIPLET_ANGLE_BINS;
const D = SEARCH_TRIPLET_DISTANCE_BINS;
/** Distinct triplet keys: two quantised edges of D * A * A values each. */
export const TRIPLET_KEYS = (D * A * A) ** 2;
// triplets sorts its keys in two radix passes of 10 bits.
if (TRIPLET_KEYS > 1 << 20) throw new Error(`${TRIPLET_KEYS} triplet keys: at most 2^20 fit the key sort (see SEARCH_TRIPLET_DISTANCE_BINS, SEARCH_TRIPLET_ANGLE_BINS)`);

/**
 * Index keys of a finger: for every minutia and every two of its nearest neighbours, the triplet's
 * shape seen from the minutia (both distances, both bearings, both neighbour directions, quantised),
 * which rotation and translation do not change. The two neighbours are put in a canonical order
 * (by bearing, then distance) so the key does not depend on which was nearer. Distinct keys only.
 */
export function triplets(t: FingerTemplate): Uint32Array {
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
  const K = SEARCH_TRIPLET_NEIGHBOURS;
  const keys = new Uint32Array((n * K * (K - 1)) / 2);
  let count = 0;
  const nearJ = new Int32Array(K);
  const nearD = new Float64Array(K);
  const edges = new Int32Array(K);
  const reach = D * SEARCH_TRIPLET_DISTANCE_BIN;
  for (let i = 0; i < n; i++) {
    let found = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = x[j] - x[i];
      const dy = y[j] - y[i];
      const d = Math.sqrt(dx * dx + dy * dy);
      if (d === 0 || d >= reach) continue;
      // Insertion into the K nearest so far.
      if (found === K && d >= nearD[K - 1]) continue;
      let k = Math.min(found, K - 1);
      while (k > 0 && nearD[k - 1] > d) {
        nearD[k] = nearD[k - 1];
        nearJ[k] = nearJ[k - 1];
        k--;
      }
      nearD[k] = d;
      nearJ[k] = j;
      if (found < K) found++;
    }
    for (let p = 0; p < found; p++) edges[p] = edge(i, nearJ[p], nearD[p], x, y, a);
    for (let p = 0; p < found; p++) {
      for (let q = p + 1; q < found; q++) {
        const e1 = Math.min(edges[p], edges[q]);
        const e2 = Math.max(edges[p], edges[q]);
        keys[count++] = e1 * (D * A * A) + e2;
      }
    }
  }
  // Distinct keys, ascending: keys are below 2^20, so two 10-bit radix passes sort them.
  const swap = new Uint32Array(count);
  sortByDigit(keys, swap, count, 0, 10);
  sortByDigit(swap, keys, count, 10, 10);
  let m = 0;
  for (let k = 0; k < count; k++) if (k === 0 || keys[k] !== keys[k - 1]) keys[m++] = keys[k];
  return keys.slice(0, m);
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
