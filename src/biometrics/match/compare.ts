import {
  ALIGNMENT_CANDIDATES,
  CANDIDATE_NEIGHBOURS,
  LOCAL_ANGLE_TOLERANCE,
  LOCAL_DISTANCE_SHARE,
  LOCAL_DISTANCE_TOLERANCE,
  MATCH_MAX_MINUTIAE,
  MIN_OVERLAP_MINUTIAE,
  MIN_SEED_VOTES,
  NEIGHBOURS,
  OVERLAP_EXPONENT,
  PAIR_ANGLE_TOLERANCE,
  PAIR_DISTANCE_SHARE,
  PAIR_DISTANCE_TOLERANCE,
} from '../parameters.ts';
import { ANGLE_UNIT, buildEdgeHash, LENGTH_UNIT, type PreparedTemplate } from './prepared-template.ts';

const TWO_PI = 2 * Math.PI;
// Scratch buffers reused by every comparison (one comparison at a time per thread).
const M = MATCH_MAX_MINUTIAE;
const votes = new Uint8Array(M * M);
/** The same votes four at a time: most are 0 or 1, so the seed scan skips whole words. */
const voteWords = new Uint32Array(votes.buffer);
const WORDS_PER_ROW = M / 4;
const candI = new Int32Array(ALIGNMENT_CANDIDATES);
const candJ = new Int32Array(ALIGNMENT_CANDIDATES);
const candS = new Int32Array(ALIGNMENT_CANDIDATES);
const partnerOfC = new Int16Array(M);
const partnerOfP = new Int16Array(M);
/** The least first-pairing weight worth refining (see refine). */
const REFINE_MIN_WEIGHT = 4;
/** Per seed alignment: its root pair, its first pairing's weight and partners. */
const seedI = new Int32Array(ALIGNMENT_CANDIDATES);
const seedJ = new Int32Array(ALIGNMENT_CANDIDATES);
const seedWeight = new Float64Array(ALIGNMENT_CANDIDATES);
const seedPartners = new Int16Array(ALIGNMENT_CANDIDATES * M);
/** Local structure tolerances in the packed units: by edge length (0..255), and for angles. */
const LENGTH_TOLERANCE = Uint8Array.from({ length: 256 }, (_, l) => ((LOCAL_DISTANCE_TOLERANCE + LOCAL_DISTANCE_SHARE * l * LENGTH_UNIT) / LENGTH_UNIT) | 0);
const ANGLE_TOLERANCE_UNITS = (LOCAL_ANGLE_TOLERANCE / ANGLE_UNIT) | 0;
/** The high bit of each byte, for the byte-wise arithmetic of vote. */
const HIGH = 0x80808080 | 0;

/**
 * Similarity of two prepared templates (0 = nothing in common; higher = more alike; see
 * thresholds.ts for the false match rate of a score). Allocation-free; not re-entrant (one
 * comparison at a time per thread).
 *
 * 1. Local structures: every candidate edge (a minutia and one of its nearest neighbours, described
 *    relative to the minutia) looks up the probe's edges of the same shape in the probe's edge
 *    hash; each agreeing edge is a vote for the minutia pair at their roots.
 * 2. Consolidation: the most-voted pairs each propose a rigid alignment; under it probe minutiae
 *    are paired with candidate minutiae near in position and direction (the tolerance grows away
 *    from the reference pair, to absorb skin distortion); the pairs found then give a least-squares
 *    rigid transform, under which the pairing is done once more.
 * 3. Score: the best alignment's paired count w (each pair weighted 0.5 .. 1 by its local
 *    similarity), as 100 w^2 / (a b)^0.75 where a and b are the minutiae each template has inside
 *    the common area (see OVERLAP_EXPONENT).
 */
