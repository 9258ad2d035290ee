/**
 * WSQ speed, one thread, after warm-up.
 * Decoding: all 14 images of the NIST tenprint card (type-4-tpcard.an2); min / median / p90 of 30
 * runs in milliseconds and megapixels per second.
 * Encoding: ten synthetic 320x400 impressions at 0.75 bpp, as `scomm demo` renders and compresses
 * them per booking; median ms per image over 20 rounds. With BASELINE=path/to/wsq-encoder.ts an
 * older encoder runs interleaved in the same process (alternating which goes first) and the ratio
 * old/new is printed too, with whether the two wrote the same bytes.
 * Run: npx tsx bench/wsq.bench.ts   (BASELINE=/tmp/wb/src/biometrics/image/wsq-encoder.ts, after making a
 * copy of an older tree: mkdir -p /tmp/wb && git archive REV src | tar -x -C /tmp/wb && cp tsconfig.json package.json /tmp/wb/)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeWsq } from '../src/biometrics/image/wsq-decoder.ts';
import { encodeWsq } from '../src/biometrics/image/wsq-encoder.ts';
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

type Encode = typeof encodeWsq;
const baselinePath = process.env.BASELINE;
const baseline: Encode | undefined = baselinePath ? ((await import(path.resolve(baselinePath))) as { encodeWsq: Encode }).encodeWsq : undefined;
const images = Array.from({ length: 10 }, (_, f) => renderFingerImpression(7, f + 1, createFingerMaster(7, f + 1), 1));
for (let i = 0; i < 3; i++) {
  for (const im of images) {
    encodeWsq(im);
    baseline?.(im);
  }
}
const msNew: number[] = [];
const msOld: number[] = [];
let identical = true;
for (let round = 0; round < 20; round++) {
  images.forEach((im, i) => {
    const order: [Encode, number[]][] = [[encodeWsq, msNew]];
    if (baseline) order[(round + i) % 2 ? 'push' : 'unshift']([baseline, msOld]);
    const out: Uint8Array[] = [];
    for (const [encode, ms] of order) {
      const t0 = performance.now();
      out.push(encode(im));
      ms.push(performance.now() - t0);
    }
    if (out.length === 2) identical &&= Buffer.from(out[0]).equals(out[1]);
  });
}
const row: Record<string, unknown> = { encode: '320x400 synthetic, 0.75 bpp', images: images.length, runs: msNew.length, msPerImage: +median(msNew).toFixed(2) };
if (baseline) Object.assign(row, { baselineMsPerImage: +median(msOld).toFixed(2), speedRatio: +(median(msOld) / median(msNew)).toFixed(2), identical });
console.log(JSON.stringify(row));
