import { CANDIDATE_NEIGHBOURS, EDGE_ANGLE_BINS, EDGE_DISTANCE_BIN, GRID_CELL, LOCAL_ANGLE_TOLERANCE, LOCAL_DISTANCE_SHARE, LOCAL_DISTANCE_TOLERANCE, MATCH_MAX_MINUTIAE, NEIGHBOUR_MAX_DISTANCE, NEIGHBOURS } from '../parameters.ts';
import { addNearest } from '../nearest-list.ts';
import { sortByDigit } from '../sort-by-digit.ts';
import type { FingerTemplate } from '../template/types.ts';

const TWO_PI = 2 * Math.PI;
const MAX_DISTANCE_SQUARED = NEIGHBOUR_MAX_DISTANCE * NEIGHBOUR_MAX_DISTANCE;
/**
 * Bucket and entry of each (bucket, edge) pair of the hash being built, reused by every build (one
 * at a time per thread): at most 5 distance x 3 x 3 angle bins per edge with the tolerances of
 * parameters.ts.
 */
const scratchBucket = new Uint16Array(MATCH_MAX_MINUTIAE * NEIGHBOURS * 48);
const scratchEntry = new Uint32Array(scratchBucket.length);
/** prepareTemplate's scratch (one preparation at a time per thread): the minutiae kept, best first. */
const kept = new Int32Array(MATCH_MAX_MINUTIAE);
const keptQuality = new Float64Array(MATCH_MAX_MINUTIAE);
/** ...each minutia's nearest neighbours (index, squared distance, by edge), the look-ups, each minutia's cell. */
const nearJ = new Int32Array(MATCH_MAX_MINUTIAE * NEIGHBOURS);
const nearD = new Float64Array(MATCH_MAX_MINUTIAE * NEIGHBOURS);
const order = new Uint32Array(MATCH_MAX_MINUTIAE * CANDIDATE_NEIGHBOURS);
const orderSwap = new Uint32Array(order.length);
const cellOf = new Int32Array(MATCH_MAX_MINUTIAE);
const DISTANCE_BINS = Math.ceil(NEIGHBOUR_MAX_DISTANCE / EDGE_DISTANCE_BIN) + 1;
export const EDGE_BUCKETS = DISTANCE_BINS * EDGE_ANGLE_BINS * EDGE_ANGLE_BINS;
// prepareTemplate sorts look-ups as bucket << 20 | edge in 32 bits, and buckets are Uint16 elsewhere.
if (EDGE_BUCKETS > 1 << 12) throw new Error(`${EDGE_BUCKETS} edge hash buckets: at most 4096 fit the packed look-up order (see EDGE_DISTANCE_BIN, EDGE_ANGLE_BINS)`);
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
 * - grid: minutiae by square cells of GRID_CELL pixels (wider for a template spanning more than 31
 *   cells), to find pairing partners after alignment; each grid row's occupied cells also as the
 *   bits of one 32-bit mask, so the search skips the empty cells (most of them) without reading them.
 */
export interface PreparedTemplate {
  count: number;
  x: Float32Array;
  y: Float32Array;
  angle: Float32Array;
  /** Neighbours per minutia (its edges are edges i*NEIGHBOURS .. + neighbours[i]). */
  neighbours: Uint8Array;
  /** Packed shape of each edge (see above): the probe's hash is built from them. */
  edgeShape: Uint32Array;
  /**
   * The edges this template looks up when it is the candidate (each minutia's CANDIDATE_NEIGHBOURS
   * nearest), ordered by the bucket they read, so the probe's hash is read in one forward sweep:
   * packed shape | minutia << 24, and the bucket.
   */
  lookupShape: Uint32Array;
  lookupKey: Uint16Array;
  /**
   * The edge hash, read only when this template is the probe: built on first use (buildEdgeHash), so a
   * gallery finger prepared for one search as the candidate never pays for it.
   */
  bucketStart: Uint16Array | null;
  /** Packed shapes with their minutia, by bucket. */
  bucketEntries: Uint32Array | null;
  gridX0: number;
  gridY0: number;
  /** Largest x and y of a minutia (the smallest are gridX0, gridY0). */
  maxX: number;
  maxY: number;
  cellSize: number;
  gridW: number;
  gridH: number;
  cellStart: Uint16Array;
  cellMinutiae: Uint8Array;
  /** Bit g of rowMask[r]: cell (g, r) holds a minutia. */
  rowMask: Int32Array;
}

