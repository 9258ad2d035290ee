import { EDGE_ANGLE_BINS, EDGE_DISTANCE_BIN, GRID_CELL, LOCAL_ANGLE_TOLERANCE, LOCAL_DISTANCE_SHARE, LOCAL_DISTANCE_TOLERANCE, MATCH_MAX_MINUTIAE, NEIGHBOUR_MAX_DISTANCE, NEIGHBOURS } from '../parameters.ts';
import type { FingerTemplate } from '../template/types.ts';

const TWO_PI = 2 * Math.PI;
const DISTANCE_BINS = Math.ceil(NEIGHBOUR_MAX_DISTANCE / EDGE_DISTANCE_BIN) + 1;
export const EDGE_BUCKETS = DISTANCE_BINS * EDGE_ANGLE_BINS * EDGE_ANGLE_BINS;
/** Edge lengths are stored in units of this many pixels (0..255 covers NEIGHBOUR_MAX_DISTANCE)... */
export const LENGTH_UNIT = NEIGHBOUR_MAX_DISTANCE / 255;
/** ...and edge angles in 256ths of a turn (1.4 degrees, the resolution of ISO 19794-2 angles). */
export const ANGLE_UNIT = TWO_PI / 256;

/**
 * A template ready for many comparisons (500 ppi coordinates, y down, angles in image
 * coordinates), all in typed arrays:
 * - edges: each minutia to each of its nearest neighbours, described relative to the minutia
 *   (length, bearing of the neighbour, the neighbour's direction): invariant to rotation and
 *   translation, quantised to one byte each and packed in one 32-bit word (length | bearing << 8 |
 *   direction << 16, and in hash entries the minutia's index << 24), so the hot loop reads one word
 *   per look-alike and compares integers. Edges are hashed by their quantised shape (CSR buckets),
 *   each edge entered in every bucket its tolerance box reaches, so a probe edge finds its
 *   look-alikes with one bucket read.
 * - grid: minutiae by cells of GRID_CELL pixels, to find pairing partners after alignment.
 */
export interface PreparedTemplate {
  count: number;
  x: Float32Array;
  y: Float32Array;
  angle: Float32Array;
  /** Neighbours per minutia (its edges are edges i*NEIGHBOURS .. + neighbours[i]). */
  neighbours: Uint8Array;
  /** Packed shape of each edge (see above), read when this template is the probe... */
  edgeShape: Uint32Array;
  /** ...and the hash bucket it reads. */
  edgeKey: Uint16Array;
  bucketStart: Uint16Array;
  /** Packed shapes with their minutia, by bucket. */
  bucketEntries: Uint32Array;
  gridX0: number;
  gridY0: number;
  /** Largest x and y of a minutia (the smallest are gridX0, gridY0). */
  maxX: number;
  maxY: number;
  gridW: number;
  gridH: number;
  cellStart: Uint16Array;
  cellMinutiae: Uint8Array;
}

