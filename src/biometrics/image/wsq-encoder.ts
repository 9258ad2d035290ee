import { InputError } from '../../errors.ts';
import type { GrayImage } from './gray-image.ts';
import { buildHuffmanSpec, canonicalCodes, type HuffmanSpec } from './wsq-huffman.ts';
import * as M from './wsq-markers.ts';
import { buildSubbands, buildWaveletTree, CODED_SUBBANDS, type Subband } from './wsq-tree.ts';
import { analyze, HIGHPASS_HALF, LOWPASS_HALF } from './wsq-wavelet.ts';

export interface WsqEncodeOptions {
  /** Target bits per pixel (the FBI's 15:1 setting is 0.75; 2.25 is near-transparent). */
  bitRate?: number;
  /** Written into the NIST comment; defaults to the image's own resolution. */
  ppi?: number;
}

const BIN_CENTER = 0.44;
/** Relative width of the zero bin (Annex A.4: Z = 1.2 Q). */
const ZERO_BIN_RATIO = 1.2;
/** Subbands whose variance is below this carry nothing worth coding. */
const VARIANCE_FLOOR = 1.01;
/** Where the three data blocks start (Annex A: block 1 subbands 0-18, block 2 19-51, block 3 52-59). */
const BLOCK_STARTS = [0, 19, 52, CODED_SUBBANDS];
/** Smallest line the symmetric extension handles without wrapping twice: every tree node >= 8. */
const MIN_NODE = 8;
const MAX_VALUE = 32767;
/** M.SYM_ZERO_RUN_MAX, local to the hot loops. */
const ZERO_RUN_MAX = M.SYM_ZERO_RUN_MAX;

/**
 * Encodes an 8-bit grayscale image as WSQ (FBI WSQ Gray-scale Fingerprint Image Compression
 * Specification v3.1): normalisation, the 20-node 9/7 wavelet decomposition into 64 subbands,
 * uniform scalar quantisation with a dead zone, and Huffman coding in three blocks. Bin widths follow
 * the specification's subband weighting (wider bins where variance is low and in the finest
 * subbands); their common scale is then searched so that the coded size meets the bit rate, so a
 * 0.75 bpp request gives a file of at most 0.75 bits per pixel (10.7:1). The output carries a
 * NIST_COM comment with the resolution and decodes with `decodeWsq`.
 */
