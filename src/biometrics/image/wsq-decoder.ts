import { ParseError, UnsupportedError } from '../../errors.ts';
import type { GrayImage } from './gray-image.ts';
import { canonicalCodes } from './wsq-huffman.ts';
import * as M from './wsq-markers.ts';
import { SYM_NEG16, SYM_NEG8, SYM_POS16, SYM_POS8, SYM_VALUE_MAX, SYM_VALUE_MIN, SYM_VALUE_OFFSET, SYM_ZERO_RUN_MAX, SYM_ZRUN16, SYM_ZRUN8 } from './wsq-markers.ts';
import { synthesisFilters, synthesize, type WaveletFilters } from './wsq-wavelet.ts';
import { buildSubbands, buildWaveletTree, CODED_SUBBANDS, SUBBANDS, type Subband, type WaveletNode } from './wsq-tree.ts';

/**
 * Decodes a WSQ image (FBI WSQ Gray-scale Fingerprint Image Compression Specification v3.1):
 * table segments, Huffman-coded quantised coefficients of 64 subbands, dequantisation and the
 * 2-D wavelet synthesis. Arithmetic is single precision as in the reference decoder, so output
 * matches it to within the specification's tolerance (no pixel off by more than 1).
 * Every read is bounds-checked: corrupt data raises ParseError with the byte offset.
 */
export function decodeWsq(bytes: Uint8Array, file?: string): GrayImage {
  return new WsqDecoder(bytes, file).decode();
}

/**
 * Working buffers kept between decodes (decoding is synchronous, one at a time per thread): a
 * tenprint card would otherwise allocate and collect some 100 MB. The coefficients are kept sparse
 * (position and value of each non-zero one, in stream order): at WSQ rates most are zero, and the
 * dequantisation then visits only the others.
 */
const reuse = (() => {
  let at = new Int32Array(0);
  let value = new Int16Array(0);
  let image = new Float32Array(0);
  return {
    coefficients(n: number): Coefficients {
      // One slot spare: the decoder writes the slot after the last value before it knows whether to keep it.
      if (at.length <= n) (at = new Int32Array(n + 1)), (value = new Int16Array(n + 1));
      return { at, value, count: 0 };
    },
    image(n: number): Float32Array {
      if (image.length < n) image = new Float32Array(n);
      const view = image.subarray(0, n);
      view.fill(0);
      return view;
    },
  };
})();

/** The non-zero quantised coefficients: at[i] is the index in subband order of value[i], ascending. */
interface Coefficients {
  at: Int32Array;
  value: Int16Array;
  count: number;
}

/** Bits a decode table resolves in one look-up: nearly every code of a WSQ table is this short. */
const LOOKUP_BITS = 12;
const LOOKUP_MASK = (1 << LOOKUP_BITS) - 1;
/**
 * A look-up entry packs the code length (0: no code that short), the symbol, how far the symbol
 * moves along the coefficients (a run's length, 1 for a small value, 0 for escapes, which carry
 * extra bits, and invalid symbols), whether it stores a non-zero value, and that value.
 */
const ENTRY_LENGTH = 0x1f;
const ENTRY_SYMBOL_SHIFT = 5;
const ENTRY_ADVANCE_SHIFT = 13;
const ENTRY_STORES_SHIFT = 21;
const ENTRY_VALUE_SHIFT = 24;

function lookupEntry(len: number, sym: number): number {
  const small = sym >= SYM_VALUE_MIN && sym <= SYM_VALUE_MAX ? sym - SYM_VALUE_OFFSET : 0;
  const advance = sym >= 1 && sym <= SYM_ZERO_RUN_MAX ? sym : sym >= SYM_VALUE_MIN && sym <= SYM_VALUE_MAX ? 1 : 0;
  return len | (sym << ENTRY_SYMBOL_SHIFT) | (advance << ENTRY_ADVANCE_SHIFT) | ((small !== 0 ? 1 : 0) << ENTRY_STORES_SHIFT) | (small << ENTRY_VALUE_SHIFT);
}

