/**
 * The WSQ subband geometry (FBI WSQ specification v3.1, Annex A.1): a 20-node wavelet tree saying
 * where each decomposition step reads and writes, and the 64 quantisation subbands, both computed
 * from the image size alone. Encoder and decoder must agree on every odd-size split, so the
 * rounding choices below follow the reference decomposition exactly.
 */
export interface WaveletNode {
  x: number;
  y: number;
  lenx: number;
  leny: number;
  /** Spectral inversion of rows / columns at this node. */
  invRow: boolean;
  invCol: boolean;
}

export interface Subband {
  x: number;
  y: number;
  lenx: number;
  leny: number;
}

export const WAVELET_NODES = 20;
export const SUBBANDS = 64;
/** Subbands 60-63 are never transmitted. */
export const CODED_SUBBANDS = 60;

const INV_ROW = new Set([2, 4, 7, 9, 11, 13, 16, 18]);
const INV_COL = new Set([3, 5, 8, 9, 12, 13, 17, 18]);

const half = (n: number) => (n % 2 === 0 ? [n / 2, n / 2] : [(n + 1) / 2, (n - 1) / 2]);

export function buildWaveletTree(width: number, height: number): WaveletNode[] {
  const w: WaveletNode[] = Array.from({ length: WAVELET_NODES }, (_, i) => ({ x: 0, y: 0, lenx: 0, leny: 0, invRow: INV_ROW.has(i), invCol: INV_COL.has(i) }));
  split4(w, 0, 1, width, height, 0, 0, true);
  const [lenx, lenx2] = half(w[1].lenx);
  const [leny, leny2] = half(w[1].leny);
  split4(w, 4, 6, lenx2, leny, lenx, 0, false);
  split4(w, 5, 10, lenx, leny2, 0, leny, false);
  split4(w, 14, 15, lenx, leny, 0, 0, false);
  w[19].x = 0;
  w[19].y = 0;
  w[19].lenx = Math.ceil(w[15].lenx / 2);
  w[19].leny = Math.ceil(w[15].leny / 2);
  return w;
}

/** One 2x2 split of node p1 into nodes p2..p2+3 (p2+3 left alone when `stop`). */
function split4(w: WaveletNode[], p1: number, p2: number, lenx: number, leny: number, x: number, y: number, stop: boolean): void {
  Object.assign(w[p1], { x, y, lenx, leny });
  w[p2].x = x;
  w[p2 + 2].x = x;
  w[p2].y = y;
  w[p2 + 1].y = y;
  if (lenx % 2 === 0) {
    w[p2].lenx = lenx / 2;
    w[p2 + 1].lenx = w[p2].lenx;
  } else if (p1 === 4) {
    w[p2].lenx = (lenx - 1) / 2;
    w[p2 + 1].lenx = w[p2].lenx + 1;
  } else {
    w[p2].lenx = (lenx + 1) / 2;
    w[p2 + 1].lenx = w[p2].lenx - 1;
  }
  w[p2 + 1].x = w[p2].lenx + x;
  if (!stop) {
    w[p2 + 3].lenx = w[p2 + 1].lenx;
    w[p2 + 3].x = w[p2 + 1].x;
  }
  w[p2 + 2].lenx = w[p2].lenx;
  if (leny % 2 === 0) {
    w[p2].leny = leny / 2;
    w[p2 + 2].leny = w[p2].leny;
  } else if (p1 === 5) {
    w[p2].leny = (leny - 1) / 2;
    w[p2 + 2].leny = w[p2].leny + 1;
  } else {
    w[p2].leny = (leny + 1) / 2;
    w[p2 + 2].leny = w[p2].leny - 1;
  }
  w[p2 + 2].y = w[p2].leny + y;
  if (!stop) {
    w[p2 + 3].leny = w[p2 + 2].leny;
    w[p2 + 3].y = w[p2 + 2].y;
  }
  w[p2 + 1].leny = w[p2].leny;
}