export function encodeWsq(image: GrayImage, opts: WsqEncodeOptions = {}): Uint8Array {
  const bitRate = opts.bitRate ?? 0.75;
  const ppi = Math.round(opts.ppi ?? image.ppi ?? 500);
  const { width, height, pixels } = image;
  if (!(bitRate > 0 && bitRate <= 8)) throw new InputError(`WSQ bit rate must be in (0, 8] bits per pixel (got ${bitRate})`);
  if (pixels.length !== width * height) throw new InputError(`image of ${width}x${height} has ${pixels.length} pixels`);
  if (width > 65535 || height > 65535) throw new InputError(`image ${width}x${height} is larger than WSQ allows (65535)`);
  const tree = buildWaveletTree(width, height);
  if (tree.some((n) => n.lenx < MIN_NODE || n.leny < MIN_NODE)) throw new InputError(`image ${width}x${height} is too small for the WSQ decomposition (at least about 256x256)`);
  const subbands = buildSubbands(tree);

  // Normalise to roughly [-128, 128] around the mean, using the values as stored in the frame header.
  // A histogram gives the sum and range, and a table the 256 normalised values.
  const histogram = pixelHistogram(pixels);
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * histogram[v];
  const lo = histogram.findIndex((c) => c > 0);
  const hi = 255 - histogram.toReversed().findIndex((c) => c > 0);
  const mShift = stored(sum / pixels.length);
  const rScale = stored(Math.max(hi - mShift.value, mShift.value - lo, 1) / 128);
  const normalised = new Float32Array(256);
  for (let v = 0; v < 256; v++) normalised[v] = (v - mShift.value) / rScale.value;
  if (coeffBuffer.length < width * height) coeffBuffer = new Float32Array(width * height);
  const coeffs = coeffBuffer.subarray(0, width * height);
  normalise(pixels, normalised, coeffs);
  analyze(coeffs, width, tree, LOWPASS_HALF, HIGHPASS_HALF);

  const variances = subbands.slice(0, CODED_SUBBANDS).map((s) => variance(coeffs, width, s));
  const coded = gather(coeffs, width, subbands);
  const weights = binWeights(variances);
  const targetBytes = (bitRate * width * height) / 8;
  const binsAt = (scale: number) => weights.map((w) => w * scale);
  // Coded size falls as the bins widen, roughly as a power of the scale: from the rate model's
  // guess, secant steps on log-log axes (aimed at the middle of the accepted band) find a scale that
  // fills the budget to within 2 %, sizing each try from its symbol counts and code lengths alone;
  // the file is written once. Some images' size is nearly flat in the scale over a wide range (a
  // large blank background), so once the target is bracketed a step never leaves the bracket's
  // middle 80 % (on log axes), falling back to its midpoint.
  const budget = targetBytes * 0.99;
  const aim = budget * 0.99;
  let s1 = modelScale(weights, variances, subbands, width * height, bitRate);
  let s0 = NaN;
  let b0 = NaN;
  let narrow = 0; // largest scale known to overshoot the budget
  let wide = Infinity; // smallest scale known to fall below the band
  let highScale = Infinity;
  for (let i = 0; i < 16; i++) {
    const b1 = codedBytes(coded, binsAt(s1));
    if (b1 <= budget) highScale = Math.min(highScale, s1);
    if (b1 <= budget && b1 >= budget * 0.98) break;
    if (b1 > budget) narrow = Math.max(narrow, s1);
    else wide = Math.min(wide, s1);
    // Before a second point, the slope typical of these images (about -2/3); where the size barely
    // moves, steps as if the slope were -1/4 (a flat stretch is crossed in a few steps, not many).
    const slope = Number.isNaN(s0) ? -2 / 3 : Math.log(b1 / b0) / Math.log(s1 / s0);
    let next = s1 * Math.exp(Math.log(aim / b1) / (Number.isFinite(slope) && slope < -0.05 ? slope : -0.25));
    if (narrow > 0 && Number.isFinite(wide)) {
      const lo = Math.log(narrow);
      const span = Math.log(wide) - lo;
      const at = (Math.log(next) - lo) / span;
      if (!(at > 0.1 && at < 0.9)) next = Math.exp(lo + span / 2);
    }
    (s0 = s1), (b0 = b1), (s1 = Math.min(Math.max(next, s1 / 100), s1 * 100));
  }
  if (!Number.isFinite(highScale)) highScale = s1;
  // The estimate leaves out byte stuffing and padding: widen a little more if the file overshoots.
  for (let scale = highScale; ; scale *= 1.01) {
    const out = assemble(image, ppi, mShift, rScale, coded, binsAt(scale), bitRate);
    if (out.length <= targetBytes || scale > 1e6) return out;
  }
}

/**
 * How often each grey level occurs. Four partial histograms, summed at the end: neighbouring pixels
 * are often equal, and one histogram would make each count wait for the previous one's store.
 */
function pixelHistogram(pixels: Uint8Array): Int32Array {
  const h = new Int32Array(4 * 256);
  countPixels(pixels, h);
  const histogram = new Int32Array(256);
  for (let v = 0; v < 256; v++) histogram[v] = h[v] + h[256 + v] + h[512 + v] + h[768 + v];
  return histogram;
}

// The hot loops of functions called once or a few times an image sit alone at the end of small
// functions like these: V8 keeps the code it compiles for a long-running loop (on-stack
// replacement) and enters it again on later calls, and code after the loop that had not yet run
// when it was compiled then deoptimises on every call (encodeWsq did, every other image).

function countPixels(pixels: Uint8Array, h: Int32Array): void {
  const n = pixels.length;
  let i = 0;
  for (; i < (n & 3); i++) h[pixels[i]]++;
  for (; i < n; i += 4) {
    h[pixels[i]]++;
    h[256 + pixels[i + 1]]++;
    h[512 + pixels[i + 2]]++;
    h[768 + pixels[i + 3]]++;
  }
}

function normalise(pixels: Uint8Array, table: Float32Array, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = table[pixels[i]];
}

/**
 * A first guess at the common bin scale from the high-rate model of the specification's bit
 * allocation (Annex A): a subband of variance s^2 coded with bins Q costs about log2(2.5 s / Q) bits
 * per coefficient, subbands whose share would be negative cost nothing; the scale that makes the
 * area-weighted sum equal the bit rate, times MODEL_CORRECTION (an empirical factor: the model leaves
 * out zero runs, escapes and code lengths). Only where the search starts: the search decides.
 */
