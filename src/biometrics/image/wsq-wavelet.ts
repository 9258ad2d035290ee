import type { WaveletNode } from './wsq-tree.ts';

/** The analysis lowpass and highpass filters a WSQ file carries in its DTT segment. */
export interface WaveletFilters {
  lo: Float32Array;
  hi: Float32Array;
}

/** Right halves (centre first) of the 9/7 analysis filters every WSQ file in use carries (Annex A). */
export const LOWPASS_HALF = [0.852698679009403, 0.377402855612654, -0.110624404418423, -0.023849465019381, 0.037828455506995];
export const HIGHPASS_HALF = [0.788485616405664, -0.418092273222212, -0.040689417609558, 0.064538882628938];

/**
 * The synthesis filters of analysis filters of the given lengths, from their right halves centre
 * first (as a DTT segment carries them): each is the quadrature mirror of the other analysis filter,
 * the synthesis highpass from the analysis lowpass and vice versa.
 */
export function synthesisFilters(lowLength: number, lowHalf: readonly number[], highLength: number, highHalf: readonly number[]): WaveletFilters {
  const mirrored = (n: number, half: readonly number[], evenSign: (k: number) => number, evenMirrorSign: number) => {
    const dst = new Float32Array(n);
    const a = Math.ceil(n / 2) - 1;
    half.forEach((c, k) => {
      if (n % 2 === 1) {
        dst[a + k] = (k % 2 === 0 ? 1 : -1) * c;
        if (k > 0) dst[a - k] = dst[a + k];
      } else {
        dst[a + k + 1] = evenSign(k) * c;
        dst[a - k] = evenMirrorSign * dst[a + k + 1];
      }
    });
    return dst;
  };
  return {
    lo: mirrored(highLength, highHalf, (k) => ((k + 1) % 2 === 0 ? 1 : -1), 1),
    hi: mirrored(lowLength, lowHalf, (k) => (k % 2 === 0 ? 1 : -1), -1),
  };
}

/**
 * The synthesis of one line of n samples as a sparse matrix: output k is the sum of src[index] *
 * weight over terms k*taps..(k+1)*taps. Indexes are relative to the line's first sample (lowpass
 * half then highpass half, or the reverse when inverted). Outputs with fewer terms are padded with
 * zero weights so every output has `taps` terms and the loops below need no per-output bounds.
 */
interface LinePlan {
  n: number;
  taps: number;
  /** Terms actually used by each output (the rest of its `taps` slots are zero padding). */
  count: Uint8Array;
  index: Int32Array;
  weight: Float32Array;
  /** The outputs away from the ends, when the filters are a 7-tap lowpass and a 9-tap highpass. */
  interior: Interior | null;
}

/**
 * Outputs 2m and 2m + 1, m0 <= m < m1, of a line synthesised with a 7-tap lowpass and a 9-tap
 * highpass (every WSQ file in use), where no term reaches past an end: output 2m sums lowpass
 * samples m-1..m+1 then highpass m-2..m+1 (weights `even`), output 2m + 1 lowpass m-1..m+2 then
 * highpass m-2..m+2 (`odd`). The plan's terms in the plan's order, checked term by term when the plan
 * is made, so the fixed-tap loops give the plan's sums to the last bit. m1 - m0 is even: the loops
 * take two pairs at a time.
 */
interface Interior {
  m0: number;
  m1: number;
  /** Line offsets of the lowpass and the highpass half. */
  low: number;
  high: number;
  even: Float32Array;
  odd: Float32Array;
}

// Plans depend only on the line length and the filters, which are the same in nearly every file:
// keep them across images (bounded; a few hundred line lengths cover a whole repository).
const PLAN_CACHE_SIZE = 1024;
const planCache = new Map<string, LinePlan>();
/** Synthesis scratch, kept between images (synchronous, one image at a time per thread). */
let scratchBuffer = new Float32Array(0);

/**
 * Inverse 2-D wavelet transform of a WSQ image in place, node 19 down to 0: columns, then rows of
 * each node's area. The taps and the symmetric extensions at the line ends are those of the
 * specification's reference decoder; each output sums its terms in double precision and is rounded
 * once to single, where the reference rounds after every term. That is twice as fast, and no pixel
 * differs from the reference by more than the 1 the specification allows (0 or 1 on the NIST card).
 * Each line length is planned once; the outputs near a line's ends follow the plan, those between
 * (with the 9/7 pair) fixed-tap loops that give the same sums. Columns are applied a whole row at a
 * time and rows one row at a time (memory in order).
 */