export function compareTemplates(p: PreparedTemplate, c: PreparedTemplate): number {
  const np = p.count;
  const nc = c.count;
  if (np < 3 || nc < 3) return 0;
  vote(p, c);
  // The pairs with the most agreeing neighbours seed the alignments.
  for (let k = 0; k < ALIGNMENT_CANDIDATES; k++) (candS[k] = 0), (candI[k] = candJ[k] = -1);
  let floor = 1;
  // A word holds a vote above the floor when adding 127 - floor to each byte sets its high bit
  // (votes stay below 128: at most CANDIDATE_NEIGHBOURS x NEIGHBOURS per pair).
  let above = (127 - floor) * 0x01010101;
  const words = (np + 3) >> 2;
  for (let j = 0; j < nc; j++) {
    const row = j * WORDS_PER_ROW;
    for (let w = 0; w < words; w++) {
      if ((((voteWords[row + w] & 0x7f7f7f7f) + above) & HIGH) === 0) continue;
      for (let i = w * 4, end = Math.min(np, i + 4); i < end; i++) {
        const v = votes[j * M + i];
        if (v > floor) {
          insertCandidate(i, j, v);
          floor = Math.max(1, candS[ALIGNMENT_CANDIDATES - 1]);
          above = (127 - floor) * 0x01010101;
        }
      }
    }
  }
  // Each seed's rigid alignment pairs the minutiae once; only the seed that paired most (the first
  // of equals) is refined (least squares) and scored: a refit seldom lifts a weak alignment above a
  // strong one.
  let seeds = 0;
  for (let k = 0; k < ALIGNMENT_CANDIDATES && candS[k] >= (k === 0 ? 2 : MIN_SEED_VOTES); k++) {
    const ri = candI[k];
    const rj = candJ[k];
    // A seed an earlier alignment already paired the same way would give that alignment again.
    let seen = false;
    for (let q = 0; q < seeds && !seen; q++) seen = seedPartners[q * M + ri] === rj;
    if (seen) continue;
    const rot = c.angle[rj] - p.angle[ri];
    const cos = Math.cos(rot);
    const sin = Math.sin(rot);
    seedWeight[seeds] = pair(p, c, cos, sin, c.x[rj] - (cos * p.x[ri] - sin * p.y[ri]), c.y[rj] - (sin * p.x[ri] + cos * p.y[ri]), rot, p.x[ri], p.y[ri]);
    seedI[seeds] = ri;
    seedJ[seeds] = rj;
    seedPartners.set(partnerOfP, seeds * M); // whole buffers: a subarray view would allocate
    seeds++;
  }
  if (seeds === 0) return 0;
  let q = 0;
  for (let k = 1; k < seeds; k++) if (seedWeight[k] > seedWeight[q]) q = k;
  return refine(p, c, seedI[q], seedJ[q], q);
}

/**
 * votes[j * M + i] = number of probe edges of minutia i that agree with an edge of candidate
 * minutia j to one of its CANDIDATE_NEIGHBOURS nearest neighbours. The candidate's edges look up
 * the probe's hash (not the other way round): in a search the probe is the template that stays, so
 * its hash stays in cache while each candidate's edges are read in one pass, in bucket order. The
 * length tolerance comes from the candidate edge's length (looked up once per edge, not per
 * look-alike; the two lengths differ by less than the tolerance).
 *
 * The test compares the three bytes of a packed shape at once (SWAR): with low = the candidate's
 * shape minus each byte's tolerance T, a probe byte agrees when (probe - low) mod 256 <= 2T, which
 * for angles is the wrapped difference within +-T and for lengths (never near the wrap: the bucket
 * holds similar lengths only) the plain one. The byte-wise subtraction keeps borrows inside each
 * byte; adding 127 - 2T to the low 7 bits then sets a byte's high bit exactly when it is above 2T.
 */
function vote(p: PreparedTemplate, c: PreparedTemplate): void {
  const nc = c.count;
  // Whole rows: the seed scan reads a row's votes four at a time, past np up to the word's end.
  votes.fill(0, 0, nc * M);
  if (!p.bucketEntries) buildEdgeHash(p);
  const start = p.bucketStart!;
  const entries = p.bucketEntries!;
  const angleLow = (ANGLE_TOLERANCE_UNITS << 8) | (ANGLE_TOLERANCE_UNITS << 16);
  const angleLimit = ((127 - 2 * ANGLE_TOLERANCE_UNITS) << 8) | ((127 - 2 * ANGLE_TOLERANCE_UNITS) << 16);
  const lookupShape = c.lookupShape;
  const lookupKey = c.lookupKey;
  for (let q = 0, nq = lookupShape.length; q < nq; q++) {
    const packed = lookupShape[q];
    const row = (packed >>> 24) * M;
    const shape = packed & 0xffffff;
    const lengthTolerance = LENGTH_TOLERANCE[shape & 255];
    const low = byteSub(shape, angleLow | lengthTolerance);
    const lowBits = low & 0x7f7f7f7f;
    const lowHighInverted = ~low & HIGH;
    const limit = angleLimit | (127 - 2 * lengthTolerance);
    const bucket = lookupKey[q];
    for (let k = start[bucket], end = start[bucket + 1]; k < end; k++) {
      const v = entries[k];
      const d = ((v | HIGH) - lowBits) ^ ((v ^ lowHighInverted) & HIGH);
      // 1 when no byte of the three is above its 2T.
      votes[row + (v >>> 24)] += ((((d & 0x7f7f7f) + limit) | d) & 0x808080) - 1 >>> 31;
    }
  }
}