function modelScale(weights: number[], variances: number[], subbands: Subband[], area: number, bitRate: number): number {
  const coded = weights.map((w) => w > 0);
  let log2Scale = 0;
  for (let round = 0; round < CODED_SUBBANDS; round++) {
    let share = 0;
    let sum = 0;
    for (let k = 0; k < CODED_SUBBANDS; k++) {
      if (!coded[k]) continue;
      const m = (subbands[k].lenx * subbands[k].leny) / area;
      share += m;
      sum += m * Math.log2((2.5 * Math.sqrt(variances[k])) / weights[k]);
    }
    if (share === 0) return 1;
    log2Scale = (sum - bitRate) / share;
    let dropped = false;
    for (let k = 0; k < CODED_SUBBANDS; k++) {
      if (coded[k] && (2.5 * Math.sqrt(variances[k])) / weights[k] <= 2 ** log2Scale) (coded[k] = false), (dropped = true);
    }
    if (!dropped) break;
  }
  return MODEL_CORRECTION * 2 ** log2Scale;
}

/** Final scale / model scale on synthetic 320x400 impressions at 0.75 bpp: median 1.55 (1.15-1.88). */
const MODEL_CORRECTION = 1.55;

/** The coded subbands' coefficients, each subband's rows end to end: subband k is at offsets[k]..offsets[k+1]. */
interface Gathered {
  values: Float32Array;
  offsets: Int32Array;
  /** Largest magnitude in each subband: a zero bin at least this wide makes the whole subband one run. */
  peak: Float64Array;
}

/** Copies subbands 0..59 out of the transformed image once, so that every quantisation is a linear scan. */
function gather(coeffs: Float32Array, width: number, subbands: Subband[]): Gathered {
  const offsets = new Int32Array(CODED_SUBBANDS + 1);
  for (let k = 0; k < CODED_SUBBANDS; k++) offsets[k + 1] = offsets[k] + subbands[k].lenx * subbands[k].leny;
  if (gatherBuffer.length < offsets[CODED_SUBBANDS]) gatherBuffer = new Float32Array(offsets[CODED_SUBBANDS]);
  const values = gatherBuffer.subarray(0, offsets[CODED_SUBBANDS]);
  const peak = new Float64Array(CODED_SUBBANDS);
  for (let k = 0; k < CODED_SUBBANDS; k++) {
    const { x, y, lenx, leny } = subbands[k];
    let pk = 0;
    for (let row = 0; row < leny; row++) pk = copyRow(coeffs, (y + row) * width + x, lenx, values, offsets[k] + row * lenx, pk);
    peak[k] = pk;
  }
  return { values, offsets, peak };
}

/** Copies n coefficients from coeffs at `from` to values at `to`; returns the larger of peak and their largest magnitude. */
function copyRow(coeffs: Float32Array, from: number, n: number, values: Float32Array, to: number, peak: number): number {
  for (let j = 0; j < n; j++) {
    const v = coeffs[from + j];
    values[to + j] = v;
    peak = Math.max(peak, Math.abs(v));
  }
  return peak;
}

/**
 * Approximate size of the coded file for these bins: entropy-coded data plus fixed segments. Only
 * symbol counts are needed (a symbol's bits are its code length plus its extra bits), so the
 * coefficients are quantised and counted in one pass without storing the symbols.
 */
function codedBytes(g: Gathered, bins: number[]): number {
  const q = bins.map((b) => (b > 0 ? stored(b) : null));
  const z = bins.map((b) => (b > 0 ? stored(ZERO_BIN_RATIO * b) : null));
  const freq0 = new Int32Array(256);
  const freq1 = new Int32Array(256);
  countSymbols(g, q, z, BLOCK_STARTS[0], BLOCK_STARTS[1], freq0);
  countSymbols(g, q, z, BLOCK_STARTS[1], BLOCK_STARTS[2], freq1);
  countSymbols(g, q, z, BLOCK_STARTS[2], BLOCK_STARTS[3], freq1);
  let bits = 0;
  for (const freq of [freq0, freq1]) {
    const length = codeLengths(huffmanSpec(freq));
    for (let s = 0; s < 256; s++) bits += freq[s] * (length[s] + EXTRA_BITS[s]);
  }
  return bits / 8 + FIXED_SEGMENT_BYTES;
}

