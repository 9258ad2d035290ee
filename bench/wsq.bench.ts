/**
 * WSQ decoding speed: all 14 images of the NIST tenprint card (type-4-tpcard.an2), one thread,
 * after warm-up; prints min / median / p90 of 30 runs in milliseconds and megapixels per second.
 * Run: npx tsx bench/wsq.bench.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeWsq } from '../src/biometrics/image/wsq-decoder.ts';
import { parseTransaction, recordImage } from '../src/nist/index.ts';

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
    images: streams.length,
    megapixels: +(pixels / 1e6).toFixed(2),
    minMs: +runs[0].toFixed(1),
    medianMs: +runs[15].toFixed(1),
    p90Ms: +runs[27].toFixed(1),
    megapixelsPerSecond: +(pixels / 1e3 / runs[15]).toFixed(1),
  }),
);
