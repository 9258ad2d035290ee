import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Piscina } from 'piscina';
import { compareTemplates, prepareTemplate } from '../match/index.ts';
import * as parameters from '../parameters.ts';
import { createTemplateSubject, impressionTemplates } from '../synth/index.ts';
import type { FingerTemplate } from '../template/types.ts';
import type { BuildTask, BuiltSubject } from './build-worker.ts';
import { galleryBytes } from './gallery-arrays.ts';
import { loadGallery, saveGallery } from './gallery-file.ts';
import { INDEX_KEYS, TenprintGallery } from './gallery.ts';
import { renderCacheKey, renderedSubjects } from './rendered-subjects.ts';
import { SearchPool } from './search-pool.ts';
import type { RawResult } from './searcher.ts';

export interface SearchBenchOptions {
  /** Gallery subjects (ten fingers each). */
  subjects: number;
  /** Subjects rendered (full masters -> distorted impressions -> extractor): enrolled from impression 1, searched with impression 2 (mated), then removed and searched again (non-mated). */
  rendered: number;
  /** Extra non-mated searches with template-path probes of people never enrolled: a check of the calibrated threshold on searches it was not derived from. */
  heldOut: number;
  /** Mated searches with template-path probes of template-path gallery subjects. */
  templateMated: number;
  threads: number;
  /** False positive identification rate the threshold is calibrated to. */
  fpir: number;
  seed: number;
  /** Candidates verified 1:1 per search. */
  candidates: number;
  /** Finger position of the single-finger 1:N searches. */
  singlePosition: number;
  /** Rendered templates and built galleries are cached here. */
  cacheDir: string;
  onProgress?: (message: string) => void;
}

/** The finger positions rendered: the ones the search reads (index and verify positions); the other six are never looked at. */
/** Rendered subjects at most: the template-path part of the gallery starts after them, so it is the same whatever --rendered is. */
const MAX_RENDERED = 1000;

const RENDERED_POSITIONS = [...new Set([...parameters.SEARCH_INDEX_POSITIONS, ...parameters.SEARCH_VERIFY_POSITIONS])].sort((a, b) => a - b);

/** Seed of gallery subject s of a bench run (the template-path and rendered subjects are the same people). */
export function benchSubjectSeed(runSeed: number, s: number): number {
  return runSeed * 10_000_000 + s;
}

interface Outcome {
  top: number;
  topScore: number;
  mateRank: number;
  ms: number;
  preselectMs: number;
  verifyMs: number;
}

/**
 * Builds an N-subject gallery (the first `rendered` subjects from rendered impressions, the rest
 * from minutiae-level masters), runs tenprint and single-finger mated and non-mated searches on
 * worker threads sharing the gallery, calibrates the decision threshold to the target FPIR from
 * the non-mated searches' best scores, and reports speed, accuracy, memory and build time.
 */