/** a - b byte by byte, each byte modulo 256 (no borrow crosses into the next byte). */
function byteSub(a: number, b: number): number {
  return ((a | HIGH) - (b & 0x7f7f7f7f)) ^ ((a ^ ~b) & HIGH);
}

function insertCandidate(i: number, j: number, s: number): void {
  let k = ALIGNMENT_CANDIDATES - 1;
  while (k > 0 && candS[k - 1] < s) {
    candS[k] = candS[k - 1];
    candI[k] = candI[k - 1];
    candJ[k] = candJ[k - 1];
    k--;
  }
  candS[k] = s;
  candI[k] = i;
  candJ[k] = j;
}

/**
 * Score of the alignment seeded by the pair (ri, rj), whose first pairing is seed q's: the pairs
 * give a least-squares rigid transform, under which the minutiae are paired once more.
 */
function refine(p: PreparedTemplate, c: PreparedTemplate, ri: number, rj: number, q: number): number {
  const px = p.x;
  const py = p.y;
  const cx = c.x;
  const cy = c.y;
  let rot = c.angle[rj] - p.angle[ri];
  let cos = Math.cos(rot);
  let sin = Math.sin(rot);
  let tx = cx[rj] - (cos * px[ri] - sin * py[ri]);
  let ty = cy[rj] - (sin * px[ri] + cos * py[ri]);
  let weight = seedWeight[q];
  // Least-squares rigid transform (2-D Procrustes) over the pairs found, centred on their centroid:
  // the seed pair's own direction fixes the rotation only to a few degrees, which far from the
  // seed is the size of the tolerance.
  const partners = q * M;
  let n = 0, sx = 0, sy = 0, su = 0, sv = 0;
  for (let i = 0; i < p.count; i++) {
    const j = seedPartners[partners + i];
    if (j < 0) continue;
    n++;
    sx += px[i];
    sy += py[i];
    su += cx[j];
    sv += cy[j];
  }
  // A weak alignment (a handful of pairs: an impostor's) keeps its seed transform: refitting it
  // costs a second pairing and cannot lift it near any decision threshold.
  if (n >= 3 && weight >= REFINE_MIN_WEIGHT) {
    const mxp = sx / n, myp = sy / n, mxc = su / n, myc = sv / n;
    let sc = 0, ss = 0;
    for (let i = 0; i < p.count; i++) {
      const j = seedPartners[partners + i];
      if (j < 0) continue;
      const ax = px[i] - mxp, ay = py[i] - myp, bx = cx[j] - mxc, by = cy[j] - myc;
      sc += ax * bx + ay * by;
      ss += ax * by - ay * bx;
    }
    rot = Math.atan2(ss, sc);
    cos = Math.cos(rot);
    sin = Math.sin(rot);
    tx = mxc - (cos * mxp - sin * myp);
    ty = myc - (sin * mxp + cos * myp);
    weight = pair(p, c, cos, sin, tx, ty, rot, mxp, myp);
  }
  // Minutiae of each template inside the other's bounding box (each box in its own template's frame).
  let pInside = 0;
  const cMinX = c.gridX0 - 8, cMinY = c.gridY0 - 8, cMaxX = c.maxX + 8, cMaxY = c.maxY + 8;
  for (let i = 0; i < p.count; i++) {
    const x = cos * px[i] - sin * py[i] + tx;
    const y = sin * px[i] + cos * py[i] + ty;
    if (x >= cMinX && x <= cMaxX && y >= cMinY && y <= cMaxY) pInside++;
  }
  let cInside = 0;
  const pMinX = p.gridX0 - 8, pMinY = p.gridY0 - 8, pMaxX = p.maxX + 8, pMaxY = p.maxY + 8;
  for (let j = 0; j < c.count; j++) {
    const u = cx[j] - tx;
    const v = cy[j] - ty;
    const x = cos * u + sin * v;
    const y = cos * v - sin * u;
    if (x >= pMinX && x <= pMaxX && y >= pMinY && y <= pMaxY) cInside++;
  }
  return (100 * weight * weight) / Math.pow(Math.max(pInside, MIN_OVERLAP_MINUTIAE) * Math.max(cInside, MIN_OVERLAP_MINUTIAE), OVERLAP_EXPONENT);
}