/**
 * Working buffers kept between images (encoding is synchronous, one image at a time per thread): the
 * transformed image, its subbands gathered and the file's symbols, some 1.7 MB for a 320x400 image.
 */
let coeffBuffer = new Float32Array(0);
let gatherBuffer = new Float32Array(0);
let pairBuffer = new Int32Array(0);

/** Everything but the coded data and the Huffman tables (markers, comment, DTT, DQT, SOF, SOBs). */
const FIXED_SEGMENT_BYTES = 900;

/** Bits that follow each symbol's code: the value or run length of the 8- and 16-bit escapes. */
const EXTRA_BITS = new Uint8Array(256);
for (const s of [M.SYM_POS8, M.SYM_NEG8, M.SYM_ZRUN8]) EXTRA_BITS[s] = 8;
for (const s of [M.SYM_POS16, M.SYM_NEG16, M.SYM_ZRUN16]) EXTRA_BITS[s] = 16;

/** A positive value as WSQ stores it (16-bit mantissa, decimal exponent), and what it decodes to. */
function stored(v: number): { value: number; exponent: number; mantissa: number } {
  let exponent = 0;
  while (exponent < 9 && Math.round(v * 10 ** (exponent + 1)) <= 65535) exponent++;
  const mantissa = Math.min(65535, Math.round(v * 10 ** exponent));
  let value = Math.fround(mantissa);
  for (let e = exponent; e > 0; e--) value = Math.fround(value / 10);
  return { value, exponent, mantissa };
}

/** Variance over the central part of a subband (Annex A.4 skips an eighth at the left and top). */
function variance(c: Float32Array, width: number, s: Subband): number {
  const x0 = Math.floor(s.lenx / 8);
  const y0 = Math.floor(s.leny / 8);
  const w = Math.floor((3 * s.lenx) / 4);
  const h = Math.floor((7 * s.leny) / 16);
  let sum = 0;
  let sq = 0;
  let count = 0;
  for (let y = s.y + y0; y < s.y + y0 + h; y++) {
    for (let x = s.x + x0; x < s.x + x0 + w; x++) {
      const v = c[y * width + x];
      sum += v;
      sq += v * v;
      count++;
    }
  }
  return count > 1 ? (sq - (sum * sum) / count) / (count - 1) : 0;
}

/**
 * Relative bin widths per subband before the common scale: 1 for the four coarsest subbands,
 * 10 / (A_k ln var_k) elsewhere (A_k > 1 widens the diagonal detail subbands 52-59), 0 = not coded.
 */
function binWeights(variances: number[]): number[] {
  const a = (k: number) => ([52, 56].includes(k) ? 1.32 : [53, 55, 58, 59].includes(k) ? 1.08 : [54, 57].includes(k) ? 1.42 : 1);
  return variances.map((v, k) => (v < VARIANCE_FLOOR ? 0 : k < 4 ? 1 : 10 / (a(k) * Math.log(v))));
}