export async function runSearchBench(o: SearchBenchOptions) {
  const progress = o.onProgress ?? (() => {});
  if (o.rendered > Math.min(MAX_RENDERED, o.subjects)) throw new RangeError(`at most min(${MAX_RENDERED}, subjects) rendered subjects`);
  mkdirSync(o.cacheDir, { recursive: true });
  const baselineMs = baselineCompare();
  const t0 = performance.now();
  const tasks = Array.from({ length: o.rendered }, (_, s) => ({ seed: benchSubjectSeed(o.seed, s), positions: RENDERED_POSITIONS, impressions: [1, 2] }));
  const rendered = await renderedSubjects(tasks, {
    dir: path.join(o.cacheDir, 'rendered'),
    threads: o.threads,
    onProgress: (done, total, fresh) => {
      if (fresh > 0 && (fresh % 10 === 0 || done === total)) progress(`rendering probes: ${done}/${total} (${fresh} rendered now, ${Math.round((performance.now() - t0) / 1000)} s)`);
    },
  });
  const renderMs = performance.now() - t0;
  const withPositions = (row: FingerTemplate[]) => row.map((t, f) => ({ ...t, fingerPosition: RENDERED_POSITIONS[f] }));

  // Template-path part of the gallery (subjects maxRendered..N-1): from the cache when built before
  // with the same inputs, else built on worker threads and saved; it does not depend on --rendered.
  const maxRendered = Math.min(MAX_RENDERED, o.subjects);
  const tag = JSON.stringify({
    subjects: o.subjects,
    from: maxRendered,
    seed: o.seed,
    engine: Object.entries(parameters).filter(([k]) => k.startsWith('SYNTH_') || k.startsWith('IMPRESSION_') || k.startsWith('SEARCH_TRIPLET') || k === 'SEARCH_INDEX_POSITIONS'),
    // The key numbering (a file of another one is rebuilt, not misread).
    indexKeys: INDEX_KEYS,
  });
  const file = path.join(o.cacheDir, `gallery-${o.seed}-${o.subjects}.bin`);
  const tb = performance.now();
  let gallery = existsSync(file) ? loadGallery(file, tag) : null;
  const fromCache = gallery !== null;
  if (!gallery) {
    gallery = await buildGallery(o, maxRendered, progress);
    progress('gallery: saving');
    saveGallery(gallery, file, tag);
  }
  // Subjects 0..maxRendered-1 on top: rendered ones, and template-path ones for those not rendered (so the gallery has exactly N).
  for (let s = 0; s < maxRendered; s++) {
    const templates = impressionTemplates(createTemplateSubject(benchSubjectSeed(o.seed, s)), 1);
    if (s >= o.rendered) gallery.enrol(`S${s}`, templates);
    else gallery.enrol(`S${s}`, [...withPositions(rendered[s][0]), ...templates.filter((t) => !RENDERED_POSITIONS.includes(t.fingerPosition!))]);
  }
  const g = gallery.arrays();
  const buildMs = performance.now() - tb;
  const bytes = galleryBytes(g);
  let fingers = 0;
  for (let slot = 0; slot < g.subjects * 10; slot++) if (g.slotInfo[4 * slot] > 0) fingers++;
  const postings = g.postings.length;
  progress(`gallery: ${gallery.size} subjects, ${fingers} fingers, ${postings} index postings, ${(bytes / 2 ** 20).toFixed(0)} MB, ${fromCache ? 'loaded' : 'built'} in ${(buildMs / 1000).toFixed(1)} s`);
  const subjects = gallery.size;

  const pool = new SearchPool(o.threads);
  try {
    const probes = rendered.map((r) => withPositions(r[1]));
    const single = probes.map((p) => p.filter((t) => t.fingerPosition === o.singlePosition));
    const run = async (label: string, list: FingerTemplate[][], mates: number[] | null): Promise<Outcome[]> => {
      const ts = performance.now();
      const out = await inParallel(list, o.threads, async (probe, i) => {
        const start = performance.now();
        // Calibrates the four-finger fused threshold: no ten-finger second look (as for probes extracted from images).
        const r: RawResult = await pool.searchRaw(gallery, probe, true, o.candidates);
        const ms = performance.now() - start;
        const top = r.candidates[0];
        const mateRank = mates ? r.candidates.findIndex((c) => c.subject === mates[i]) : -1;
        return { top: top?.subject ?? -1, topScore: top?.score ?? 0, mateRank, ms, preselectMs: r.preselectMs, verifyMs: r.verifyMs };
      });
      progress(`${label}: ${list.length} searches in ${((performance.now() - ts) / 1000).toFixed(1)} s`);
      return out;
    };
    const mateOf = probes.map((_, s) => gallery!.numberOf(`S${s}`)!);
    const tSearch = performance.now();
    const mated = await run('tenprint mated (rendered)', probes, mateOf);
    const searchWall = performance.now() - tSearch;
    const singleMated = await run(`single finger ${o.singlePosition} mated (rendered)`, single, mateOf);
    // Template-path mated searches: impression 2 of template-path gallery subjects (spread over the gallery).
    const spread = o.subjects - o.rendered;
    const templateSubjects = Array.from({ length: Math.min(o.templateMated, spread) }, (_, k) => o.rendered + Math.floor((k * spread) / Math.min(o.templateMated, spread)));
    const templateProbes = templateSubjects.map((s) => impressionTemplates(createTemplateSubject(benchSubjectSeed(o.seed, s)), 2));
    const templateMateOf = templateSubjects.map((s) => gallery!.numberOf(`S${s}`)!);
    const templateMated = await run('tenprint mated (template path)', templateProbes, templateMateOf);
    // The rendered people, no longer in the gallery: non-mated searches with the same rendered probes.
    for (let s = 0; s < o.rendered; s++) gallery.remove(`S${s}`);
    const nonMated = await run('tenprint non-mated (rendered)', probes, null);
    const singleNonMated = await run(`single finger ${o.singlePosition} non-mated (rendered)`, single, null);
    const heldOutProbes = Array.from({ length: o.heldOut }, (_, k) => impressionTemplates(createTemplateSubject(benchSubjectSeed(o.seed, o.subjects + k)), 2));
    const heldOut = await run('tenprint non-mated (template path)', heldOutProbes, null);
    const singleHeldOut = await run(`single finger ${o.singlePosition} non-mated (template path)`, heldOutProbes.map((p) => p.filter((t) => t.fingerPosition === o.singlePosition)), null);

    // Rendered probes meet mostly template-path gallery fingers, template-path probes only those: calibrate on both, the stricter wins.
    const threshold = thresholdAtFpir([...nonMated, ...heldOut].map((r) => r.topScore), o.fpir);
    const singleThreshold = thresholdAtFpir([...singleNonMated, ...singleHeldOut].map((r) => r.topScore), o.fpir);
    const ms = [...mated, ...nonMated].map((r) => r.ms);
    const rate = (list: Outcome[], hit: (r: Outcome, i: number) => boolean) => list.filter(hit).length / Math.max(1, list.length);
    const missed = (t: number, mates: number[]) => (r: Outcome, i: number) => !(r.top === mates[i] && r.topScore >= t);
    const falseHit = (t: number) => (r: Outcome) => r.topScore >= t;
    const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;
    const rss = process.memoryUsage().rss;
    const allMated = [...mated, ...templateMated];
    const allMates = [...mateOf, ...templateMateOf];
    const allNonMated = [...nonMated, ...heldOut];
    return {
      subjects,
      fingers,
      queries: allMated.length + allNonMated.length,
      mated: allMated.length,
      nonMated: allNonMated.length,
      p50Ms: round(quantile(ms, 0.5), 1),
      p95Ms: round(quantile(ms, 0.95), 1),
      fnir: round(rate(allMated, missed(threshold, allMates))),
      fpir: round(rate(allNonMated, falseHit(threshold))),
      threshold: round(threshold, 2),
      targetFpir: o.fpir,
      rank1: round(rate(allMated, (r, i) => r.top === allMates[i])),
      rendered: {
        mated: mated.length,
        nonMated: nonMated.length,
        fnir: round(rate(mated, missed(threshold, mateOf))),
        fpir: round(rate(nonMated, falseHit(threshold))),
        rank1: round(rate(mated, (r, i) => r.top === mateOf[i])),
        preselectionRecall: round(rate(mated, (r) => r.mateRank >= 0)),
        maxNonMatedScore: round(Math.max(0, ...nonMated.map((r) => r.topScore)), 2),
      },
      templatePath: {
        mated: templateMated.length,
        nonMated: heldOut.length,
        fnir: round(rate(templateMated, missed(threshold, templateMateOf))),
        fpir: round(rate(heldOut, falseHit(threshold))),
        rank1: round(rate(templateMated, (r, i) => r.top === templateMateOf[i])),
        preselectionRecall: round(rate(templateMated, (r) => r.mateRank >= 0)),
        maxNonMatedScore: round(Math.max(0, ...heldOut.map((r) => r.topScore)), 2),
      },
      shippedThreshold: parameters.SEARCH_THRESHOLD,
      fnirAtShippedThreshold: round(rate(allMated, missed(parameters.SEARCH_THRESHOLD, allMates))),
      fpirAtShippedThreshold: round(rate(allNonMated, falseHit(parameters.SEARCH_THRESHOLD))),
      searchesPerSecond: round((mated.length / searchWall) * 1000, 1),
      preselectMsMedian: round(quantile(mated.map((r) => r.preselectMs), 0.5), 1),
      verifyMsMedian: round(quantile(mated.map((r) => r.verifyMs), 0.5), 1),
      singleFinger: {
        position: o.singlePosition,
        galleryFingers: subjects,
        mated: singleMated.length,
        nonMated: singleNonMated.length + singleHeldOut.length,
        p50Ms: round(quantile([...singleMated, ...singleNonMated].map((r) => r.ms), 0.5), 1),
        p95Ms: round(quantile([...singleMated, ...singleNonMated].map((r) => r.ms), 0.95), 1),
        threshold: round(singleThreshold, 2),
        fnir: round(rate(singleMated, missed(singleThreshold, mateOf))),
        fpir: round(rate([...singleNonMated, ...singleHeldOut], falseHit(singleThreshold))),
        rank1: round(rate(singleMated, (r, i) => r.top === mateOf[i])),
      },
      buildMs: Math.round(buildMs),
      galleryFromCache: fromCache,
      renderMs: Math.round(renderMs),
      memoryMB: Math.round(rss / 2 ** 20),
      galleryMB: Math.round(bytes / 2 ** 20),
      bytesPerSubject: Math.round(bytes / Math.max(1, g.subjects)),
      indexPostings: postings,
      threads: o.threads,
      candidates: o.candidates,
      baselineCompareMs: round(baselineMs, 3),
      provenance: {
        renderedSubjects: o.rendered,
        renderedPositions: RENDERED_POSITIONS,
        templatePathSubjects: o.subjects - o.rendered,
        rendered: 'full masters -> distorted impression images -> our extractor; enrolled from impression 1, searched with impression 2, then removed and searched again as non-mated',
        templatePath: 'minutiae-level masters and impressions (no image); mated: impression 2 of enrolled subjects; non-mated: subjects never enrolled',
      },
    };
  } finally {
    await pool.close();
  }
}