/**
 * Pairs probe minutiae, mapped by (cos, sin, tx, ty), each with the nearest unpaired candidate
 * minutia of similar direction within a tolerance that grows with the distance from (ox, oy) in
 * probe coordinates; fills partnerOfP and returns the pairs' weight (0.5 .. 1 each, by their local
 * similarity).
 */
function pair(p: PreparedTemplate, c: PreparedTemplate, cos: number, sin: number, tx: number, ty: number, rot: number, ox: number, oy: number): number {
  const np = p.count;
  const px = p.x, py = p.y, pa = p.angle, pNb = p.neighbours;
  const cx = c.x, cy = c.y, ca = c.angle, cNb = c.neighbours;
  const cellStart = c.cellStart, cellMinutiae = c.cellMinutiae, rowMask = c.rowMask;
  const gx0c = c.gridX0, gy0c = c.gridY0, gw = c.gridW, gh = c.gridH, perCell = 1 / c.cellSize;
  const spanX = c.maxX - gx0c, spanY = c.maxY - gy0c;
  partnerOfC.fill(-1, 0, c.count);
  let r = rot % TWO_PI;
  if (r < 0) r += TWO_PI;
  let weight = 0;
  for (let i = 0; i < np; i++) {
    partnerOfP[i] = -1;
    const X = px[i];
    const Y = py[i];
    const dx = X - ox;
    const dy = Y - oy;
    const tolerance = PAIR_DISTANCE_TOLERANCE + PAIR_DISTANCE_SHARE * Math.sqrt(dx * dx + dy * dy);
    // Position relative to the candidate's grid; outside it (by more than the tolerance) there is no partner.
    const lx = cos * X - sin * Y + tx - gx0c;
    const ly = sin * X + cos * Y + ty - gy0c;
    if (lx < -tolerance || ly < -tolerance || lx > spanX + tolerance || ly > spanY + tolerance) continue;
    let a = pa[i] + r;
    if (a >= TWO_PI) a -= TWO_PI;
    let bestJ = -1;
    let bestD = tolerance * tolerance;
    const gx0 = lx > tolerance ? ((lx - tolerance) * perCell) | 0 : 0;
    const gx1 = Math.min(gw - 1, ((lx + tolerance) * perCell) | 0);
    const gy0 = ly > tolerance ? ((ly - tolerance) * perCell) | 0 : 0;
    const gy1 = Math.min(gh - 1, ((ly + tolerance) * perCell) | 0);
    // The occupied cells of the range, in order: the row's mask shifted to gx0, cut to the range.
    const range = (2 << (gx1 - gx0)) - 1;
    for (let gy = gy0; gy <= gy1; gy++) {
      let bits = (rowMask[gy] >>> gx0) & range;
      while (bits !== 0) {
        const lowest = bits & -bits;
        bits ^= lowest;
        const cell = gy * gw + gx0 + 31 - Math.clz32(lowest);
        for (let k = cellStart[cell], end = cellStart[cell + 1]; k < end; k++) {
          const j = cellMinutiae[k];
          if (partnerOfC[j] >= 0) continue;
          const ex = cx[j] - gx0c - lx;
          const ey = cy[j] - gy0c - ly;
          const d2 = ex * ex + ey * ey;
          if (d2 >= bestD) continue;
          let da = ca[j] - a;
          if (da < 0) da = -da;
          if (da > Math.PI) da = TWO_PI - da;
          if (da > PAIR_ANGLE_TOLERANCE) continue;
          bestD = d2;
          bestJ = j;
        }
      }
    }
    if (bestJ >= 0) {
      partnerOfC[bestJ] = i;
      partnerOfP[i] = bestJ;
      weight += 0.5 + 0.5 * Math.min(1, (2 * votes[bestJ * M + i]) / Math.max(1, pNb[i] + Math.min(CANDIDATE_NEIGHBOURS, cNb[bestJ])));
    }
  }
  return weight;
}
