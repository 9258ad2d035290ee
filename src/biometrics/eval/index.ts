import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extract } from '../extract/index.ts';
import { loadImage } from '../image/load-image.ts';
import { compareTemplates, type PreparedTemplate, prepareTemplate } from '../match/index.ts';
import { toImageFrame } from '../template/image-frame.ts';
import { readIsoTemplate } from '../template/iso-19794-2-2005.ts';
import type { FingerTemplate } from '../template/types.ts';
import { allPairs, listImpressions } from './fvc-dataset.ts';
import { detCurve, errorRates } from './metrics.ts';

export { errorRates, detCurve } from './metrics.ts';
export { detSvg } from './det-plot.ts';
export { listImpressions, allPairs } from './fvc-dataset.ts';

export interface DatasetResult {
  name: string;
  images: number;
  genuine: number;
  impostor: number;
  eer: number;
  fmr100: number;
  fmr1000: number;
  zeroFmr: number;
  thresholds: { fmr100: number; fmr1000: number; zeroFmr: number };
  /** Median extraction time per image (ms); null with --templates iso. */
  extractMsMedian: number | null;
  meanMinutiae: number;
  /** Template comparisons per second on one core (prepared templates). */
  comparisonsPerSecond: number;
  genuineScores: number[];
  impostorScores: number[];
}

export type TemplateSource = 'extract' | 'iso';

/**
 * All-pairs evaluation of one FVC-style folder: templates from our extractor (or the folder's
 * .iso files), every genuine and impostor pair compared once in each direction, keeping the higher
 * score (the matcher is not symmetric; a deployment would do the same).
 */
export function evaluateFolder(dir: string, source: TemplateSource, progress?: (done: number, total: number) => void): DatasetResult {
  const items = listImpressions(dir);
  const extractMs: number[] = [];
  const templates: FingerTemplate[] = items.map((it, i) => {
    progress?.(i, items.length * 2);
    const image = loadImage(it.file);
    // The .iso minutiae are mapped to the image's own frame (see toImageFrame).
    if (source === 'iso') return toImageFrame(readIsoTemplate(new Uint8Array(readFileSync(it.file.replace(/\.[a-z]+$/i, '.iso'))), it.file), image.width, image.height);
    const t0 = performance.now();
    const t = extract(image);
    extractMs.push(performance.now() - t0);
    return t;
  });
  const prepared = templates.map(prepareTemplate);
  const { genuine, impostor } = allPairs(items);
  const score = (a: number, b: number) => Math.max(compareTemplates(prepared[a], prepared[b]), compareTemplates(prepared[b], prepared[a]));
  const g = genuine.map(([a, b]) => score(a, b));
  progress?.(items.length + items.length / 2, items.length * 2);
  const im = impostor.map(([a, b]) => score(a, b));
  progress?.(items.length * 2, items.length * 2);
  const rates = errorRates(g, im);
  extractMs.sort((a, b) => a - b);
  return {
    name: path.basename(path.resolve(dir)),
    images: items.length,
    genuine: g.length,
    impostor: im.length,
    ...rates,
    extractMsMedian: extractMs.length ? +extractMs[extractMs.length >> 1].toFixed(2) : null,
    meanMinutiae: +(templates.reduce((s, t) => s + t.minutiae.length, 0) / templates.length).toFixed(1),
    comparisonsPerSecond: comparisonRate(prepared),
    genuineScores: g,
    impostorScores: im,
  };
}

const ROUNDS = 7;

/**
 * Comparisons per CPU-second of this process, one core: every ordered pair of distinct templates
 * of the folder (the protocol's few hundred pairs run before the code is warm and are over too
 * soon to time), once to warm up, then the fastest of ROUNDS timed rounds (interference from the
 * rest of the machine only ever slows a round down; on a shared VM a slow spell can last seconds,
 * longer than three rounds of a tenth of a second each).
 */
function comparisonRate(prepared: PreparedTemplate[]): number {
  const round = () => {
    const t0 = process.cpuUsage();
    let n = 0;
    for (let a = 0; a < prepared.length; a++) for (let b = 0; b < prepared.length; b++) if (a !== b) compareTemplates(prepared[a], prepared[b]), n++;
    const t = process.cpuUsage(t0);
    return { n, seconds: (t.user + t.system) / 1e6 };
  };
  round();
  let best = Infinity;
  let n = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const x = round();
    n = x.n;
    best = Math.min(best, x.seconds);
  }
  return best > 0 ? Math.round(n / best) : 0;
}

export function detPoints(r: DatasetResult): { fmr: number; fnmr: number }[] {
  return detCurve(r.genuineScores, r.impostorScores);
}