interface HuffmanTable {
  bits: Uint8Array; // counts of codes of length 1..16 at index 1..16
  values: Uint8Array;
  /** Built when a block first uses the table. */
  decode?: DecodeTable;
}

interface DecodeTable {
  maxcode: Int32Array;
  mincode: Int32Array;
  valptr: Int32Array;
  values: Uint8Array;
  /** For each LOOKUP_BITS-bit prefix, the entry (lookupEntry) of the code it starts with, if that short; else 0. */
  lookup: Int32Array;
}

interface Frame {
  width: number;
  height: number;
  mShift: number;
  rScale: number;
}

class WsqDecoder {
  private pos = 0;
  private filters: WaveletFilters | null = null;
  private qBin: Float32Array | null = null;
  private zBin: Float32Array | null = null;
  private binCenter = 0;
  private readonly huffman: (HuffmanTable | null)[] = new Array(M.MAX_HUFFMAN_TABLES).fill(null);
  private ppi = 0;
  private sawBlock = false;
  // Bit reader: up to 32 bits buffered in `acc` (the low `accBits` are unread); filling stops at a
  // marker, which is read as one when the buffer runs dry.
  private acc = 0;
  private accBits = 0;
  private markerAhead = false;
  /** The marker that ended the last block. */
  private endMarker = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly file?: string,
  ) {}

  private fail(reason: string, offset = this.pos, field?: string): never {
    throw new ParseError(reason, { file: this.file, field, offset });
  }

  private u8(): number {
    if (this.pos >= this.bytes.length) this.fail('unexpected end of data');
    return this.bytes[this.pos++];
  }

  private u16(): number {
    return (this.u8() << 8) | this.u8();
  }

  private u32(): number {
    return ((this.u16() << 16) >>> 0) + this.u16();
  }

  /** A value V / 10^E with E a byte and V 16 (or 32) bits, rounded to single precision at each step. */
  private scaled(wide = false): number {
    let e = this.u8();
    let v = Math.fround(wide ? this.u32() : this.u16());
    while (e-- > 0) v = Math.fround(v / 10);
    return v;
  }

  /** A marker: 0xFF (fill bytes allowed) then the code. */
  private marker(): number {
    const at = this.pos;
    if (this.u8() !== 0xff) this.fail('expected a marker (0xFF..)', at);
    let code = this.u8();
    while (code === 0xff) code = this.u8();
    return 0xff00 | code;
  }

  decode(): GrayImage {
    if (this.marker() !== M.SOI) this.fail('not a WSQ file: missing SOI marker 0xFFA0', 0);
    let marker = this.marker();
    while (marker !== M.SOF) {
      this.table(marker);
      marker = this.marker();
    }
    const frame = this.frame();
    const wtree = buildWaveletTree(frame.width, frame.height);
    const subbands = buildSubbands(wtree);
    checkTree(wtree, subbands, frame, (r) => this.fail(r, this.pos, 'SOF'));
    const coefficients = this.blocks(frame, subbands);
    if (!this.filters) this.fail('no transform table (DTT) before the end of the image');
    const image = dequantize(coefficients, frame, subbands, this.qBin!, this.zBin!, this.binCenter);
    synthesize(image, frame.width, wtree, this.filters);
    return { width: frame.width, height: frame.height, ppi: this.ppi > 0 ? this.ppi : 500, pixels: toBytes(image, frame) };
  }

  /** A table or comment segment; anything else here is an error. */
  private table(marker: number): void {
    const at = this.pos - 2;
    switch (marker) {
      case M.DTT:
        return this.transformTable();
      case M.DQT:
        return this.quantizationTable();
      case M.DHT:
        return this.huffmanTable();
      case M.COM:
        return this.comment();
      case M.DRT:
        throw new UnsupportedError('restart intervals (DRT marker) are not supported', { file: this.file, offset: at });
      default:
        this.fail(`unexpected marker ${hex(marker)} (${M.MARKER_NAMES[marker] ?? 'unknown'}) where a table or SOF was expected`, at);
    }
  }

  private transformTable(): void {
    this.u16(); // segment length: fields are read one by one, as the reference decoder does
    const hiSize = this.u8(); // analysis lowpass length = synthesis highpass length
    const loSize = this.u8();
    if (hiSize === 0 || loSize === 0 || hiSize > 32 || loSize > 32) this.fail(`filter lengths ${hiSize}/${loSize} out of range 1..32`, this.pos - 2, 'DTT');
    const half = (n: number) =>
      Array.from({ length: Math.ceil(n / 2) }, () => {
        const sign = this.u8();
        const c = this.scaledWide();
        return sign !== 0 ? -c : c;
      });
    // The segment carries the analysis lowpass half first, then the highpass half.
    const lowHalf = half(hiSize);
    const highHalf = half(loSize);
    this.filters = synthesisFilters(hiSize, lowHalf, loSize, highHalf);
  }

  private scaledWide(): number {
    const e = this.u8();
    let v = Math.fround(this.u32());
    for (let i = 0; i < e; i++) v = Math.fround(v / 10);
    return v;
  }

  private quantizationTable(): void {
    this.u16();
    this.binCenter = this.scaled();
    this.qBin = new Float32Array(SUBBANDS);
    this.zBin = new Float32Array(SUBBANDS);
    for (let i = 0; i < SUBBANDS; i++) {
      this.qBin[i] = this.scaled();
      this.zBin[i] = this.scaled();
    }
  }

  private huffmanTable(): void {
    const start = this.pos;
    let left = this.u16() - 2;
    if (left <= 0) this.fail('empty Huffman table segment', start, 'DHT');
    let first = true;
    while (left > 0) {
      const idAt = this.pos;
      const id = this.u8();
      if (id >= M.MAX_HUFFMAN_TABLES) this.fail(`Huffman table id ${id} out of range 0..7`, idAt, 'DHT');
      if (!first && this.huffman[id]) this.fail(`Huffman table ${id} defined twice in one segment`, idAt, 'DHT');
      const bits = new Uint8Array(17);
      let n = 0;
      for (let l = 1; l <= 16; l++) n += bits[l] = this.u8();
      if (n === 0 || n > 256) this.fail(`Huffman table ${id} has ${n} codes (1..256 allowed)`, idAt, 'DHT');
      if (this.pos + n > this.bytes.length) this.fail('Huffman table values run past the end of the data', this.pos, 'DHT');
      const values = this.bytes.slice(this.pos, this.pos + n);
      this.pos += n;
      this.huffman[id] = { bits, values };
      left -= 17 + n;
      first = false;
    }
    if (left < 0) this.fail('Huffman table segment length disagrees with its tables', start, 'DHT');
  }

  private comment(): void {
    const start = this.pos;
    const len = this.u16();
    if (len < 2 || start + len > this.bytes.length) this.fail(`comment length ${len} runs past the end of the data`, start, 'COM');
    const text = Buffer.from(this.bytes.subarray(start + 2, start + len)).toString('latin1').split('\0')[0];
    this.pos = start + len;
    if (this.sawBlock || this.ppi > 0 || !text.startsWith('NIST_COM')) return;
    for (const line of text.split('\n')) {
      const m = /^PPI[ \t]+(-?\d+)/.exec(line.trim());
      if (m && Number(m[1]) > 0) this.ppi = Number(m[1]);
    }
  }

  private frame(): Frame {
    this.u16();
    this.u8(); // black
    this.u8(); // white
    const height = this.u16();
    const width = this.u16();
    const mShift = this.scaled();
    const rScale = this.scaled();
    this.u8(); // encoder number
    this.u16(); // software id
    if (width === 0 || height === 0) this.fail(`image size ${width}x${height} is empty`, this.pos, 'SOF');
    if (width * height > M.MAX_PIXELS) this.fail(`image size ${width}x${height} too large`, this.pos, 'SOF');
    if (rScale === 0) this.fail('scale R of 0 in the frame header', this.pos, 'SOF');
    return { width, height, mShift, rScale };
  }

  /** Decodes every block up to EOI into the non-zero quantised coefficients, in subband order. */
  private blocks(frame: Frame, subbands: Subband[]): Coefficients {
    const total = frame.width * frame.height;
    const out = reuse.coefficients(total);
    let ipc = 0;
    let ipcMax = -1;
    let marker = this.marker();
    for (;;) {
      while (marker !== M.SOB) {
        if (marker === M.EOI) {
          if (!this.sawBlock) this.fail('end of image before any data block');
          return out;
        }
        this.table(marker);
        marker = this.marker();
      }
      if (!this.qBin) this.fail('data block before the quantisation table (DQT)');
      if (ipcMax < 0) {
        ipcMax = total;
        for (let i = 0; i < SUBBANDS; i++) if (this.qBin[i] === 0) ipcMax -= subbands[i].lenx * subbands[i].leny;
      }
      this.u16(); // block header length
      const selAt = this.pos;
      const selector = this.u8();
      const table = selector < M.MAX_HUFFMAN_TABLES ? this.huffman[selector] : null;
      if (!table) this.fail(`block uses Huffman table ${selector}, which is not defined`, selAt, 'SOB');
      this.sawBlock = true;
      table.decode ??= decodeTable(table, (r) => this.fail(r, selAt, 'DHT'));
      this.acc = 0;
      this.accBits = 0;
      this.markerAhead = false;
      ipc = this.block(table.decode, out, ipc, ipcMax, total);
      marker = this.endMarker;
    }
  }

  /**
   * The entropy-coded data of one block, from coefficient index ipc on, into out; returns the index
   * reached and leaves the marker that ends the block in endMarker. The bit reader's state lives in
   * locals here: the methods (fill, bit, bits, slowSymbol) take over, with the state written back,
   * only near a marker or the end of the data, for codes longer than LOOKUP_BITS, and for escapes
   * that straddle a refill, so every byte is consumed (and every error raised) where they would.
   */
  private block(t: DecodeTable, out: Coefficients, ipc: number, ipcMax: number, total: number): number {
    const bytes = this.bytes;
    const n = bytes.length;
    const lookup = t.lookup;
    const { at, value } = out;
    let count = out.count;
    let pos = this.pos;
    let acc = this.acc;
    let accBits = this.accBits;
    let markerAhead = this.markerAhead;
    for (;;) {
      const symAt = pos;
      // Top the buffer up to more than 24 bits when fewer than 8 remain, as fill() does.
      if (accBits < 8) {
        while (accBits <= 24 && !markerAhead && pos < n) {
          const b = bytes[pos];
          if (b === 0xff) {
            if (pos + 1 >= n) break;
            if (bytes[pos + 1] !== 0) {
              markerAhead = true;
              break;
            }
            pos += 2;
          } else pos++;
          acc = (acc << 8) | b;
          accBits += 8;
        }
      }
      // With fewer than LOOKUP_BITS bits buffered, look up what there is followed by zeros: a code no
      // longer than that is still found, and anything longer is left to slowSymbol.
      const e = lookup[(accBits >= LOOKUP_BITS ? acc >>> (accBits - LOOKUP_BITS) : acc << (LOOKUP_BITS - accBits)) & LOOKUP_MASK];
      const len = e & ENTRY_LENGTH;
      let sym: number;
      if (len !== 0 && len <= accBits) {
        accBits -= len;
        const advance = (e >>> ENTRY_ADVANCE_SHIFT) & 0xff;
        if (advance !== 0) {
          // A zero run or a small value, without branching on which: the slot past the last
          // value is written either way, and kept only for a value.
          at[count] = ipc;
          value[count] = e >> ENTRY_VALUE_SHIFT;
          count += (e >>> ENTRY_STORES_SHIFT) & 1;
          if (ipc + advance > ipcMax) {
            this.pos = pos;
            if (((e >>> ENTRY_SYMBOL_SHIFT) & 0xff) >= SYM_VALUE_MIN && ipc >= total) throw new ParseError('coefficient beyond the image', {});
            this.fail(`more coefficients than the ${ipcMax} the subbands hold`, symAt, 'SOB');
          }
          ipc += advance;
          continue;
        }
        sym = (e >>> ENTRY_SYMBOL_SHIFT) & 0xff;
      } else {
        (this.pos = pos), (this.acc = acc), (this.accBits = accBits), (this.markerAhead = markerAhead);
        sym = this.slowSymbol(t);
        (pos = this.pos), (acc = this.acc), (accBits = this.accBits), (markerAhead = this.markerAhead);
        if (sym < 0) {
          out.count = count;
          this.endMarker = -sym;
          return ipc;
        }
      }
      if (sym >= SYM_VALUE_MIN && sym <= SYM_VALUE_MAX) {
        if (ipc >= total) throw new ParseError('coefficient beyond the image', {});
        const v = sym - SYM_VALUE_OFFSET;
        if (v !== 0) (at[count] = ipc), (value[count++] = v);
        ipc++;
      } else if (sym >= 1 && sym <= SYM_ZERO_RUN_MAX) ipc += sym;
      else if (sym >= SYM_POS8 && sym <= SYM_ZRUN16) {
        const width = sym === SYM_POS16 || sym === SYM_NEG16 || sym === SYM_ZRUN16 ? 16 : 8;
        let x: number;
        if (accBits >= width) {
          accBits -= width;
          x = (acc >>> accBits) & ((1 << width) - 1);
        } else {
          (this.pos = pos), (this.acc = acc), (this.accBits = accBits), (this.markerAhead = markerAhead);
          x = this.bits(width);
          (pos = this.pos), (acc = this.acc), (accBits = this.accBits), (markerAhead = this.markerAhead);
        }
        if (sym === SYM_ZRUN8 || sym === SYM_ZRUN16) ipc += x;
        else {
          if (ipc >= total) throw new ParseError('coefficient beyond the image', {});
          // Wrapped to 16 bits as the reference's short does (a 16-bit escape of 40000 is -25536).
          const v = ((sym === SYM_NEG8 || sym === SYM_NEG16 ? -x : x) << 16) >> 16;
          if (v !== 0) (at[count] = ipc), (value[count++] = v);
          ipc++;
        }
      } else {
        this.pos = pos;
        this.fail(`invalid coefficient symbol ${sym}`, symAt, 'SOB');
      }
      if (ipc > ipcMax) {
        this.pos = pos;
        this.fail(`more coefficients than the ${ipcMax} the subbands hold`, symAt, 'SOB');
      }
    }
  }

  /**
   * One Huffman symbol read bit by bit, or -marker when the block ends: what the table look-up
   * leaves. A marker met at a byte boundary ends the block if every bit read so far for this symbol
   * was a 1 (the encoder's padding); elsewhere it means the stream is corrupt.
   */
  private slowSymbol(t: DecodeTable): number {
    let code = 0;
    let allOnes = true;
    for (let len = 1; len <= 16; len++) {
      const bit = this.bit();
      if (bit < 0) {
        if (allOnes) return bit;
        this.fail('marker inside a Huffman code');
      }
      if (bit === 0) allOnes = false;
      code = (code << 1) | bit;
      if (t.maxcode[len] >= 0 && code <= t.maxcode[len]) {
        const index = t.valptr[len] + code - t.mincode[len];
        if (index < 0 || index >= t.values.length) this.fail('Huffman code outside its table');
        return t.values[index];
      }
    }
    return this.fail('invalid Huffman code (longer than 16 bits)');
  }

  /** Tops the bit buffer up to more than 24 bits, undoing 0xFF00 stuffing, stopping at a marker. */
  private fill(): void {
    const bytes = this.bytes;
    while (this.accBits <= 24 && !this.markerAhead && this.pos < bytes.length) {
      const b = bytes[this.pos];
      if (b === 0xff) {
        if (this.pos + 1 >= bytes.length) return;
        if (bytes[this.pos + 1] !== 0) {
          this.markerAhead = true;
          return;
        }
        this.pos += 2;
      } else this.pos++;
      this.acc = ((this.acc << 8) | b) >>> 0;
      this.accBits += 8;
    }
  }

  /** One bit, or -marker when the entropy-coded data ends at a marker. */
  private bit(): number {
    if (this.accBits === 0) {
      this.fill();
      if (this.accBits === 0) {
        if (this.markerAhead) {
          this.markerAhead = false;
          return -this.marker();
        }
        this.fail('unexpected end of data');
      }
    }
    this.accBits--;
    return (this.acc >>> this.accBits) & 1;
  }
  /** n bits (8 or 16) of an escape value; a marker here is an error. */
  private bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const b = this.bit();
      if (b < 0) this.fail('marker inside an escaped coefficient');
      v = (v << 1) | b;
    }
    return v;
  }
}

