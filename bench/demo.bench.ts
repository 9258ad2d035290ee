/**
 * What a booking costs end to end in `scomm demo`, and where the images path's time goes.
 * (1) The demo in this process on both paths (templates at T bookings, images at I bookings):
 *     wall ms, CPU ms of every thread, bookings/s and CPU ms per booking.
 * (2) The images path's stages on this thread, in CPU ms (process.cpuUsage, so a busy machine does
 *     not inflate them): ten masters grown (once per person), then per booking ten impressions
 *     rendered, WSQ-encoded, decoded and extracted. Their sum against (1) shows how much of the
 *     work the worker threads took off the critical path.
 * With BASELINE=path/to/an/older/tree (git archive REV | tar -x -C DIR, node_modules linked) that
 *     tree's stages run interleaved with these, for a ratio measured in one process.
 * Run: npx tsx bench/demo.bench.ts [T=2000] [I=12]
 * The bars: `scomm demo --bookings 1000 --json` <= 60 s on 2 cores; >= 200 bookings/s with
 * `scomm demo --bookings 100000 --templates --json`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extract } from '../src/biometrics/extract/index.ts';
import { decodeWsq } from '../src/biometrics/image/wsq-decoder.ts';
import { encodeWsq } from '../src/biometrics/image/wsq-encoder.ts';
import { createSubject, renderImpression } from '../src/biometrics/synth/index.ts';
import { runDemo } from '../src/sim/demo.ts';

const templates = Number(process.argv[2] ?? 2000);
const images = Number(process.argv[3] ?? 12);
const dir = mkdtempSync(path.join(tmpdir(), 'scomm-demo-bench-'));
const cpu = () => ((u) => (u.user + u.system) / 1000)(process.cpuUsage());

try {
  for (const [mode, bookings] of [['templates', templates], ['images', images]] as const) {
    const s = await runDemo({ bookings, templates: mode === 'templates', seed: 1, dir: path.join(dir, mode), resume: false });
    console.log(JSON.stringify({ mode, bookings: s.bookings, population: s.population, ms: s.ms, cpuMs: s.cpuMs, bookingsPerSecond: s.bookingsPerSecond, cpuMsPerBooking: Math.round(s.cpuMs / s.bookings), sre: s.sre, falseMatches: s.groundTruth.falseMatches, missedMatches: s.groundTruth.missedMatches, auditChainValid: s.auditChainValid }));
  }
  // Stages: this tree's and, with BASELINE=path/to/older/tree, that tree's too, interleaved (which goes first alternates; round 0 warms up).
  const load = async (root: string) => ({
    extract: (await import(`${root}/src/biometrics/extract/index.ts`)).extract as typeof extract,
    decode: (await import(`${root}/src/biometrics/image/wsq-decoder.ts`)).decodeWsq as typeof decodeWsq,
    encode: (await import(`${root}/src/biometrics/image/wsq-encoder.ts`)).encodeWsq as typeof encodeWsq,
    createSubject: (await import(`${root}/src/biometrics/synth/index.ts`)).createSubject as typeof createSubject,
    renderImpression: (await import(`${root}/src/biometrics/synth/index.ts`)).renderImpression as typeof renderImpression,
  });
  const trees: Record<string, Awaited<ReturnType<typeof load>>> = { current: { extract, decode: decodeWsq, encode: encodeWsq, createSubject, renderImpression } };
  if (process.env.BASELINE) trees.baseline = await load(path.resolve(process.env.BASELINE));
  const stage: Record<string, Record<string, number>> = Object.fromEntries(Object.keys(trees).map((k) => [k, {}]));
  const people = 3;
  const rounds = 5;
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? Object.keys(trees).reverse() : Object.keys(trees);
    for (const name of order) {
      const t = trees[name];
      const time = <X>(k: string, f: () => X): X => {
        const c = cpu();
        const x = f();
        if (r > 0) stage[name][k] = (stage[name][k] ?? 0) + cpu() - c;
        return x;
      };
      for (let p = 0; p < people; p++) {
        const s = time('masters (10 fingers, once per person)', () => t.createSubject(7000 + 100 * r + p));
        for (let f = 1; f <= 10; f++) {
          const img = time('render (10 impressions)', () => t.renderImpression(s, f, 100 + r));
          const wsq = time('WSQ encode (10)', () => t.encode(img, { ppi: 500 }));
          const back = time('WSQ decode (10)', () => t.decode(wsq));
          time('extract (10)', () => t.extract(back, f));
        }
      }
    }
  }
  const per = (name: string) => Object.fromEntries(Object.entries(stage[name]).map(([k, v]) => [k, Math.round(v / (people * (rounds - 1)))]));
  console.log(JSON.stringify({ imagesPathCpuMs: per('current'), ...(trees.baseline ? { baselineCpuMs: per('baseline') } : {}) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
