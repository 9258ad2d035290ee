import {
  ALIGNMENT_CANDIDATES,
  LOCAL_ANGLE_TOLERANCE,
  LOCAL_DISTANCE_SHARE,
  LOCAL_DISTANCE_TOLERANCE,
  MATCH_MAX_MINUTIAE,
  NEIGHBOURS,
  PAIR_ANGLE_TOLERANCE,
  PAIR_DISTANCE_SHARE,
  PAIR_DISTANCE_TOLERANCE,
  GRID_CELL,
} from '../parameters.ts';
import { angleDistance, edgeBucket, wrap, type PreparedTemplate } from './prepared-template.ts';

// Scratch buffers reused by every comparison (one comparison at a time per thread).
const M = MATCH_MAX_MINUTIAE;
const votes = new Uint8Array(M * M);
const candI = new Int32Array(ALIGNMENT_CANDIDATES);
const candJ = new Int32Array(ALIGNMENT_CANDIDATES);
const candS = new Float32Array(ALIGNMENT_CANDIDATES);
const pairedC = new Int32Array(M);

/**
 * Similarity of two prepared templates (0 = nothing in common; higher = more alike).
 *
 * 1. Local structures: every probe minutia is compared with every candidate minutia through their
 *    neighbour descriptions; the share of neighbours that agree is their local similarity.
 * 2. Consolidation: the best local pairs each propose one rigid alignment (the rotation between the
 *    two minutiae and the translation between them); under each, probe minutiae are paired greedily
 *    with unpaired candidate minutiae close in position and direction, with a tolerance that grows
 *    away from the reference pair to absorb skin distortion.
 * 3. Score: the best alignment's paired count, weighted by the pairs' local similarity, squared and
 *    divided by the minutiae both templates have inside their common area.
 */
export function compareTemplates(p: PreparedTemplate, c: PreparedTemplate): number {
  const np = p.count;
  const nc = c.count;
  if (np < 3 || nc < 3) return 0;
  // Local similarity: each probe edge votes for the minutia pairs whose candidate edge agrees.
  for (let i = 0; i < np; i++) votes.fill(0, i * M, i * M + nc);
  for (let i = 0; i < np; i++) {
    for (let s = 0; s < p.neighbours[i]; s++) {
      const e = i * NEIGHBOURS + s;
      const d = p.edgeLength[e];
      const bearing = p.edgeBearing[e];
      const direction = p.edgeDirection[e];
      const tolerance = LOCAL_DISTANCE_TOLERANCE + LOCAL_DISTANCE_SHARE * d;
      const bucket = edgeBucket(d, bearing, direction);
      for (let k = c.bucketStart[bucket], end = c.bucketStart[bucket + 1]; k < end; k++) {
        const f = c.bucketEdges[k];
        const dd = c.edgeLength[f] - d;
        if (dd > tolerance || dd < -tolerance) continue;
        if (angleDistance(bearing, c.edgeBearing[f]) > LOCAL_ANGLE_TOLERANCE) continue;
        if (angleDistance(direction, c.edgeDirection[f]) > LOCAL_ANGLE_TOLERANCE) continue;
        votes[i * M + ((f / NEIGHBOURS) | 0)]++;
      }
    }
  }
  // The pairs with the most agreeing neighbours seed the alignments.
  for (let k = 0; k < ALIGNMENT_CANDIDATES; k++) (candS[k] = 0), (candI[k] = candJ[k] = -1);
  let floor = 0;
  for (let i = 0; i < np; i++) {
    const row = i * M;
    for (let j = 0; j < nc; j++) {
      const v = votes[row + j];
      if (v > floor) {
        insertCandidate(i, j, v);
        floor = candS[ALIGNMENT_CANDIDATES - 1];
      }
    }
  }
  let best = 0;
  for (let k = 0; k < ALIGNMENT_CANDIDATES && candS[k] >= 2; k++) {
    const score = alignAndPair(p, c, candI[k], candJ[k]);
    if (score > best) best = score;
  }
  return best;
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

function alignAndPair(p: PreparedTemplate, c: PreparedTemplate, ri: number, rj: number): number {
  const rot = wrap(c.angle[rj] - p.angle[ri]);
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  const px0 = p.x[ri];
  const py0 = p.y[ri];
  const cx0 = c.x[rj];
  const cy0 = c.y[rj];
  const np = p.count;
  const nc = c.count;
  pairedC.fill(-1, 0, nc);
  // Common area: the candidate's bounding box, and the probe's mapped bounding box.
  const cMinX = c.gridX0;
  const cMinY = c.gridY0;
  const cMaxX = c.maxX;
  const cMaxY = c.maxY;
  let pMinX = Infinity, pMaxX = -Infinity, pMinY = Infinity, pMaxY = -Infinity;
  let weight = 0;
  let pInside = 0;
  for (let i = 0; i < np; i++) {
    const dx = p.x[i] - px0;
    const dy = p.y[i] - py0;
    const x = cx0 + dx * cos - dy * sin;
    const y = cy0 + dx * sin + dy * cos;
    pMinX = Math.min(pMinX, x);
    pMaxX = Math.max(pMaxX, x);
    pMinY = Math.min(pMinY, y);
    pMaxY = Math.max(pMaxY, y);
    if (x >= cMinX - 8 && x <= cMaxX + 8 && y >= cMinY - 8 && y <= cMaxY + 8) pInside++;
    const a = wrap(p.angle[i] + rot);
    const tolerance = PAIR_DISTANCE_TOLERANCE + PAIR_DISTANCE_SHARE * Math.sqrt(dx * dx + dy * dy);
    let bestJ = -1;
    let bestD = tolerance * tolerance;
    const gx0 = Math.max(0, Math.floor((x - tolerance - c.gridX0) / GRID_CELL));
    const gx1 = Math.min(c.gridW - 1, Math.floor((x + tolerance - c.gridX0) / GRID_CELL));
    const gy0 = Math.max(0, Math.floor((y - tolerance - c.gridY0) / GRID_CELL));
    const gy1 = Math.min(c.gridH - 1, Math.floor((y + tolerance - c.gridY0) / GRID_CELL));
    for (let gy = gy0; gy <= gy1; gy++) {
      for (let gx = gx0; gx <= gx1; gx++) {
        const cell = gy * c.gridW + gx;
        for (let k = c.cellStart[cell], end = c.cellStart[cell + 1]; k < end; k++) {
          const j = c.cellMinutiae[k];
          if (pairedC[j] >= 0) continue;
          const ex = c.x[j] - x;
          const ey = c.y[j] - y;
          const d2 = ex * ex + ey * ey;
          if (d2 >= bestD) continue;
          if (angleDistance(a, c.angle[j]) > PAIR_ANGLE_TOLERANCE) continue;
          bestD = d2;
          bestJ = j;
        }
      }
    }
    if (bestJ >= 0) {
      pairedC[bestJ] = i;
      weight += 0.5 + 0.5 * Math.min(1, (2 * votes[i * M + bestJ]) / (p.neighbours[i] + c.neighbours[bestJ]));
    }
  }
  let cInside = 0;
  for (let j = 0; j < nc; j++) if (c.x[j] >= pMinX - 8 && c.x[j] <= pMaxX + 8 && c.y[j] >= pMinY - 8 && c.y[j] <= pMaxY + 8) cInside++;
  const denominator = Math.max(pInside, 6) * Math.max(cInside, 6);
  return (100 * weight * weight) / denominator;
}