export function prepareTemplate(t: FingerTemplate): PreparedTemplate {
  const scale = t.ppi > 0 ? 500 / t.ppi : 1;
  const ms = [...t.minutiae].sort((a, b) => b.quality - a.quality).slice(0, MATCH_MAX_MINUTIAE);
  const n = ms.length;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const angle = new Float32Array(n);
  ms.forEach((m, i) => {
    x[i] = m.x * scale;
    y[i] = m.y * scale;
    // Template angles are counter-clockwise with y up; work in image coordinates (y down).
    angle[i] = wrap(TWO_PI - m.angle);
  });
  const edges = n * NEIGHBOURS;
  const neighbours = new Uint8Array(n);
  const edgeLength = new Float32Array(edges);
  const edgeBearing = new Float32Array(edges);
  const edgeDirection = new Float32Array(edges);
  const order: { j: number; d: number }[] = [];
  for (let i = 0; i < n; i++) {
    order.length = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = Math.hypot(x[j] - x[i], y[j] - y[i]);
      if (d > 0 && d <= NEIGHBOUR_MAX_DISTANCE) order.push({ j, d });
    }
    order.sort((a, b) => a.d - b.d);
    const k = Math.min(NEIGHBOURS, order.length);
    neighbours[i] = k;
    for (let s = 0; s < k; s++) {
      const e = i * NEIGHBOURS + s;
      const { j, d } = order[s];
      edgeLength[e] = d;
      edgeBearing[e] = wrap(Math.atan2(y[j] - y[i], x[j] - x[i]) - angle[i]);
      edgeDirection[e] = wrap(angle[j] - angle[i]);
    }
  }
  const edgeKey = new Uint16Array(edges);
  const edgeShape = new Uint32Array(edges);
  for (let e = 0; e < edges; e++) {
    edgeKey[e] = edgeBucket(edgeLength[e], edgeBearing[e], edgeDirection[e]);
    edgeShape[e] = Math.min(255, Math.round(edgeLength[e] / LENGTH_UNIT)) | ((Math.round(edgeBearing[e] / ANGLE_UNIT) & 255) << 8) | ((Math.round(edgeDirection[e] / ANGLE_UNIT) & 255) << 16);
  }
  // Hash: each edge goes to the (at most 2 x 2 x 2) buckets its tolerance box overlaps; two passes
  // (count, then fill) build the CSR arrays without a list per bucket.
  const angleBin = TWO_PI / EDGE_ANGLE_BINS;
  const bucketStart = new Uint16Array(EDGE_BUCKETS + 1);
  let total = 0;
  // At most 5 distance x 3 x 3 angle bins per edge with the tolerances of parameters.ts.
  const entries = new Int32Array(n * NEIGHBOURS * 48 * 2);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < neighbours[i]; s++) {
      const e = i * NEIGHBOURS + s;
      const dTol = LOCAL_DISTANCE_TOLERANCE + LOCAL_DISTANCE_SHARE * edgeLength[e];
      const [d0, d1] = binRange(edgeLength[e], dTol, EDGE_DISTANCE_BIN);
      const [b0, b1] = binRange(edgeBearing[e], LOCAL_ANGLE_TOLERANCE, angleBin);
      const [c0, c1] = binRange(edgeDirection[e], LOCAL_ANGLE_TOLERANCE, angleBin);
      for (let d = d0; d <= d1; d++) {
        const dd = Math.max(0, Math.min(DISTANCE_BINS - 1, d));
        if (d > d0 && dd === Math.max(0, Math.min(DISTANCE_BINS - 1, d - 1))) continue;
        for (let b = b0; b <= b1; b++) {
          const bb = ((b % EDGE_ANGLE_BINS) + EDGE_ANGLE_BINS) % EDGE_ANGLE_BINS;
          if (b > b0 && bb === ((b0 % EDGE_ANGLE_BINS) + EDGE_ANGLE_BINS) % EDGE_ANGLE_BINS) continue;
          for (let c = c0; c <= c1; c++) {
            const cc = ((c % EDGE_ANGLE_BINS) + EDGE_ANGLE_BINS) % EDGE_ANGLE_BINS;
            if (c > c0 && cc === ((c0 % EDGE_ANGLE_BINS) + EDGE_ANGLE_BINS) % EDGE_ANGLE_BINS) continue;
            const k = (dd * EDGE_ANGLE_BINS + bb) * EDGE_ANGLE_BINS + cc;
            entries[total * 2] = k;
            entries[total * 2 + 1] = e;
            total++;
            bucketStart[k + 1]++;
          }
        }
      }
    }
  }
  for (let k = 0; k < EDGE_BUCKETS; k++) bucketStart[k + 1] += bucketStart[k];
  const bucketEntries = new Uint32Array(total);
  const fill = bucketStart.slice(0, EDGE_BUCKETS);
  for (let t = 0; t < total; t++) {
    const e = entries[t * 2 + 1];
    bucketEntries[fill[entries[t * 2]]++] = (edgeShape[e] | (((e / NEIGHBOURS) | 0) << 24)) >>> 0;
  }
  // Grid of minutiae by cell.
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) (x0 = Math.min(x0, x[i])), (y0 = Math.min(y0, y[i])), (x1 = Math.max(x1, x[i])), (y1 = Math.max(y1, y[i]));
  if (n === 0) x0 = y0 = x1 = y1 = 0;
  const gridW = Math.floor((x1 - x0) / GRID_CELL) + 1;
  const gridH = Math.floor((y1 - y0) / GRID_CELL) + 1;
  const cells: number[][] = Array.from({ length: gridW * gridH }, () => []);
  for (let i = 0; i < n; i++) cells[Math.floor((y[i] - y0) / GRID_CELL) * gridW + Math.floor((x[i] - x0) / GRID_CELL)].push(i);
  const cellStart = new Uint16Array(cells.length + 1);
  const cellMinutiae = new Uint8Array(n);
  let at = 0;
  cells.forEach((l, k) => {
    cellStart[k] = at;
    for (const i of l) cellMinutiae[at++] = i;
  });
  cellStart[cells.length] = at;
  return { count: n, x, y, angle, neighbours, edgeShape, edgeKey, bucketStart, bucketEntries, gridX0: x0, gridY0: y0, maxX: x1, maxY: y1, gridW, gridH, cellStart, cellMinutiae };
}

/** First and last (unwrapped, unclamped) bin of width w that [v - tol, v + tol] overlaps. */
function binRange(v: number, tol: number, w: number): [number, number] {
  return [Math.floor((v - tol) / w), Math.floor((v + tol) / w)];
}

/** The bucket a probe edge reads. */
export function edgeBucket(length: number, bearing: number, direction: number): number {
  const angleBin = TWO_PI / EDGE_ANGLE_BINS;
  const d = Math.min(DISTANCE_BINS - 1, Math.floor(length / EDGE_DISTANCE_BIN));
  return (d * EDGE_ANGLE_BINS + (Math.floor(bearing / angleBin) % EDGE_ANGLE_BINS)) * EDGE_ANGLE_BINS + (Math.floor(direction / angleBin) % EDGE_ANGLE_BINS);
}

/** Angle in [0, 2 pi). */
export function wrap(a: number): number {
  a %= TWO_PI;
  return a < 0 ? a + TWO_PI : a;
}
