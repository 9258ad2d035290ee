/**
 * What a booking costs end to end in `scomm demo`, and where the images path's time goes.
 * (1) The demo in this process on both paths (templates at T bookings, images at I bookings):
 *     wall ms, CPU ms of every thread, bookings/s and CPU ms per booking.
 * (2) The images path's stages on this thread, in CPU ms (process.cpuUsage, so a busy machine does
 *     not inflate them): ten masters grown (once per person), then per booking ten impressions
 *     rendered, WSQ-encoded, decoded and extracted. Their sum against (1) shows how much of the
 *     work the worker threads took off the critical path.
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
  const stage: Record<string, number> = {};
  const time = <X>(k: string, f: () => X): X => {
    const t = cpu();
    const r = f();
    stage[k] = (stage[k] ?? 0) + cpu() - t;
    return r;
  };
  const people = 2;
  for (let p = 0; p < people; p++) {
    const s = time('masters (10 fingers, once per person)', () => createSubject(7000 + p));
    for (let f = 1; f <= 10; f++) {
      const img = time('render (10 impressions)', () => renderImpression(s, f, 100));
      const wsq = time('WSQ encode (10)', () => encodeWsq(img, { ppi: 500 }));
      const back = time('WSQ decode (10)', () => decodeWsq(wsq));
      time('extract (10)', () => extract(back, f));
    }
  }
  console.log(JSON.stringify({ imagesPathCpuMs: Object.fromEntries(Object.entries(stage).map(([k, v]) => [k, Math.round(v / people)])) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