export function prepareTemplate(t: FingerTemplate): PreparedTemplate {
  const scale = t.ppi > 0 ? 500 / t.ppi : 1;
  // The MATCH_MAX_MINUTIAE best by quality, ties in template order (what a stable sort by quality
  // and a cut give), by insertion into a list that keeps no more.
  const all = t.minutiae;
  let n = 0;
  for (let m = 0; m < all.length; m++) {
    const q = all[m].quality;
    if (n === MATCH_MAX_MINUTIAE && !(q > keptQuality[n - 1])) continue;
    let at = n < MATCH_MAX_MINUTIAE ? n++ : n - 1;
    while (at > 0 && keptQuality[at - 1] < q) {
      keptQuality[at] = keptQuality[at - 1];
      kept[at] = kept[at - 1];
      at--;
    }
    keptQuality[at] = q;
    kept[at] = m;
  }
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const angle = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const m = all[kept[i]];
    x[i] = m.x * scale;
    y[i] = m.y * scale;
    // Template angles are counter-clockwise with y up; work in image coordinates (y down).
    angle[i] = wrap(TWO_PI - m.angle);
  }
  const edges = n * NEIGHBOURS;
  const neighbours = new Uint8Array(n);
  const edgeShape = new Uint32Array(edges);
  // Each minutia's nearest neighbours by insertion into a short sorted list per minutia (ties: lower
  // index first). A pair's distance is computed once for both lists; each list still sees its
  // candidates in index order (those below it from earlier rows, then those of its own row).
  for (let i = 0; i < n; i++) {
    const xi = x[i], yi = y[i];
    for (let j = i + 1; j < n; j++) {
      // Squared distances while choosing (Math.hypot is several times slower than the square root).
      const dx = x[j] - xi;
      const dy = y[j] - yi;
      const d = dx * dx + dy * dy;
      if (!(d > 0 && d <= MAX_DISTANCE_SQUARED)) continue;
      addNearest(neighbours, nearJ, nearD, NEIGHBOURS, i, j, d);
      addNearest(neighbours, nearJ, nearD, NEIGHBOURS, j, i, d);
    }
  }
  let lookups = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i], yi = y[i], ai = angle[i];
    const k = neighbours[i];
    for (let s = 0; s < k; s++) {
      const e = i * NEIGHBOURS + s;
      const j = nearJ[e];
      // An edge's length, bearing and direction in single precision, as its definition keeps them.
      const length = Math.fround(Math.sqrt(nearD[e]));
      const bearing = Math.fround(wrap(Math.atan2(y[j] - yi, x[j] - xi) - ai));
      const direction = Math.fround(wrap(angle[j] - ai));
      edgeShape[e] = Math.min(255, Math.round(length / LENGTH_UNIT)) | ((Math.round(bearing / ANGLE_UNIT) & 255) << 8) | ((Math.round(direction / ANGLE_UNIT) & 255) << 16);
      // Look-ups as bucket << 20 | edge (buckets < 2^12, edges < 2^20), sorted as plain numbers.
      if (s < CANDIDATE_NEIGHBOURS) order[lookups++] = ((edgeBucket(length, bearing, direction) << 20) | e) >>> 0;
    }
  }
  // By bucket, then edge: the look-ups came by edge, so a stable sort by the bucket alone (two
  // counting passes of 6 bits) orders them as numbers, with far less work than a general sort.
  sortByDigit(order, orderSwap, lookups, 20, 6);
  sortByDigit(orderSwap, order, lookups, 26, 6);
  const lookupShape = new Uint32Array(lookups);
  const lookupKey = new Uint16Array(lookups);
  for (let q = 0; q < lookups; q++) {
    const e = order[q] & 0xfffff;
    lookupShape[q] = (edgeShape[e] | (((e / NEIGHBOURS) | 0) << 24)) >>> 0;
    lookupKey[q] = order[q] >>> 20;
  }
  // Grid of minutiae by cell.
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) (x0 = Math.min(x0, x[i])), (y0 = Math.min(y0, y[i])), (x1 = Math.max(x1, x[i])), (y1 = Math.max(y1, y[i]));
  if (n === 0) x0 = y0 = x1 = y1 = 0;
  const cellSize = Math.max(GRID_CELL, Math.ceil((x1 - x0) / 30));
  // Cells by multiplying with the reciprocal, as compare.ts's pairing finds them: a minutia is then
  // in the cell the search computes for its position (x / s and x * (1 / s) can round apart).
  const perCell = 1 / cellSize;
  const gridW = Math.floor((x1 - x0) * perCell) + 1;
  const gridH = Math.floor((y1 - y0) * perCell) + 1;
  // Minutiae by cell (CSR, no list per cell): counts, running sums to each cell's end, then a
  // backward fill that leaves each cell's start behind and its minutiae in index order.
  const cellCount = gridW * gridH;
  const cellStart = new Uint16Array(cellCount + 1);
  const rowMask = new Int32Array(gridH);
  for (let i = 0; i < n; i++) {
    const row = Math.floor((y[i] - y0) * perCell);
    const column = Math.floor((x[i] - x0) * perCell);
    cellOf[i] = row * gridW + column;
    cellStart[cellOf[i]]++;
    rowMask[row] |= 1 << column;
  }
  for (let k = 0, end = 0; k < cellCount; k++) cellStart[k] = end += cellStart[k];
  cellStart[cellCount] = n;
  const cellMinutiae = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) cellMinutiae[--cellStart[cellOf[i]]] = i;
  return { count: n, x, y, angle, neighbours, edgeShape, lookupShape, lookupKey, bucketStart: null, bucketEntries: null, gridX0: x0, gridY0: y0, maxX: x1, maxY: y1, cellSize, gridW, gridH, cellStart, cellMinutiae, rowMask };
}

