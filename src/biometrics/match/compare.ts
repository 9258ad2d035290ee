import {
  ALIGNMENT_CANDIDATES,
  GRID_CELL,
  LOCAL_ANGLE_TOLERANCE,
  LOCAL_DISTANCE_SHARE,
  LOCAL_DISTANCE_TOLERANCE,
  MATCH_MAX_MINUTIAE,
  MIN_OVERLAP_MINUTIAE,
  NEIGHBOURS,
  PAIR_ANGLE_TOLERANCE,
  PAIR_DISTANCE_SHARE,
  PAIR_DISTANCE_TOLERANCE,
} from '../parameters.ts';
import type { PreparedTemplate } from './prepared-template.ts';

const TWO_PI = 2 * Math.PI;
// Scratch buffers reused by every comparison (one comparison at a time per thread).
const M = MATCH_MAX_MINUTIAE;
const votes = new Uint8Array(M * M);
const candI = new Int32Array(ALIGNMENT_CANDIDATES);
const candJ = new Int32Array(ALIGNMENT_CANDIDATES);
const candS = new Int32Array(ALIGNMENT_CANDIDATES);
const partnerOfC = new Int16Array(M);
const partnerOfP = new Int16Array(M);
const bestPartnerOfP = new Int16Array(M);
const mx = new Float32Array(M);
const my = new Float32Array(M);
const ma = new Float32Array(M);

/**
 * Similarity of two prepared templates (0 = nothing in common; higher = more alike; see
 * thresholds.ts for the false match rate of a score). Allocation-free; not re-entrant (one
 * comparison at a time per thread).
 *
 * 1. Local structures: every probe edge (a minutia and one of its nearest neighbours, described
 *    relative to the minutia) looks up the candidate's edges of the same shape in the candidate's
 *    edge hash; each agreeing edge is a vote for the minutia pair at their roots.
 * 2. Consolidation: the most-voted pairs each propose a rigid alignment; under it probe minutiae
 *    are paired with candidate minutiae near in position and direction (the tolerance grows away
 *    from the reference pair, to absorb skin distortion); the pairs found then give a least-squares
 *    rigid transform, under which the pairing is done once more.
 * 3. Score: the best alignment's paired count, weighted by the pairs' local similarity, squared and
 *    divided by the minutiae both templates have inside their common area.
 */
export function compareTemplates(p: PreparedTemplate, c: PreparedTemplate): number {
  const np = p.count;
  const nc = c.count;
  if (np < 3 || nc < 3) return 0;
  vote(p, c);
  // The pairs with the most agreeing neighbours seed the alignments.
  for (let k = 0; k < ALIGNMENT_CANDIDATES; k++) (candS[k] = 0), (candI[k] = candJ[k] = -1);
  let floor = 1;
  for (let i = 0; i < np; i++) {
    const row = i * M;
    for (let j = 0; j < nc; j++) {
      const v = votes[row + j];
      if (v > floor) {
        insertCandidate(i, j, v);
        floor = Math.max(1, candS[ALIGNMENT_CANDIDATES - 1]);
      }
    }
  }
  let best = 0;
  bestPartnerOfP.fill(-1, 0, np);
  for (let k = 0; k < ALIGNMENT_CANDIDATES && candS[k] >= 2; k++) {
    const ri = candI[k];
    const rj = candJ[k];
    // A seed already paired the same way under a better alignment would give that alignment again.
    if (bestPartnerOfP[ri] === rj) continue;
    const score = align(p, c, ri, rj);
    if (score > best) {
      best = score;
      bestPartnerOfP.set(partnerOfP.subarray(0, np));
    }
  }
  return best;
}