export function buildSubbands(w: WaveletNode[]): Subband[] {
  const q: Subband[] = Array.from({ length: SUBBANDS }, () => ({ x: 0, y: 0, lenx: 0, leny: 0 }));
  // Order matters: the last call rewrites subband 3.
  split16(q, 3, w[14], false, false);
  split16(q, 19, w[4], false, true);
  split16(q, 48, w[0], false, false);
  split16(q, 35, w[5], true, false);
  splitQuad(q, 0, w[19].lenx, w[19].leny, w[19].x, w[19].y);
  return q;
}

/** Four subbands p..p+3 in a 2x2 split of a lenx x leny area at (x, y). */
function splitQuad(q: Subband[], p: number, lenx: number, leny: number, x: number, y: number): void {
  const [lx0, lx1] = half(lenx);
  const [ly0, ly1] = half(leny);
  q[p] = { x, y, lenx: lx0, leny: ly0 };
  q[p + 1] = { x: x + lx0, y, lenx: lx1, leny: ly0 };
  q[p + 2] = { x, y: y + ly0, lenx: lx0, leny: ly1 };
  q[p + 3] = { x: x + lx0, y: y + ly0, lenx: lx1, leny: ly1 };
}

/**
 * Sixteen subbands p..p+15: the area split 2x2 (with `invRow`/`invCol` choosing which side of an
 * odd split is larger), each quarter split 2x2 again.
 */
function split16(q: Subband[], p: number, n: WaveletNode, invRow: boolean, invCol: boolean): void {
  const { lenx, leny, x, y } = n;
  let tempx: number, temp2x: number, tempy: number, temp2y: number;
  if (lenx % 2 === 0) tempx = temp2x = lenx / 2;
  else if (invCol) (temp2x = (lenx + 1) / 2), (tempx = temp2x - 1);
  else (tempx = (lenx + 1) / 2), (temp2x = tempx - 1);
  if (leny % 2 === 0) tempy = temp2y = leny / 2;
  else if (invRow) (temp2y = (leny + 1) / 2), (tempy = temp2y - 1);
  else (tempy = (leny + 1) / 2), (temp2y = tempy - 1);

  splitQuad(q, p, tempx, tempy, x, y);

  // Top-right quarter: the larger half of an odd width goes right.
  const [bx1, bx0] = half(temp2x); // bx1 >= bx0
  const x4 = x + tempx;
  q[p + 4] = { x: x4, y, lenx: bx0, leny: q[p].leny };
  q[p + 5] = { x: x4 + bx0, y, lenx: bx1, leny: q[p].leny };
  q[p + 6] = { x: x4, y: q[p + 2].y, lenx: bx0, leny: q[p + 2].leny };
  q[p + 7] = { x: x4 + bx0, y: q[p + 2].y, lenx: bx1, leny: q[p + 2].leny };

  // Bottom-left quarter: the larger half of an odd height goes down.
  const [by1, by0] = half(temp2y);
  const y8 = y + tempy;
  q[p + 8] = { x, y: y8, lenx: q[p].lenx, leny: by0 };
  q[p + 9] = { x: q[p + 1].x, y: y8, lenx: q[p + 1].lenx, leny: by0 };
  q[p + 10] = { x, y: y8 + by0, lenx: q[p].lenx, leny: by1 };
  q[p + 11] = { x: q[p + 1].x, y: y8 + by0, lenx: q[p + 1].lenx, leny: by1 };

  // Bottom-right quarter.
  q[p + 12] = { x: q[p + 4].x, y: q[p + 8].y, lenx: q[p + 4].lenx, leny: q[p + 8].leny };
  q[p + 13] = { x: q[p + 5].x, y: q[p + 8].y, lenx: q[p + 5].lenx, leny: q[p + 8].leny };
  q[p + 14] = { x: q[p + 4].x, y: q[p + 10].y, lenx: q[p + 4].lenx, leny: q[p + 10].leny };
  q[p + 15] = { x: q[p + 5].x, y: q[p + 10].y, lenx: q[p + 5].lenx, leny: q[p + 10].leny };
}