/**
 * The bins an edge's tolerance box overlaps, by the byte of its packed shape (a box depends on
 * nothing else): distance bins clamped to the table, angle bins unwrapped (-1 .. EDGE_ANGLE_BINS).
 * The same expressions as an edge-by-edge computation, evaluated once per byte value.
 */
const lengthBinLow = new Uint8Array(256);
const lengthBinHigh = new Uint8Array(256);
const angleBinLow = new Int8Array(256);
const angleBinHigh = new Int8Array(256);
for (let v = 0; v < 256; v++) {
  const length = v * LENGTH_UNIT;
  const dTol = LOCAL_DISTANCE_TOLERANCE + LOCAL_DISTANCE_SHARE * length;
  const clamp = (d: number) => (d < 0 ? 0 : d >= DISTANCE_BINS ? DISTANCE_BINS - 1 : d);
  lengthBinLow[v] = clamp(Math.floor((length - dTol) / EDGE_DISTANCE_BIN));
  lengthBinHigh[v] = clamp(Math.floor((length + dTol) / EDGE_DISTANCE_BIN));
  const angle = v * ANGLE_UNIT;
  const angleBin = TWO_PI / EDGE_ANGLE_BINS;
  angleBinLow[v] = Math.floor((angle - LOCAL_ANGLE_TOLERANCE) / angleBin);
  angleBinHigh[v] = Math.floor((angle + LOCAL_ANGLE_TOLERANCE) / angleBin);
}

/**
 * The template's edge hash (built once, on its first comparison as the probe): each edge goes to
 * the buckets its tolerance box overlaps, taken from its packed shape so the box is exactly the one
 * the agreement test of compare.ts sees. Two passes (count, then fill) build the CSR arrays without
 * a list per bucket.
 */