export function synthesize(img: Float32Array, width: number, tree: WaveletNode[], filters: WaveletFilters): void {
  synthesizeWith(img, width, tree, filters, true);
}

/** `synthesize` with every output from its plan: what the fixed-tap loops are tested against. */
export function synthesizeByPlan(img: Float32Array, width: number, tree: WaveletNode[], filters: WaveletFilters): void {
  synthesizeWith(img, width, tree, filters, false);
}

function synthesizeWith(img: Float32Array, width: number, tree: WaveletNode[], filters: WaveletFilters, interior: boolean): void {
  if (scratchBuffer.length < img.length) scratchBuffer = new Float32Array(img.length);
  const scratch = scratchBuffer;
  // Degenerate short lines read a sample past their end, as the reference does: make that a zero,
  // not whatever the previous image left.
  scratch.fill(0, 0, img.length);
  const filterKey = `${filters.lo.join()}/${filters.hi.join()}`;
  const plan = (n: number, inv: boolean): LinePlan => {
    const key = `${n}/${inv}/${filterKey}`;
    let p = planCache.get(key);
    if (!p) {
      if (planCache.size >= PLAN_CACHE_SIZE) planCache.clear();
      planCache.set(key, (p = planLine(n, filters, inv)));
    }
    return p;
  };
  for (let node = tree.length - 1; node >= 0; node--) {
    const n = tree[node];
    const base = n.y * width + n.x;
    const col = plan(n.leny, n.invCol);
    const row = plan(n.lenx, n.invRow);
    const ci = interior ? col.interior : null;
    const ri = interior ? row.interior : null;
    if (ci) {
      columnsByPlan(scratch, img, base, n.lenx, col, width, 0, 2 * ci.m0);
      columnsInterior(scratch, img, base, n.lenx, ci, width);
      columnsByPlan(scratch, img, base, n.lenx, col, width, 2 * ci.m1, col.n);
    } else columnsByPlan(scratch, img, base, n.lenx, col, width, 0, col.n);
    if (ri) {
      rowsByPlan(img, base, scratch, n.leny, row, width, 0, 2 * ri.m0);
      rowsInterior(img, base, scratch, n.leny, ri, width);
      rowsByPlan(img, base, scratch, n.leny, row, width, 2 * ri.m1, row.n);
    } else rowsByPlan(img, base, scratch, n.leny, row, width, 0, row.n);
  }
}

/**
 * Column synthesis of outputs from..to-1 of an area `cols` wide at `base` of src into the top-left
 * of dst, row by row.
 */
function columnsByPlan(dst: Float32Array, src: Float32Array, base: number, cols: number, p: LinePlan, width: number, from: number, to: number): void {
  const { taps, count, index, weight } = p;
  for (let k = from, t = from * taps; k < to; k++, t += taps) {
    const out = k * width;
    if (count[k] === 7) {
      const a = base + index[t] * width, b = base + index[t + 1] * width, c = base + index[t + 2] * width;
      const d = base + index[t + 3] * width, e = base + index[t + 4] * width, f = base + index[t + 5] * width;
      const g = base + index[t + 6] * width;
      const wa = weight[t], wb = weight[t + 1], wc = weight[t + 2], wd = weight[t + 3], we = weight[t + 4];
      const wf = weight[t + 5], wg = weight[t + 6];
      for (let x = 0; x < cols; x++) {
        dst[out + x] =
          src[a + x] * wa + src[b + x] * wb + src[c + x] * wc + src[d + x] * wd + src[e + x] * we + src[f + x] * wf + src[g + x] * wg;
      }
    } else if (count[k] === 9) {
      // The 9/7 filter pair of every WSQ file in use gives outputs of 9 and 7 terms: unrolled, one store each.
      const a = base + index[t] * width, b = base + index[t + 1] * width, c = base + index[t + 2] * width;
      const d = base + index[t + 3] * width, e = base + index[t + 4] * width, f = base + index[t + 5] * width;
      const g = base + index[t + 6] * width, h = base + index[t + 7] * width, i = base + index[t + 8] * width;
      const wa = weight[t], wb = weight[t + 1], wc = weight[t + 2], wd = weight[t + 3], we = weight[t + 4];
      const wf = weight[t + 5], wg = weight[t + 6], wh = weight[t + 7], wi = weight[t + 8];
      for (let x = 0; x < cols; x++) {
        dst[out + x] =
          src[a + x] * wa + src[b + x] * wb + src[c + x] * wc + src[d + x] * wd + src[e + x] * we +
          src[f + x] * wf + src[g + x] * wg + src[h + x] * wh + src[i + x] * wi;
      }
    } else {
      for (let x = 0; x < cols; x++) {
        let acc = 0;
        for (let j = t; j < t + taps; j++) acc += src[base + index[j] * width + x] * weight[j];
        dst[out + x] = acc;
      }
    }
  }
}

