/**
 * Matcher speed on one core: prepared templates (FVC2002 DB1_B .iso files) compared all against
 * all, after warm-up. Prints comparisons per second and microseconds per comparison.
 * Run: npx tsx bench/match.bench.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareTemplates, prepareTemplate } from '../src/biometrics/match/index.ts';
import { readIsoTemplate } from '../src/biometrics/template/iso-19794-2-2005.ts';

const dir = path.resolve(import.meta.dirname, '../../shared/data/fvc2002/DB1_B');
const prepared = readdirSync(dir)
  .filter((f) => f.endsWith('.iso'))
  .map((f) => prepareTemplate(readIsoTemplate(new Uint8Array(readFileSync(path.join(dir, f))))));
let sink = 0;
for (const a of prepared) for (const b of prepared) sink += compareTemplates(a, b);
const t0 = performance.now();
let n = 0;
for (let r = 0; r < 5; r++) for (const a of prepared) for (const b of prepared) (sink += compareTemplates(a, b)), n++;
const ms = performance.now() - t0;
console.log(JSON.stringify({ comparisons: n, comparisonsPerSecond: Math.round(n / (ms / 1000)), microsecondsPerComparison: +((1000 * ms) / n).toFixed(1), meanMinutiae: +(prepared.reduce((s, p) => s + p.count, 0) / prepared.length).toFixed(1), sink: sink > 0 }));