/** The whole file for one choice of bin widths. */
function assemble(
  image: GrayImage,
  ppi: number,
  mShift: ReturnType<typeof stored>,
  rScale: ReturnType<typeof stored>,
  coded: Gathered,
  bins: number[],
  bitRate: number,
): Uint8Array {
  const q = bins.map((b) => (b > 0 ? stored(b) : null));
  const z = bins.map((b) => (b > 0 ? stored(ZERO_BIN_RATIO * b) : null));
  // The three blocks' symbols end to end in one buffer: at most one pair per coefficient plus one
  // per run split (a few).
  let count = 0;
  for (let k = 0; k < CODED_SUBBANDS; k++) if (q[k]) count += coded.offsets[k + 1] - coded.offsets[k];
  if (pairBuffer.length < 2 * count + 24) pairBuffer = new Int32Array(2 * count + 24);
  let at = 0;
  const blocks = BLOCK_STARTS.slice(0, -1).map((start, i) => {
    const pairs = symbols(coded, q, z, start, BLOCK_STARTS[i + 1], pairBuffer.subarray(at));
    at += pairs.length;
    return pairs;
  });
  const out = new ByteWriter();
  out.marker(M.SOI);
  const comment = `NIST_COM 9\nPIX_WIDTH ${image.width}\nPIX_HEIGHT ${image.height}\nPIX_DEPTH 8\nPPI ${ppi}\nLOSSY 1\nCOLORSPACE GRAY\nCOMPRESSION WSQ\nWSQ_BITRATE ${bitRate.toFixed(6)}`;
  out.marker(M.COM);
  out.u16(2 + comment.length);
  for (const ch of comment) out.u8(ch.charCodeAt(0));
  writeTransformTable(out);
  out.marker(M.DQT);
  out.u16(2 + 3 + 64 * 6);
  out.scaled(stored(BIN_CENTER));
  for (let k = 0; k < 64; k++) {
    out.scaled(q[k] ?? { exponent: 0, mantissa: 0 });
    out.scaled(z[k] ?? { exponent: 0, mantissa: 0 });
  }
  // Table 0 codes block 1; table 1 codes blocks 2 and 3 together.
  const table0 = huffman(symbolCounts([blocks[0]]));
  const table1 = huffman(symbolCounts([blocks[1], blocks[2]]));
  writeHuffmanTable(out, 0, table0.spec);
  out.marker(M.SOF);
  out.u16(17);
  out.u8(0); // black
  out.u8(255); // white
  out.u16(image.height);
  out.u16(image.width);
  out.scaled(mShift);
  out.scaled(rScale);
  out.u8(2); // encoder number
  out.u16(0); // software id
  writeBlock(out, 0, blocks[0], table0.codes);
  writeHuffmanTable(out, 1, table1.spec);
  writeBlock(out, 1, blocks[1], table1.codes);
  writeBlock(out, 1, blocks[2], table1.codes);
  out.marker(M.EOI);
  return out.bytes();
}

type Stored = ReturnType<typeof stored>;

/**
 * The quantised value of a coefficient (Annex A.4): 0 inside the zero bin of width z, else its bin
 * of width q beyond the zero bin's edge, counted from +-1; clamped to what the 16-bit escape carries.
 */
function quantize(v: number, qv: number, halfZ: number): number {
  // On the magnitude, one test: rounding is symmetric, so ceil((v + Z/2) / q) - 1 for v < 0 is
  // exactly -(floor((|v| - Z/2) / q) + 1).
  const a = Math.abs(v);
  if (!(a > halfZ)) return 0;
  const m = Math.min(MAX_VALUE, Math.floor((a - halfZ) / qv) + 1);
  return v < 0 ? -m : m;
}

/** VALUE_SYMBOL[p + MAX_VALUE]: the symbol of a non-zero quantised value p (its extra bits, if any, carry |p|). */
const VALUE_SYMBOL = new Uint8Array(2 * MAX_VALUE + 1);
for (let p = -MAX_VALUE; p <= MAX_VALUE; p++) {
  VALUE_SYMBOL[p + MAX_VALUE] =
    p >= M.SYM_VALUE_MIN - M.SYM_VALUE_OFFSET && p <= M.SYM_VALUE_MAX - M.SYM_VALUE_OFFSET ? p + M.SYM_VALUE_OFFSET
    : p > 0 ? (p <= 255 ? M.SYM_POS8 : M.SYM_POS16)
    : p >= -255 ? M.SYM_NEG8 : M.SYM_NEG16;
}

/** The symbol of a zero run of 1..65535 (its extra bits, if any, carry the run length). */
function runSymbol(r: number): number {
  return r <= M.SYM_ZERO_RUN_MAX ? r : r <= 255 ? M.SYM_ZRUN8 : M.SYM_ZRUN16;
}

/** Longest run one symbol codes: longer runs are split. */
const MAX_RUN = 65535;

/** Adds the symbol counts of the quantised coefficients of subbands start..end-1 to freq. */
function countSymbols(g: Gathered, q: (Stored | null)[], z: (Stored | null)[], start: number, end: number, freq: Int32Array): void {
  const { values, offsets, peak } = g;
  let run = 0;
  for (let k = start; k < end; k++) {
    const qk = q[k];
    if (!qk) continue;
    const halfZ = z[k]!.value / 2;
    if (!(peak[k] > halfZ)) run += offsets[k + 1] - offsets[k];
    else run = countSubband(values, offsets[k], offsets[k + 1], qk.value, halfZ, run, freq);
  }
  if (run !== 0) countRun(freq, run);
}