/**
 * Column synthesis of the interior outputs, four output rows (pairs m and m + 1) from the same
 * eleven input rows: 2.75 loads an output, 4.5 a pair at a time (320x400: 2.7 -> 2.3 ms a synthesis).
 */
function columnsInterior(dst: Float32Array, src: Float32Array, base: number, cols: number, q: Interior, width: number): void {
  const [e0, e1, e2, e3, e4, e5, e6] = q.even;
  const [o0, o1, o2, o3, o4, o5, o6, o7, o8] = q.odd;
  for (let m = q.m0; m < q.m1; m += 2) {
    const la = base + (q.low + m - 1) * width, lb = la + width, lc = lb + width, ld = lc + width, le = ld + width;
    const ha = base + (q.high + m - 2) * width, hb = ha + width, hc = hb + width, hd = hc + width, he = hd + width, hf = he + width;
    const r0 = 2 * m * width, r1 = r0 + width, r2 = r1 + width, r3 = r2 + width;
    for (let x = 0; x < cols; x++) {
      const a = src[la + x], b = src[lb + x], c = src[lc + x], d = src[ld + x], e = src[le + x];
      const p = src[ha + x], r = src[hb + x], s = src[hc + x], t = src[hd + x], u = src[he + x], v = src[hf + x];
      dst[r0 + x] = a * e0 + b * e1 + c * e2 + p * e3 + r * e4 + s * e5 + t * e6;
      dst[r1 + x] = a * o0 + b * o1 + c * o2 + d * o3 + p * o4 + r * o5 + s * o6 + t * o7 + u * o8;
      dst[r2 + x] = b * e0 + c * e1 + d * e2 + r * e3 + s * e4 + t * e5 + u * e6;
      dst[r3 + x] = b * o0 + c * o1 + d * o2 + e * o3 + r * o4 + s * o5 + t * o6 + u * o7 + v * o8;
    }
  }
}

/** Row synthesis of outputs from..to-1 of `rows` lines from the top-left of src into the area at `base` of dst. */
function rowsByPlan(dst: Float32Array, base: number, src: Float32Array, rows: number, p: LinePlan, width: number, from: number, to: number): void {
  const { taps, count, index, weight } = p;
  const end = rows * width;
  for (let k = from, t = from * taps; k < to; k++, t += taps) {
    if (count[k] === 7) {
      const a = index[t], b = index[t + 1], c = index[t + 2], d = index[t + 3], e = index[t + 4];
      const f = index[t + 5], g = index[t + 6];
      const wa = weight[t], wb = weight[t + 1], wc = weight[t + 2], wd = weight[t + 3], we = weight[t + 4];
      const wf = weight[t + 5], wg = weight[t + 6];
      for (let line = 0, out = base + k; line < end; line += width, out += width) {
        dst[out] =
          src[line + a] * wa + src[line + b] * wb + src[line + c] * wc + src[line + d] * wd + src[line + e] * we +
          src[line + f] * wf + src[line + g] * wg;
      }
    } else if (count[k] === 9) {
      const a = index[t], b = index[t + 1], c = index[t + 2], d = index[t + 3], e = index[t + 4];
      const f = index[t + 5], g = index[t + 6], h = index[t + 7], i = index[t + 8];
      const wa = weight[t], wb = weight[t + 1], wc = weight[t + 2], wd = weight[t + 3], we = weight[t + 4];
      const wf = weight[t + 5], wg = weight[t + 6], wh = weight[t + 7], wi = weight[t + 8];
      for (let line = 0, out = base + k; line < end; line += width, out += width) {
        dst[out] =
          src[line + a] * wa + src[line + b] * wb + src[line + c] * wc + src[line + d] * wd + src[line + e] * we +
          src[line + f] * wf + src[line + g] * wg + src[line + h] * wh + src[line + i] * wi;
      }
    } else {
      for (let line = 0, out = base + k; line < end; line += width, out += width) {
        let acc = 0;
        for (let j = t; j < t + taps; j++) acc += src[line + index[j]] * weight[j];
        dst[out] = acc;
      }
    }
  }
}