/** votes[i * M + j] = number of probe edges of minutia i that agree with a candidate edge of minutia j. */
function vote(p: PreparedTemplate, c: PreparedTemplate): void {
  const np = p.count;
  const nc = c.count;
  for (let i = 0; i < np; i++) votes.fill(0, i * M, i * M + nc);
  const pLen = p.edgeLength;
  const pBear = p.edgeBearing;
  const pDir = p.edgeDirection;
  const pNb = p.neighbours;
  const cLen = c.edgeLength;
  const cBear = c.edgeBearing;
  const cDir = c.edgeDirection;
  const start = c.bucketStart;
  const edges = c.bucketEdges;
  const pKey = p.edgeKey;
  for (let i = 0; i < np; i++) {
    const row = i * M;
    for (let s = 0, ns = pNb[i]; s < ns; s++) {
      const e = i * NEIGHBOURS + s;
      const d = pLen[e];
      const bearing = pBear[e];
      const direction = pDir[e];
      const tolerance = LOCAL_DISTANCE_TOLERANCE + LOCAL_DISTANCE_SHARE * d;
      const bucket = pKey[e];
      for (let k = start[bucket], end = start[bucket + 1]; k < end; k++) {
        const f = edges[k];
        const dd = cLen[f] - d;
        if (dd > tolerance || dd < -tolerance) continue;
        let a = cBear[f] - bearing;
        if (a < 0) a = -a;
        if (a > Math.PI) a = TWO_PI - a;
        if (a > LOCAL_ANGLE_TOLERANCE) continue;
        a = cDir[f] - direction;
        if (a < 0) a = -a;
        if (a > Math.PI) a = TWO_PI - a;
        if (a > LOCAL_ANGLE_TOLERANCE) continue;
        votes[row + ((f / NEIGHBOURS) | 0)]++;
      }
    }
  }
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

/** Score of the alignment seeded by the pair (ri, rj); leaves the pairing in partnerOfP. */
function align(p: PreparedTemplate, c: PreparedTemplate, ri: number, rj: number): number {
  let rot = c.angle[rj] - p.angle[ri];
  let cos = Math.cos(rot);
  let sin = Math.sin(rot);
  const px = p.x;
  const py = p.y;
  let tx = c.x[rj] - (cos * px[ri] - sin * py[ri]);
  let ty = c.y[rj] - (sin * px[ri] + cos * py[ri]);
  let weight = pair(p, c, cos, sin, tx, ty, rot, px[ri], py[ri]);
  // Least-squares rigid transform (2-D Procrustes) over the pairs found, centred on their centroid.
  let n = 0, sx = 0, sy = 0, su = 0, sv = 0;
  for (let i = 0; i < p.count; i++) {
    const j = partnerOfP[i];
    if (j < 0) continue;
    n++;
    sx += px[i];
    sy += py[i];
    su += c.x[j];
    sv += c.y[j];
  }
  if (n >= 3) {
    const mxp = sx / n, myp = sy / n, mxc = su / n, myc = sv / n;
    let sc = 0, ss = 0;
    for (let i = 0; i < p.count; i++) {
      const j = partnerOfP[i];
      if (j < 0) continue;
      const ax = px[i] - mxp, ay = py[i] - myp, bx = c.x[j] - mxc, by = c.y[j] - myc;
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
  return weight;
}

/**
 * Pairs probe minutiae, mapped by (cos, sin, tx, ty), with unpaired candidate minutiae within a
 * tolerance that grows with the distance from (ox, oy) in probe coordinates; fills partnerOfP and
 * returns the score.
 */
function pair(p: PreparedTemplate, c: PreparedTemplate, cos: number, sin: number, tx: number, ty: number, rot: number, ox: number, oy: number): number {
  const np = p.count;
  const nc = c.count;
  const px = p.x, py = p.y, pa = p.angle;
  const cx = c.x, cy = c.y, ca = c.angle;
  const cellStart = c.cellStart, cellMinutiae = c.cellMinutiae;
  const gx0c = c.gridX0, gy0c = c.gridY0, gw = c.gridW, gh = c.gridH;
  partnerOfC.fill(-1, 0, nc);
  const cMinX = c.gridX0 - 8, cMinY = c.gridY0 - 8, cMaxX = c.maxX + 8, cMaxY = c.maxY + 8;
  let pInside = 0;
  let r = rot % TWO_PI;
  if (r < 0) r += TWO_PI;
  for (let i = 0; i < np; i++) {
    const x = cos * px[i] - sin * py[i] + tx;
    const y = sin * px[i] + cos * py[i] + ty;
    let a = pa[i] + r;
    if (a >= TWO_PI) a -= TWO_PI;
    mx[i] = x;
    my[i] = y;
    ma[i] = a;
    if (x >= cMinX && x <= cMaxX && y >= cMinY && y <= cMaxY) pInside++;
  }
  let weight = 0;
  for (let i = 0; i < np; i++) {
    partnerOfP[i] = -1;
    const x = mx[i];
    const y = my[i];
    const a = ma[i];
    const dx = px[i] - ox;
    const dy = py[i] - oy;
    const tolerance = PAIR_DISTANCE_TOLERANCE + PAIR_DISTANCE_SHARE * Math.sqrt(dx * dx + dy * dy);
    let bestJ = -1;
    let bestD = tolerance * tolerance;
    const gx0 = Math.max(0, Math.floor((x - tolerance - gx0c) / GRID_CELL));
    const gx1 = Math.min(gw - 1, Math.floor((x + tolerance - gx0c) / GRID_CELL));
    const gy0 = Math.max(0, Math.floor((y - tolerance - gy0c) / GRID_CELL));
    const gy1 = Math.min(gh - 1, Math.floor((y + tolerance - gy0c) / GRID_CELL));
    for (let gy = gy0; gy <= gy1; gy++) {
      for (let cell = gy * gw + gx0, last = gy * gw + gx1; cell <= last; cell++) {
        for (let k = cellStart[cell], end = cellStart[cell + 1]; k < end; k++) {
          const j = cellMinutiae[k];
          if (partnerOfC[j] >= 0) continue;
          const ex = cx[j] - x;
          const ey = cy[j] - y;
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
      weight += 0.5 + 0.5 * Math.min(1, (2 * votes[i * M + bestJ]) / (p.neighbours[i] + c.neighbours[bestJ]));
    }
  }
  // Candidate minutiae mapped back into the probe's frame, against the probe's own bounding box.
  let cInside = 0;
  const qMinX = p.gridX0 - 8, qMinY = p.gridY0 - 8, qMaxX = p.maxX + 8, qMaxY = p.maxY + 8;
  for (let j = 0; j < nc; j++) {
    const u = cx[j] - tx;
    const v = cy[j] - ty;
    const x = cos * u + sin * v;
    const y = cos * v - sin * u;
    if (x >= qMinX && x <= qMaxX && y >= qMinY && y <= qMaxY) cInside++;
  }
  const denominator = Math.max(pInside, MIN_OVERLAP_MINUTIAE) * Math.max(cInside, MIN_OVERLAP_MINUTIAE);
  return (100 * weight * weight) / denominator;
}