/**
 * countSymbols for the coefficients from..to-1, taking and returning the zero run carried across
 * subbands. Zeros are skipped in a loop of their own (most coefficients are zero at these rates).
 */
function countSubband(values: Float32Array, from: number, to: number, qv: number, halfZ: number, run: number, freq: Int32Array): number {
  let i = from;
  for (;;) {
    const zeros = i;
    while (i < to && !(Math.abs(values[i]) > halfZ)) i++;
    run += i - zeros;
    if (i === to) return run;
    const p = quantize(values[i++], qv, halfZ);
    if (run !== 0) {
      if (run <= ZERO_RUN_MAX) freq[run]++;
      else countRun(freq, run);
      run = 0;
    }
    freq[VALUE_SYMBOL[p + MAX_VALUE]]++;
  }
}

/** Counts the symbols of a zero run (runs longer than one symbol codes are split). */
function countRun(freq: Int32Array, run: number): void {
  for (; run > 0; run -= MAX_RUN) freq[runSymbol(Math.min(run, MAX_RUN))]++;
}

/**
 * Symbols (and their extra bits) of the quantised coefficients of subbands start..end-1, as pairs:
 * symbol, then the extra value (or -1 when the symbol carries no extra bits). The same scan as
 * countSymbols, for the file itself, written into out (returned: the part used).
 */
function symbols(g: Gathered, q: (Stored | null)[], z: (Stored | null)[], start: number, end: number, out: Int32Array): Int32Array {
  const { values, offsets, peak } = g;
  let n = 0;
  let run = 0;
  for (let k = start; k < end; k++) {
    const qk = q[k];
    if (!qk) continue;
    const qv = qk.value;
    const halfZ = z[k]!.value / 2;
    if (!(peak[k] > halfZ)) {
      run += offsets[k + 1] - offsets[k];
      continue;
    }
    // As countSubband: zeros in a loop of their own.
    for (let i = offsets[k], stop = offsets[k + 1]; ; ) {
      const zeros = i;
      while (i < stop && !(Math.abs(values[i]) > halfZ)) i++;
      run += i - zeros;
      if (i === stop) break;
      const p = quantize(values[i++], qv, halfZ);
      if (run !== 0) (n = writeRun(out, n, run)), (run = 0);
      const s = VALUE_SYMBOL[p + MAX_VALUE];
      out[n++] = s;
      out[n++] = EXTRA_BITS[s] ? Math.abs(p) : -1;
    }
  }
  if (run !== 0) n = writeRun(out, n, run);
  return out.subarray(0, n);
}

/** Writes the symbols of a zero run at out[n..]; returns the new end. */
function writeRun(out: Int32Array, n: number, run: number): number {
  for (; run > 0; run -= MAX_RUN) {
    const r = Math.min(run, MAX_RUN);
    out[n++] = runSymbol(r);
    out[n++] = r <= ZERO_RUN_MAX ? -1 : r;
  }
  return n;
}

function symbolCounts(blocks: Int32Array[]): Int32Array {
  const freq = new Int32Array(256);
  for (const b of blocks) for (let i = 0; i < b.length; i += 2) freq[b[i]]++;
  return freq;
}

function huffman(counts: Int32Array): { spec: HuffmanSpec; codes: { length: Uint8Array; code: Uint16Array } } {
  const spec = huffmanSpec(counts);
  const canonical = canonicalCodes(spec.bits)!;
  const length = new Uint8Array(256);
  const code = new Uint16Array(256);
  spec.values.forEach((v, i) => {
    length[v] = canonical.sizes[i];
    code[v] = canonical.codes[i];
  });
  return { spec, codes: { length, code } };
}

function huffmanSpec(counts: Int32Array): HuffmanSpec {
  // A block with no symbols still needs a table the decoder accepts.
  if (counts.every((f) => f === 0)) {
    const one = new Int32Array(256);
    one[1] = 1;
    return buildHuffmanSpec(one);
  }
  return buildHuffmanSpec(counts);
}

/** Each symbol's code length (0: no code) from a table: its values in code order, bits[l] of length l. */
function codeLengths(spec: HuffmanSpec): Uint8Array {
  const length = new Uint8Array(256);
  for (let l = 1, i = 0; l <= 16; l++) for (let j = 0; j < spec.bits[l]; j++) length[spec.values[i++]] = l;
  return length;
}