/**
 * Row synthesis of the interior outputs, one row at a time: the samples the outputs read slide along
 * the row, four new ones per two pairs.
 */
function rowsInterior(dst: Float32Array, base: number, src: Float32Array, rows: number, q: Interior, width: number): void {
  const [e0, e1, e2, e3, e4, e5, e6] = q.even;
  const [o0, o1, o2, o3, o4, o5, o6, o7, o8] = q.odd;
  const { m0, m1 } = q;
  for (let y = 0; y < rows; y++) {
    const line = y * width;
    let l = line + q.low + m0 - 1;
    let h = line + q.high + m0 - 2;
    let a = src[l], b = src[l + 1], c = src[l + 2];
    let p = src[h], r = src[h + 1], s = src[h + 2], t = src[h + 3];
    for (let out = base + line + 2 * m0, end = base + line + 2 * m1; out < end; out += 4, l += 2, h += 2) {
      const d = src[l + 3], u = src[h + 4];
      const f = src[l + 4], v = src[h + 5];
      dst[out] = a * e0 + b * e1 + c * e2 + p * e3 + r * e4 + s * e5 + t * e6;
      dst[out + 1] = a * o0 + b * o1 + c * o2 + d * o3 + p * o4 + r * o5 + s * o6 + t * o7 + u * o8;
      dst[out + 2] = b * e0 + c * e1 + d * e2 + r * e3 + s * e4 + t * e5 + u * e6;
      dst[out + 3] = b * o0 + c * o1 + d * o2 + f * o3 + r * o4 + s * o5 + t * o6 + u * o7 + v * o8;
      (a = c), (b = d), (c = f);
      (p = s), (r = t), (s = u), (t = v);
    }
  }
}

/**
 * Walks the reference synthesis of one line of n samples and records, for each output sample, the
 * source samples and weights it sums, in order. The walk follows the specification's rules for
 * even/odd line lengths, symmetric (odd-length) and antisymmetric (even-length) filters, and the
 * reflection at each end; `inv` swaps the halves (spectral inversion).
 */