export function buildEdgeHash(t: PreparedTemplate): void {
  const { count: n, neighbours, edgeShape } = t;
  if (edgeShape === NO_EDGES && n > 0) throw new Error('a packed candidate (unpackCandidate) cannot be the probe of a comparison: its edges are not kept');
  const bucketStart = new Uint16Array(EDGE_BUCKETS + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let e = i * NEIGHBOURS, last = e + neighbours[i]; e < last; e++) {
      const shape = edgeShape[e];
      const entry = (shape | (i << 24)) >>> 0;
      const length = shape & 255;
      const bearing = (shape >>> 8) & 255;
      const direction = shape >>> 16;
      const d1 = lengthBinHigh[length];
      const b0 = angleBinLow[bearing], b1 = angleBinHigh[bearing];
      const c0 = angleBinLow[direction], c1 = angleBinHigh[direction];
      // An angle window is far narrower than a turn, so wrapping never folds two of its bins onto one.
      for (let d = lengthBinLow[length]; d <= d1; d++) {
        for (let b = b0; b <= b1; b++) {
          const bb = b < 0 ? b + EDGE_ANGLE_BINS : b >= EDGE_ANGLE_BINS ? b - EDGE_ANGLE_BINS : b;
          for (let c = c0; c <= c1; c++) {
            const cc = c < 0 ? c + EDGE_ANGLE_BINS : c >= EDGE_ANGLE_BINS ? c - EDGE_ANGLE_BINS : c;
            const k = (d * EDGE_ANGLE_BINS + bb) * EDGE_ANGLE_BINS + cc;
            scratchBucket[total] = k;
            scratchEntry[total++] = entry;
            bucketStart[k]++;
          }
        }
      }
    }
  }
  // Counts to bucket ends (the running sum kept in a local, not re-read from the array), then a
  // backward fill leaves each bucket's start behind and keeps a bucket's entries in the order they
  // came, with no copy of the starts to fill from.
  for (let k = 0, end = 0; k < EDGE_BUCKETS; k++) bucketStart[k] = end += bucketStart[k];
  bucketStart[EDGE_BUCKETS] = total;
  const bucketEntries = new Uint32Array(total);
  for (let q = total - 1; q >= 0; q--) bucketEntries[--bucketStart[scratchBucket[q]]] = scratchEntry[q];
  t.bucketStart = bucketStart;
  t.bucketEntries = bucketEntries;
}

/** The bucket a probe edge reads. */
export function edgeBucket(length: number, bearing: number, direction: number): number {
  const angleBin = TWO_PI / EDGE_ANGLE_BINS;
  const d = Math.min(DISTANCE_BINS - 1, Math.floor(length / EDGE_DISTANCE_BIN));
  return (d * EDGE_ANGLE_BINS + (Math.floor(bearing / angleBin) % EDGE_ANGLE_BINS)) * EDGE_ANGLE_BINS + (Math.floor(direction / angleBin) % EDGE_ANGLE_BINS);
}

/**
 * Angle in [0, 2 pi): a % 2 pi, plus 2 pi when negative (2 pi itself when a tiny negative angle
 * rounds up). For |a| < 4 pi, where every angle and angle difference of a template lies, the same
 * double without the division: there a % 2 pi is a, a - 2 pi or a + 2 pi, and that subtraction is
 * exact (Sterbenz: of two doubles within a factor of two).
 */
export function wrap(a: number): number {
  if (a >= 0) {
    if (a < TWO_PI) return a;
    if (a < 2 * TWO_PI) return a - TWO_PI;
  } else if (a > -TWO_PI) return a + TWO_PI;
  else if (a < -TWO_PI && a > -2 * TWO_PI) return a + TWO_PI + TWO_PI;
  a %= TWO_PI;
  return a < 0 ? a + TWO_PI : a;
}

/** Words before a packed candidate's arrays: count, look-ups, grid width and height, cell size (Int32), grid origin and far corner (Float32). */
const PACKED_HEADER = 9;

/**
 * Bytes of a template's packed candidate side (see packCandidate), a multiple of 4: the header,
 * then x, y, angle (Float32), lookupShape (Uint32), rowMask (Int32), lookupKey and cellStart
 * (Uint16), neighbours and cellMinutiae (Uint8), each run starting where the last ended, padded
 * to 4 bytes after the Uint16 and Uint8 runs.
 */