function decodeTable(t: HuffmanTable, fail: (r: string) => never): DecodeTable {
  const canonical = canonicalCodes(t.bits);
  if (!canonical) fail('Huffman code lengths overflow (more codes than a prefix code allows)');
  const codes = canonical.codes;
  const maxcode = new Int32Array(17).fill(-1);
  const mincode = new Int32Array(17);
  const valptr = new Int32Array(17);
  let p = 0;
  for (let l = 1; l <= 16; l++) {
    if (t.bits[l] === 0) continue;
    valptr[l] = p;
    mincode[l] = codes[p];
    p += t.bits[l];
    maxcode[l] = codes[p - 1];
  }
  const lookup = new Int32Array(1 << LOOKUP_BITS);
  canonical.sizes.forEach((len, k) => {
    if (len > LOOKUP_BITS) return;
    const first = codes[k] << (LOOKUP_BITS - len);
    lookup.fill(lookupEntry(len, t.values[k]), first, first + (1 << (LOOKUP_BITS - len)));
  });
  return { maxcode, mincode, valptr, values: t.values, lookup };
}

function checkTree(w: WaveletNode[], q: Subband[], f: Frame, fail: (r: string) => never): void {
  for (const r of [...w, ...q.slice(0, CODED_SUBBANDS)]) {
    if (r.lenx < 0 || r.leny < 0 || r.x + r.lenx > f.width || r.y + r.leny > f.height) fail(`image ${f.width}x${f.height} too small for the WSQ decomposition`);
  }
}