function planLine(n: number, f: WaveletFilters, inv: boolean): LinePlan {
  const lo = f.lo;
  const lsz = lo.length;
  const hsz = f.hi.length;
  const daEv = n % 2 === 1;
  const fiEv = lsz % 2 === 1;
  let llen: number, hlen: number;
  if (daEv) (llen = (n + 1) >> 1), (hlen = llen - 1);
  else llen = hlen = n >> 1;

  let asym: boolean, ssfac: number, ofhre: number, loc: number, hoc: number, lotap: number, hotap: number;
  let olle: number, ohle: number, olre: number, ohre: number;
  let hi = Array.from(f.hi);
  if (fiEv) {
    asym = false;
    ssfac = 1;
    ofhre = 0;
    loc = (lsz - 1) >> 2;
    hoc = ((hsz + 1) >> 2) - 1;
    lotap = ((lsz - 1) >> 1) % 2;
    hotap = ((hsz + 1) >> 1) % 2;
    if (daEv) (olle = 0), (olre = 0), (ohle = 1), (ohre = 1);
    else (olle = 0), (olre = 1), (ohle = 1), (ohre = 0);
  } else {
    asym = true;
    ssfac = -1;
    ofhre = 2;
    loc = (lsz >> 2) - 1;
    hoc = (hsz >> 2) - 1;
    lotap = (lsz >> 1) % 2;
    hotap = (hsz >> 1) % 2;
    if (daEv) (olle = 1), (olre = 0), (ohle = 1), (ohre = 1);
    else (olle = 1), (olre = 1), (ohle = 1), (ohre = 1);
    if (loc === -1) (loc = 0), (olle = 0);
    if (hoc === -1) (hoc = 0), (ohle = 0);
    hi = hi.map((v) => -v);
  }

  const terms: [number, number][][] = Array.from({ length: Math.max(n, 2) }, () => []);
  const lp0 = inv ? hlen : 0;
  const lp1 = lp0 + llen - 1;
  const hp0 = inv ? 0 : llen;
  const hp1 = hp0 + hlen - 1;

  // Lowpass sample: replaces the output with taps tap, tap+2, ... walked with reflection.
  const low = (out: number, lpx: number, lpxstr: number, tap: number, lle: number, lre: number): void => {
    const list: [number, number][] = [[lpx, lo[tap]]];
    for (let i = tap + 2; i < lsz; i += 2) {
      if (lpx === lp0) {
        if (lle) (lpxstr = 0), (lle = 0);
        else lpxstr = 1;
      }
      if (lpx === lp1) {
        if (lre) (lpxstr = 0), (lre = 0);
        else lpxstr = -1;
      }
      lpx += lpxstr;
      list.push([lpx, lo[i]]);
    }
    terms[out] = list;
  };
  // Highpass sample: adds its taps to the output; returns the antisymmetric right-edge counter.
  const high = (out: number, hpx: number, hpxstr: number, tap: number, hle: number, hre: number, sfac: number, fhre: number): number => {
    for (let i = tap; i < hsz; i += 2) {
      if (hpx === hp0) {
        if (hle) (hpxstr = 0), (hle = 0);
        else (hpxstr = 1), (sfac = 1);
      }
      if (hpx === hp1) {
        if (hre) {
          hpxstr = 0;
          hre = 0;
          if (asym && daEv) {
            hre = 1;
            fhre--;
            sfac = fhre;
            if (sfac === 0) hre = 0;
          }
        } else {
          hpxstr = -1;
          if (asym) sfac = -1;
        }
      }
      // sfac is -1, 0 or 1: folding it into the weight is exact in single precision.
      if (sfac !== 0) terms[out].push([hpx, hi[i] * sfac]);
      hpx += hpxstr;
    }
    return fhre;
  };

  let limg = 0;
  let himg = 0;
  let lspx = lp0 + loc;
  let lspxstr = -1;
  let lstap = lotap;
  let lle2 = olle;
  const lre2 = olre;
  let hspx = hp0 + hoc;
  let hspxstr = -1;
  let hstap = hotap;
  let hle2 = ohle;
  const hre2 = ohre;
  let osfac = ssfac;
  let fhre = 0;

  for (let pix = 0; pix < hlen; pix++) {
    for (let tap = lstap; tap >= 0; tap--) low(limg++, lspx, lspxstr, tap, lle2, lre2);
    if (lspx === lp0) {
      if (lle2) (lspxstr = 0), (lle2 = 0);
      else lspxstr = 1;
    }
    lspx += lspxstr;
    lstap = 1;
    for (let tap = hstap; tap >= 0; tap--) fhre = high(himg++, hspx, hspxstr, tap, hle2, hre2, osfac, ofhre);
    if (hspx === hp0) {
      if (hle2) (hspxstr = 0), (hle2 = 0);
      else (hspxstr = 1), (osfac = 1);
    }
    hspx += hspxstr;
    hstap = 1;
  }

  lstap = daEv ? (lotap ? 1 : 0) : lotap ? 2 : 1;
  for (let tap = 1; tap >= lstap; tap--) low(limg++, lspx, lspxstr, tap, lle2, lre2);

  if (daEv) {
    hstap = hotap ? 1 : 0;
    if (hsz === 2) (hspx -= hspxstr), (fhre = 1);
  } else hstap = hotap ? 2 : 1;
  for (let tap = 1; tap >= hstap; tap--) fhre = high(himg++, hspx, hspxstr, tap, hle2, hre2, osfac, hsz !== 2 ? ofhre : fhre);

  const taps = Math.max(1, ...terms.slice(0, n).map((l) => l.length));
  const count = new Uint8Array(n);
  const index = new Int32Array(n * taps);
  const weight = new Float32Array(n * taps);
  for (let k = 0; k < n; k++) {
    count[k] = Math.max(1, terms[k].length);
    // Padding terms read the line's first sample with weight 0; an output no tap reached (only on
    // degenerate lines) is therefore zero, as in the reference's cleared buffer.
    terms[k].forEach(([i, w], j) => {
      index[k * taps + j] = i;
      weight[k * taps + j] = w;
    });
  }
  const interior = f.lo.length === 7 && f.hi.length === 9 ? interiorOf(terms, n, lp0, hp0) : null;
  return { n, taps, count, index, weight, interior };
}