async function buildGallery(o: SearchBenchOptions, from: number, progress: (m: string) => void): Promise<TenprintGallery> {
  const gallery = new TenprintGallery();
  const t0 = performance.now();
  const pool = new Piscina({
    filename: new URL('../../worker-entry.mjs', import.meta.url).href,
    workerData: { module: new URL('./build-worker.ts', import.meta.url).href },
    minThreads: o.threads,
    maxThreads: o.threads,
  });
  try {
    const chunk = 250;
    const starts: number[] = [];
    for (let s = from; s < o.subjects; s += chunk) starts.push(s);
    // Chunks are enrolled in order (subject numbers follow s) while later ones are built.
    const pending = new Map<number, Promise<BuiltSubject[]>>();
    let next = 0;
    const launch = () => {
      while (next < starts.length && pending.size < o.threads * 2) {
        const s = starts[next++];
        const task: BuildTask = { seeds: Array.from({ length: Math.min(chunk, o.subjects - s) }, (_, k) => benchSubjectSeed(o.seed, s + k)), impression: 1 };
        pending.set(s, pool.run(task) as Promise<BuiltSubject[]>);
      }
    };
    launch();
    for (const s of starts) {
      const built = await pending.get(s)!;
      pending.delete(s);
      launch();
      built.forEach((b, k) => gallery.enrolWithKeys(`S${s + k}`, b.fingers, b.keys));
      if ((s / chunk) % 40 === 0) progress(`gallery: ${s + built.length}/${o.subjects} subjects (${Math.round((performance.now() - t0) / 1000)} s)`);
    }
  } finally {
    await pool.destroy();
  }
  gallery.arrays();
  return gallery;
}

/**
 * The least threshold at which at most `fpir` of the non-mated searches' best scores reach it:
 * just above the (floor(fpir * n) + 1)-th highest score.
 */
export function thresholdAtFpir(nonMatedTopScores: number[], fpir: number): number {
  if (nonMatedTopScores.length === 0) return Number.POSITIVE_INFINITY;
  const sorted = [...nonMatedTopScores].sort((a, b) => b - a);
  const allowed = Math.floor(fpir * sorted.length + 1e-9);
  if (allowed >= sorted.length) return 0;
  return sorted[allowed] + 1e-6 * Math.max(1, Math.abs(sorted[allowed]));
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

async function inParallel<T, R>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

/** Time of one prepare + compare of a fixed template-path pair, in this process now: divide search times by it to compare runs on machines under different load. */
function baselineCompare(): number {
  const a = impressionTemplates(createTemplateSubject(7), 1)[1];
  const b = impressionTemplates(createTemplateSubject(7), 2)[1];
  const pa = prepareTemplate(a);
  for (let k = 0; k < 20; k++) compareTemplates(pa, prepareTemplate(b));
  const t = performance.now();
  for (let k = 0; k < 100; k++) compareTemplates(pa, prepareTemplate(b));
  return (performance.now() - t) / 100;
}