export function packedCandidateBytes(t: PreparedTemplate): number {
  const n = t.count;
  const words = PACKED_HEADER + 3 * n + t.lookupShape.length + t.gridH;
  const halves = t.lookupKey.length + t.cellStart.length;
  return 4 * words + 4 * Math.ceil(halves / 2) + 4 * Math.ceil((2 * n) / 4);
}

/**
 * Writes what a comparison reads of a template when it is the candidate into `into` at byte
 * `at` (a multiple of 4; packedCandidateBytes(t) of room): a gallery keeps its fingers so, in
 * shared memory, and a search reads them in place instead of preparing each candidate anew.
 * Returns the byte after it.
 */
export function packCandidate(t: PreparedTemplate, into: Uint8Array, at: number): number {
  const base = into.byteOffset + at;
  const n = t.count;
  const lookups = t.lookupShape.length;
  const head = new Int32Array(into.buffer, base, 5);
  head[0] = n;
  head[1] = lookups;
  head[2] = t.gridW;
  head[3] = t.gridH;
  head[4] = t.cellSize;
  new Float32Array(into.buffer, base + 20, 4).set([t.gridX0, t.gridY0, t.maxX, t.maxY]);
  let o = base + 4 * PACKED_HEADER;
  for (const a of [t.x, t.y, t.angle]) {
    new Float32Array(into.buffer, o, n).set(a);
    o += 4 * n;
  }
  new Uint32Array(into.buffer, o, lookups).set(t.lookupShape);
  o += 4 * lookups;
  new Int32Array(into.buffer, o, t.gridH).set(t.rowMask);
  o += 4 * t.gridH;
  new Uint16Array(into.buffer, o, lookups).set(t.lookupKey);
  new Uint16Array(into.buffer, o + 2 * lookups, t.cellStart.length).set(t.cellStart);
  o += 4 * Math.ceil((lookups + t.cellStart.length) / 2);
  new Uint8Array(into.buffer, o, n).set(t.neighbours);
  new Uint8Array(into.buffer, o + n, n).set(t.cellMinutiae);
  o += 4 * Math.ceil((2 * n) / 4);
  return o - into.byteOffset;
}

const NO_EDGES = new Uint32Array(0);

/**
 * A packed candidate (packCandidate) as a PreparedTemplate whose arrays are views of that memory,
 * nothing copied. It can only be the candidate of a comparison: its edges, which a probe's hash is
 * built from, are not kept (buildEdgeHash refuses it).
 */
export function unpackCandidate(from: Uint8Array, at: number): PreparedTemplate {
  const buffer = from.buffer;
  const base = from.byteOffset + at;
  const head = new Int32Array(buffer, base, 5);
  const n = head[0], lookups = head[1], gridW = head[2], gridH = head[3], cellSize = head[4];
  const corners = new Float32Array(buffer, base + 20, 4);
  let o = base + 4 * PACKED_HEADER;
  const x = new Float32Array(buffer, o, n);
  const y = new Float32Array(buffer, (o += 4 * n), n);
  const angle = new Float32Array(buffer, (o += 4 * n), n);
  const lookupShape = new Uint32Array(buffer, (o += 4 * n), lookups);
  const rowMask = new Int32Array(buffer, (o += 4 * lookups), gridH);
  const lookupKey = new Uint16Array(buffer, (o += 4 * gridH), lookups);
  const cellStart = new Uint16Array(buffer, o + 2 * lookups, gridW * gridH + 1);
  o += 4 * Math.ceil((lookups + gridW * gridH + 1) / 2);
  const neighbours = new Uint8Array(buffer, o, n);
  const cellMinutiae = new Uint8Array(buffer, o + n, n);
  return { count: n, x, y, angle, neighbours, edgeShape: NO_EDGES, lookupShape, lookupKey, bucketStart: null, bucketEntries: null, gridX0: corners[0], gridY0: corners[1], maxX: corners[2], maxY: corners[3], cellSize, gridW, gridH, cellStart, cellMinutiae, rowMask };
}