/**
 * The outputs of a planned line that follow the interior pattern (see Interior), with the weights of
 * its middle pair: the longest run of pairs around the middle whose terms match, null if none.
 */
function interiorOf(terms: [number, number][][], n: number, low: number, high: number): Interior | null {
  const middle = n >> 2;
  if (2 * middle + 1 >= n) return null;
  const even = Float32Array.from(terms[2 * middle], ([, w]) => w);
  const odd = Float32Array.from(terms[2 * middle + 1], ([, w]) => w);
  const fits = (m: number): boolean => {
    const e = terms[2 * m];
    const o = terms[2 * m + 1];
    return (
      e.length === 7 &&
      o.length === 9 &&
      e.every(([i, w], j) => i === (j < 3 ? low + m - 1 + j : high + m - 5 + j) && w === even[j]) &&
      o.every(([i, w], j) => i === (j < 4 ? low + m - 1 + j : high + m - 6 + j) && w === odd[j])
    );
  };
  if (!fits(middle)) return null;
  let m0 = middle;
  let m1 = middle + 1;
  while (m0 > 0 && fits(m0 - 1)) m0--;
  while (2 * m1 + 1 < n && fits(m1)) m1++;
  // The loops take two pairs at a time: an odd one out is left to the plan.
  m1 -= (m1 - m0) % 2;
  return { m0, m1, low, high, even, odd };
}

/**
 * Analysis scratch (one node's row pass output, between the row and the column pass), kept between
 * images like the synthesis scratch. Double, holding values already rounded to single, so the column
 * pass reads its inputs without converting each.
 */
let analysisBuffer = new Float64Array(0);

/**
 * Forward 2-D wavelet transform in place, node 0 up to 19: rows, then columns of each node's area
 * (the decoder undoes columns first). `lowHalf` / `highHalf` are the right halves, centre first, of
 * the symmetric 9-tap lowpass and 7-tap highpass analysis filters. Each line is split into its
 * lowpass half (even phase) and highpass half (odd phase) with whole-sample symmetric extension at
 * both ends; `invRow` / `invCol` put the highpass half first. Every output sums its terms in double
 * precision, first tap first, and is rounded once to single. Rows go from the image to the scratch,
 * columns from the scratch back into the image, both passes walking memory in order: a row's samples
 * slide through the filters, and columns are filtered whole output rows at a time, two lowpass and
 * two highpass rows from the same eleven input rows. Lines of 5 samples or more (the encoder's are 8
 * or more).
 */
export function analyze(img: Float32Array, width: number, tree: WaveletNode[], lowHalf: readonly number[], highHalf: readonly number[]): void {
  if (lowHalf.length !== 5 || highHalf.length !== 4) throw new RangeError('the analysis is written for the 9/7 filter pair');
  if (analysisBuffer.length < img.length) analysisBuffer = new Float64Array(img.length);
  const scratch = analysisBuffer;
  for (const n of tree) {
    analyzeRows(img, width, n, scratch, lowHalf, highHalf);
    analyzeColumns(scratch, n, img, width, lowHalf, highHalf);
  }
}

/** Line index i of a line of n samples, mirrored without repeating the end sample (i > -n, i < 2n - 1). */
const mirror = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);

function analyzeRows(img: Float32Array, width: number, n: WaveletNode, out: Float64Array, lowHalf: readonly number[], highHalf: readonly number[]): void {
  const [l0, l1, l2, l3, l4] = lowHalf;
  const [h0, h1, h2, h3] = highHalf;
  const len = n.lenx;
  const llen = (len + 1) >> 1;
  const hlen = len >> 1;
  const lowAt = n.invRow ? hlen : 0;
  const highAt = n.invRow ? 0 : llen;
  // Past the right end the line reads mirrored (the left end's mirror is the first window only):
  // one compare a sample instead of a mirrored copy of the line.
  const right = 2 * (len - 1);
  for (let y = 0; y < n.leny; y++) {
    const base = (n.y + y) * width + n.x;
    const o = y * len; // the node's rows lie end to end in out
    // Lowpass k is centred on sample 2k, highpass k on sample 2k + 1: both read samples 2k-4..2k+4,
    // which slide along the line two a step.
    let a = img[base + 4], b = img[base + 3], c = img[base + 2], d = img[base + 1], e = img[base];
    let f = img[base + 1], g = img[base + 2];
    for (let k = 0, i = 3; k < llen; k++, i += 2) {
      const h = img[base + (i < len ? i : right - i)];
      const j = img[base + (i + 1 < len ? i + 1 : right - i - 1)];
      out[o + lowAt + k] = Math.fround(l4 * a + l3 * b + l2 * c + l1 * d + l0 * e + l1 * f + l2 * g + l3 * h + l4 * j);
      if (k < hlen) out[o + highAt + k] = Math.fround(h3 * c + h2 * d + h1 * e + h0 * f + h1 * g + h2 * h + h3 * j);
      (a = c), (b = d), (c = e), (d = f), (e = g), (f = h), (g = j);
    }
  }
}