function writeHuffmanTable(out: ByteWriter, id: number, spec: HuffmanSpec): void {
  out.marker(M.DHT);
  out.u16(2 + 1 + 16 + spec.values.length);
  out.u8(id);
  for (let l = 1; l <= 16; l++) out.u8(spec.bits[l]);
  for (const v of spec.values) out.u8(v);
}

function writeBlock(out: ByteWriter, table: number, syms: Int32Array, codes: { length: Uint8Array; code: Uint16Array }): void {
  out.marker(M.SOB);
  out.u16(3);
  out.u8(table);
  out.coded(syms, codes.code, codes.length);
  out.flushBits();
}

function writeTransformTable(out: ByteWriter): void {
  out.marker(M.DTT);
  out.u16(2 + 2 + 6 * (LOWPASS_HALF.length + HIGHPASS_HALF.length));
  out.u8(2 * LOWPASS_HALF.length - 1);
  out.u8(2 * HIGHPASS_HALF.length - 1);
  for (const c of [...LOWPASS_HALF, ...HIGHPASS_HALF]) {
    out.u8(c < 0 ? 1 : 0);
    const e = 9;
    out.u8(e);
    out.u32(Math.round(Math.abs(c) * 10 ** e));
  }
}

/** A growing byte buffer with a bit writer that stuffs a zero after every 0xFF in coded data. */
class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private n = 0;
  private acc = 0;
  private count = 0;

  u8(v: number): void {
    if (this.n === this.buf.length) this.reserve(1);
    this.buf[this.n++] = v & 255;
  }
  /** Room for `more` bytes after the last. */
  private reserve(more: number): void {
    if (this.n + more <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.n + more));
    bigger.set(this.buf);
    this.buf = bigger;
  }
  /**
   * Appends symbol/extra pairs (see symbols) as coded bits: what `bits` does for each code and each
   * escape's extra bits, with the bit buffer in locals and the room reserved up front (a pair is at
   * most 32 bits, 8 bytes once stuffed).
   */
  coded(syms: Int32Array, code: Uint16Array, length: Uint8Array): void {
    this.reserve(4 * syms.length + 8);
    const buf = this.buf;
    let n = this.n;
    let acc = this.acc;
    let count = this.count;
    for (let i = 0; i < syms.length; i += 2) {
      const s = syms[i];
      acc = (acc << length[s]) | code[s];
      count += length[s];
      const extra = EXTRA_BITS[s];
      if (extra !== 0) {
        // At most 7 + 16 bits wait here: flush a byte first so acc stays within 32 bits.
        while (count >= 8) {
          count -= 8;
          const b = (acc >> count) & 255;
          buf[n++] = b;
          if (b === 0xff) buf[n++] = 0;
        }
        acc = (acc << extra) | syms[i + 1];
        count += extra;
      }
      while (count >= 8) {
        count -= 8;
        const b = (acc >> count) & 255;
        buf[n++] = b;
        if (b === 0xff) buf[n++] = 0;
      }
      acc &= (1 << count) - 1;
    }
    this.n = n;
    this.acc = acc;
    this.count = count;
  }
  u16(v: number): void {
    this.u8(v >> 8);
    this.u8(v);
  }
  u32(v: number): void {
    this.u16(Math.floor(v / 65536));
    this.u16(v & 0xffff);
  }
  marker(m: number): void {
    this.u16(m);
  }
  scaled(s: { exponent: number; mantissa: number }): void {
    this.u8(s.exponent);
    this.u16(s.mantissa);
  }
  /** Appends the low `length` (<= 16) bits of value, most significant first. */
  bits(value: number, length: number): void {
    // Fewer than 8 bits wait in acc between calls, so acc stays below 2^24.
    this.acc = (this.acc << length) | value;
    this.count += length;
    while (this.count >= 8) {
      this.count -= 8;
      this.emit((this.acc >> this.count) & 255);
    }
    this.acc &= (1 << this.count) - 1;
  }
  /** Pads the last byte with ones (what the decoder expects before a marker). */
  flushBits(): void {
    if (this.count !== 0) this.bits((1 << (8 - this.count)) - 1, 8 - this.count);
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
  private emit(byte: number): void {
    this.u8(byte);
    if (byte === 0xff) this.u8(0);
  }
}