/**
 * Quantised coefficients to wavelet coefficients (Annex A.3): the subbands with a non-zero bin width
 * take the coefficient indices in turn, each row by row; the image starts zeroed, so only the
 * non-zero coefficients are visited.
 */
function dequantize(c: Coefficients, f: Frame, q: Subband[], qBin: Float32Array, zBin: Float32Array, center: number): Float32Array {
  const img = reuse.image(f.width * f.height);
  const { at, value, count } = c;
  let i = 0;
  let start = 0; // index of the subband's first coefficient
  for (let s = 0; s < CODED_SUBBANDS && i < count; s++) {
    const qb = qBin[s];
    if (qb === 0) continue;
    const halfZ = zBin[s] / 2;
    const { x, y, lenx, leny } = q[s];
    const end = start + lenx * leny;
    for (; i < count && at[i] < end; i++) {
      const k = at[i] - start;
      const row = Math.trunc(k / lenx);
      const o = (y + row) * f.width + x + (k - row * lenx);
      const p = value[i];
      img[o] = p > 0 ? qb * (p - center) + halfZ : qb * (p + center) - halfZ;
    }
    start = end;
  }
  return img;
}

/** Wavelet-domain image to 8-bit pixels: undo the encoder's shift and scale, round, clamp. */
function toBytes(img: Float32Array, f: Frame): Uint8Array {
  // A clamped array rounds to nearest and clamps to 0..255 on store (NaN from corrupt data -> 0).
  const out = new Uint8ClampedArray(img.length);
  const r = f.rScale;
  const m = f.mShift;
  for (let i = 0; i < img.length; i++) out[i] = img[i] * r + m;
  return new Uint8Array(out.buffer);
}

function hex(n: number): string {
  return '0x' + n.toString(16).toUpperCase();
}
