/**
 * Tenprint 1:N search speed: the same template-path gallery and probes searched (a) in this thread
 * (TenprintGallery.search) and (b) on SearchPool worker threads sharing the gallery's arrays, with
 * as many searches in flight as threads. Prints ms per search, searches per second, the speed-up
 * of (b) over (a) measured in the same process, and the gallery's bytes per subject.
 * For the full contract (rendered probes, FNIR/FPIR, calibrated threshold, single finger) use
 * `scomm bench search --subjects N --json`.
 * Run: npx tsx bench/search.bench.ts [subjects=5000] [searches=200]
 */
import { availableParallelism } from 'node:os';
import { SEARCH_PREPARED_CACHE } from '../src/biometrics/parameters.ts';
import { galleryBytes } from '../src/biometrics/search/gallery-arrays.ts';
import { SearchPool, TenprintGallery } from '../src/biometrics/search/index.ts';
import { createTemplateSubject, impressionTemplates } from '../src/biometrics/synth/index.ts';

const subjects = Number(process.argv[2] ?? 5000);
const searches = Number(process.argv[3] ?? 200);
const threads = availableParallelism();
const gallery = new TenprintGallery();
const tb = performance.now();
for (let s = 0; s < subjects; s++) gallery.enrol(`S${s}`, impressionTemplates(createTemplateSubject(20_000_000 + s), 1));
const bytesPerSubject = Math.round(galleryBytes(gallery.arrays()) / subjects);
const buildMs = performance.now() - tb;
const probes = Array.from({ length: searches }, (_, k) => impressionTemplates(createTemplateSubject(20_000_000 + ((k * 7919) % subjects)), 2));
for (const p of probes.slice(0, 10)) gallery.search(p);
let t = performance.now();
let found = 0;
probes.forEach((p, k) => (found += gallery.search(p).candidates[0]?.id === `S${(k * 7919) % subjects}` ? 1 : 0));
const inThreadMs = (performance.now() - t) / searches;
// Each pool thread keeps the same prepared-finger cache as the in-thread gallery, so (a) and (b) do the same work.
const pool = new SearchPool(threads, SEARCH_PREPARED_CACHE);
await Promise.all(probes.slice(0, threads * 2).map((p) => pool.search(gallery, p)));
t = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: threads }, async () => {
    while (next < probes.length) await pool.search(gallery, probes[next++]);
  }),
);
const poolWallMs = performance.now() - t;
await pool.close();
console.log(
  JSON.stringify({
    subjects,
    searches,
    threads,
    buildMs: Math.round(buildMs),
    bytesPerSubject,
    rank1: found / searches,
    inThreadMsPerSearch: +inThreadMs.toFixed(1),
    poolSearchesPerSecond: +((searches / poolWallMs) * 1000).toFixed(1),
    inThreadSearchesPerSecond: +(1000 / inThreadMs).toFixed(1),
    poolSpeedup: +((inThreadMs * searches) / poolWallMs).toFixed(2),
  }),
);
