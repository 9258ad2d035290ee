import { SEARCH_TRIPLET_ANGLE_BINS, SEARCH_TRIPLET_DISTANCE_BIN, SEARCH_TRIPLET_DISTANCE_BINS, SEARCH_TRIPLET_NEIGHBOURS } from '../parameters.ts';
import { wrap } from '../match/prepared-template.ts';
import { addNearest } from '../nearest-list.ts';
import { sortByDigit } from '../sort-by-digit.ts';
import type { FingerTemplate } from '../template/types.ts';

const TWO_PI = 2 * Math.PI;
const A = SEARCH_TRIPLET_ANGLE_BINS;
const D = SEARCH_TRIPLET_DISTANCE_BINS;
const EDGES = D * A * A;
/**
 * Distinct triplet keys: unordered pairs of quantised edges of EDGES values each, numbered
 * e2 (e2 + 1) / 2 + e1 for e1 <= e2 (e1 * EDGES + e2 left half the offsets tables unused, and
 * those tables are read once per probe key: the smaller they are, the more of them stays cached).
 */
export const TRIPLET_KEYS = (EDGES * (EDGES + 1)) / 2;
// triplets sorts its keys in two radix passes of 10 bits.
if (TRIPLET_KEYS > 1 << 20) throw new Error(`${TRIPLET_KEYS} triplet keys: at most 2^20 fit the key sort (see SEARCH_TRIPLET_DISTANCE_BINS, SEARCH_TRIPLET_ANGLE_BINS)`);
const K = SEARCH_TRIPLET_NEIGHBOURS;
const REACH = D * SEARCH_TRIPLET_DISTANCE_BIN;
const edges = new Int32Array(K);
/**
 * Scratch of triplets (one finger at a time per thread), grown to the largest finger seen:
 * positions and angles, each minutia's nearest neighbours (index, distance) and their count, the keys.
 */
let x = new Float32Array(0);
let y = x;
let a = x;
let nearJ = new Int32Array(0);
let nearD = new Float64Array(0);
let found = new Uint8Array(0);
let keys = new Uint32Array(0);
let keysSwap = keys;

function grow(n: number): void {
  x = new Float32Array(n);
  y = new Float32Array(n);
  a = new Float32Array(n);
  nearJ = new Int32Array(n * K);
  nearD = new Float64Array(n * K);
  found = new Uint8Array(n);
  keys = new Uint32Array((n * K * (K - 1)) / 2);
  keysSwap = new Uint32Array(keys.length);
}

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
  if (x.length < n) grow(n);
  for (let i = 0; i < n; i++) {
    x[i] = ms[i].x * scale;
    y[i] = ms[i].y * scale;
    a[i] = wrap(TWO_PI - ms[i].angle);
  }
  // Each minutia's K nearest by insertion into a sorted list per minutia (ties: lower index first).
  // A pair's distance is computed once for both lists; each list still sees its candidates in
  // index order (those below it from earlier rows, then those of its own row).
  found.fill(0, 0, n);
  for (let i = 0; i < n; i++) {
    const xi = x[i], yi = y[i];
    for (let j = i + 1; j < n; j++) {
      const dx = x[j] - xi;
      const dy = y[j] - yi;
      const dd = dx * dx + dy * dy;
      // Most pairs are out of reach: turned away before the square root (REACH is whole, so its
      // square is exact, and dd >= REACH^2 means sqrt(dd) >= REACH).
      if (dd >= REACH * REACH) continue;
      const d = Math.sqrt(dd);
      if (d === 0 || d >= REACH) continue;
      addNearest(found, nearJ, nearD, K, i, j, d);
      addNearest(found, nearJ, nearD, K, j, i, d);
    }
  }
  let count = 0;
  for (let i = 0; i < n; i++) {
    const first = i * K;
    const last = first + found[i];
    for (let p = first; p < last; p++) edges[p - first] = edge(i, nearJ[p], nearD[p]);
    for (let p = 0; p < last - first; p++) {
      for (let q = p + 1; q < last - first; q++) {
        const e1 = Math.min(edges[p], edges[q]);
        const e2 = Math.max(edges[p], edges[q]);
        keys[count++] = (e2 * (e2 + 1)) / 2 + e1;
      }
    }
  }
  // Distinct keys, ascending: keys are below 2^20, so two 10-bit radix passes sort them.
  sortByDigit(keys, keysSwap, count, 0, 10);
  sortByDigit(keysSwap, keys, count, 10, 10);
  let m = 0;
  for (let k = 0; k < count; k++) if (k === 0 || keys[k] !== keys[k - 1]) keys[m++] = keys[k];
  return keys.slice(0, m);
}

/** One quantised edge from minutia i to j: bearing bin, distance bin, direction bin. */
function edge(i: number, j: number, d: number): number {
  const bearing = wrap(Math.atan2(y[j] - y[i], x[j] - x[i]) - a[i]);
  const direction = wrap(a[j] - a[i]);
  const b = Math.floor((bearing / TWO_PI) * A) % A;
  const c = Math.floor((direction / TWO_PI) * A) % A;
  return (b * D + Math.floor(d / SEARCH_TRIPLET_DISTANCE_BIN)) * A + c;
}
