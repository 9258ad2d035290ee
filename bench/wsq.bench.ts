/**
 * WSQ speed, one thread, after warm-up.
 * Decoding: all 14 images of the NIST tenprint card (type-4-tpcard.an2); min / median / p90 of 30
 * runs in milliseconds and megapixels per second.
 * Then, on ten synthetic 320x400 impressions (as `scomm demo` renders and compresses them per
 * booking), median ms per image over 20 rounds of: encodeWsq at 0.75 bpp, decodeWsq of those files,
 * and the wavelet transforms alone (analyze of the normalised image, synthesize of its
 * coefficients). With BASELINE=path/to/wsq-encoder.ts the older encoder, and the decoder and
 * wavelet module beside it, run interleaved in the same process (alternating which goes first);
 * each row then gives the ratio old/new and whether the two gave the same output (bytes, pixels,
 * coefficients).
 * Run: npx tsx bench/wsq.bench.ts   (BASELINE=/tmp/wb/src/biometrics/image/wsq-encoder.ts, after making a
 * copy of an older tree: mkdir -p /tmp/wb && git archive REV src | tar -x -C /tmp/wb && cp tsconfig.json package.json /tmp/wb/)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeWsq } from '../src/biometrics/image/wsq-decoder.ts';
import { encodeWsq } from '../src/biometrics/image/wsq-encoder.ts';
import { buildWaveletTree } from '../src/biometrics/image/wsq-tree.ts';
import { analyze, HIGHPASS_HALF, LOWPASS_HALF, synthesisFilters, synthesize } from '../src/biometrics/image/wsq-wavelet.ts';
import { createFingerMaster, renderFingerImpression } from '../src/biometrics/synth/index.ts';
import { parseTransaction, recordImage } from '../src/nist/index.ts';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

const file = path.resolve(import.meta.dirname, '../../shared/data/ansi-nist/type-4-tpcard.an2');
const t = parseTransaction(readFileSync(file));
const streams = t.records.flatMap((r) => {
  const info = recordImage(t, r);
  return info?.compression === 'WSQ20' ? [info.data] : [];
});
const pixels = streams.reduce((s, d) => {
  const img = decodeWsq(d);
  return s + img.width * img.height;
}, 0);
for (let i = 0; i < 10; i++) for (const d of streams) decodeWsq(d);
const runs: number[] = [];
for (let i = 0; i < 30; i++) {
  const t0 = performance.now();
  for (const d of streams) decodeWsq(d);
  runs.push(performance.now() - t0);
}
runs.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    decode: 'tpcard',
    images: streams.length,
    megapixels: +(pixels / 1e6).toFixed(2),
    minMs: +runs[0].toFixed(1),
    medianMs: +runs[15].toFixed(1),
    p90Ms: +runs[27].toFixed(1),
    megapixelsPerSecond: +(pixels / 1e3 / runs[15]).toFixed(1),
  }),
);

interface Modules {
  encodeWsq: typeof encodeWsq;
  decodeWsq: typeof decodeWsq;
  analyze: typeof analyze;
  synthesize: typeof synthesize;
}
const baselinePath = process.env.BASELINE;
const baseline: Modules | undefined = baselinePath
  ? await (async () => {
      const dir = path.dirname(path.resolve(baselinePath));
      const { encodeWsq } = (await import(path.resolve(baselinePath))) as Pick<Modules, 'encodeWsq'>;
      const { decodeWsq } = (await import(path.join(dir, 'wsq-decoder.ts'))) as Pick<Modules, 'decodeWsq'>;
      const { analyze, synthesize } = (await import(path.join(dir, 'wsq-wavelet.ts'))) as Pick<Modules, 'analyze' | 'synthesize'>;
      return { encodeWsq, decodeWsq, analyze, synthesize };
    })()
  : undefined;
const current: Modules = { encodeWsq, decodeWsq, analyze, synthesize };

/**
 * Times `run` of the current modules (and of the baseline's, interleaved, first one then the other
 * in turn) on each of `count` inputs made by `prepare` (untimed), 20 rounds after 3 of warm-up, and
 * prints one row.
 */
function timed<P, T>(label: Record<string, unknown>, count: number, prepare: (i: number) => P, run: (m: Modules, input: P) => T, same: (a: T, b: T) => boolean): void {
  const order = baseline ? [current, baseline] : [current];
  for (let round = 0; round < 3; round++) for (let i = 0; i < count; i++) for (const m of order) run(m, prepare(i));
  const ms = new Map<Modules, number[]>(order.map((m) => [m, []]));
  let identical = true;
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < count; i++) {
      const out: T[] = [];
      for (const m of (round + i) % 2 ? order : [...order].reverse()) {
        const input = prepare(i);
        const t0 = performance.now();
        out.push(run(m, input));
        ms.get(m)!.push(performance.now() - t0);
      }
      if (out.length === 2) identical &&= same(out[0], out[1]);
    }
  }
  const row: Record<string, unknown> = { ...label, images: count, runs: ms.get(current)!.length, msPerImage: +median(ms.get(current)!).toFixed(2) };
  if (baseline) {
    const old = median(ms.get(baseline)!);
    Object.assign(row, { baselineMsPerImage: +old.toFixed(2), speedRatio: +(old / median(ms.get(current)!)).toFixed(2), identical });
  }
  console.log(JSON.stringify(row));
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const images = Array.from({ length: 10 }, (_, f) => renderFingerImpression(7, f + 1, createFingerMaster(7, f + 1), 1));
timed({ encode: '320x400 synthetic, 0.75 bpp' }, images.length, (i) => images[i], (m, im) => m.encodeWsq(im), sameBytes);

const files = images.map((im) => encodeWsq(im));
timed({ decode: '320x400 synthetic, 0.75 bpp' }, files.length, (i) => files[i], (m, f) => m.decodeWsq(f).pixels, sameBytes);

// The transforms alone, each in place on a copy made outside the timing.
const { width, height } = images[0];
const tree = buildWaveletTree(width, height);
const filters = synthesisFilters(2 * LOWPASS_HALF.length - 1, LOWPASS_HALF, 2 * HIGHPASS_HALF.length - 1, HIGHPASS_HALF);
const normalised = images.map((im) => Float32Array.from(im.pixels, (v) => (v - 128) / 128));
const coefficients = normalised.map((n) => {
  const c = n.slice();
  analyze(c, width, tree, LOWPASS_HALF, HIGHPASS_HALF);
  return c;
});
const sameValues = (a: Float32Array, b: Float32Array) => sameBytes(new Uint8Array(a.buffer), new Uint8Array(b.buffer));
timed({ analyze: '320x400 synthetic' }, images.length, (i) => normalised[i].slice(), (m, img) => (m.analyze(img, width, tree, LOWPASS_HALF, HIGHPASS_HALF), img), sameValues);
timed({ synthesize: '320x400 synthetic' }, images.length, (i) => coefficients[i].slice(), (m, img) => (m.synthesize(img, width, tree, filters), img), sameValues);