/**
 * Columns a node's row pass left in src (rows end to end) into the node's area of img. Lowpass k and
 * highpass k read input rows 2k-4..2k+4 (mirrored at the ends); k and k + 1 are filtered together,
 * a whole output row each, from input rows 2k-4..2k+6: 2.75 loads an output instead of 8.
 */
function analyzeColumns(src: Float64Array, n: WaveletNode, img: Float32Array, width: number, lowHalf: readonly number[], highHalf: readonly number[]): void {
  const [l0, l1, l2, l3, l4] = lowHalf;
  const [h0, h1, h2, h3] = highHalf;
  const len = n.leny;
  const cols = n.lenx;
  const llen = (len + 1) >> 1;
  const hlen = len >> 1;
  const lowAt = n.invCol ? hlen : 0;
  const highAt = n.invCol ? 0 : llen;
  const base = n.y * width + n.x;
  const row = (i: number) => mirror(i, len) * cols;
  let k = 0;
  for (; k + 1 < hlen; k += 2) {
    const a = row(2 * k - 4), b = row(2 * k - 3), c = row(2 * k - 2), d = row(2 * k - 1), e = row(2 * k);
    const f = row(2 * k + 1), g = row(2 * k + 2), h = row(2 * k + 3), i = row(2 * k + 4), j = row(2 * k + 5), l = row(2 * k + 6);
    const lo = base + (lowAt + k) * width;
    const hi = base + (highAt + k) * width;
    const lo2 = lo + width;
    const hi2 = hi + width;
    for (let x = 0; x < cols; x++) {
      const va = src[a + x], vb = src[b + x], vc = src[c + x], vd = src[d + x], ve = src[e + x];
      const vf = src[f + x], vg = src[g + x], vh = src[h + x], vi = src[i + x], vj = src[j + x], vl = src[l + x];
      img[lo + x] = l4 * va + l3 * vb + l2 * vc + l1 * vd + l0 * ve + l1 * vf + l2 * vg + l3 * vh + l4 * vi;
      img[hi + x] = h3 * vc + h2 * vd + h1 * ve + h0 * vf + h1 * vg + h2 * vh + h3 * vi;
      img[lo2 + x] = l4 * vc + l3 * vd + l2 * ve + l1 * vf + l0 * vg + l1 * vh + l2 * vi + l3 * vj + l4 * vl;
      img[hi2 + x] = h3 * ve + h2 * vf + h1 * vg + h0 * vh + h1 * vi + h2 * vj + h3 * vl;
    }
  }
  // What is left: at most one pair, and the last lowpass row of an odd length.
  for (; k < llen; k++) {
    const a = row(2 * k - 4), b = row(2 * k - 3), c = row(2 * k - 2), d = row(2 * k - 1), e = row(2 * k);
    const f = row(2 * k + 1), g = row(2 * k + 2), h = row(2 * k + 3), i = row(2 * k + 4);
    const lo = base + (lowAt + k) * width;
    const hi = base + (highAt + k) * width;
    for (let x = 0; x < cols; x++) {
      const va = src[a + x], vb = src[b + x], vc = src[c + x], vd = src[d + x], ve = src[e + x];
      const vf = src[f + x], vg = src[g + x], vh = src[h + x], vi = src[i + x];
      img[lo + x] = l4 * va + l3 * vb + l2 * vc + l1 * vd + l0 * ve + l1 * vf + l2 * vg + l3 * vh + l4 * vi;
      if (k < hlen) img[hi + x] = h3 * vc + h2 * vd + h1 * ve + h0 * vf + h1 * vg + h2 * vh + h3 * vi;
    }
  }
}
