/**
 * Extractor quality and speed on the FVC2002 B folders, against the third-party ISO templates that
 * sit beside each image (same images, same pixel frame). Per database: mean minutiae (ours, .iso),
 * the share of .iso minutiae we also find (recall) and of ours the .iso extractor also finds
 * (precision), paired one-to-one within PAIR_RADIUS pixels, and over the pairs the median position
 * error, the share whose directions agree within 30 degrees and whose types agree. A diagnostic
 * that does not look at match scores, so it cannot be fitted through the EER.
 * @NOTE The .iso files were extracted from the images stretched to 300x400 (their header says
 * 300x400 for every database, and the best-fitting scales are 300/width and 400/height), so their
 * minutiae are mapped back to the image frame, directions included, before pairing.
 * Speed: median extraction ms per image; with BASELINE=path/to/extract/index.ts an older extractor
 * runs interleaved in the same process and the ratio new/old is printed too.
 * Run: npx tsx bench/extract.bench.ts   (BASELINE=/tmp/xb/src/biometrics/extract/index.ts, after making a
 * copy of an older tree: mkdir -p /tmp/xb && git archive REV src | tar -x -C /tmp/xb && cp tsconfig.json package.json /tmp/xb/)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listImpressions } from '../src/biometrics/eval/fvc-dataset.ts';
import { extract } from '../src/biometrics/extract/index.ts';
import { loadImage } from '../src/biometrics/image/load-image.ts';
import { readIsoTemplate } from '../src/biometrics/template/iso-19794-2-2005.ts';
import { toImageFrame } from '../src/biometrics/template/image-frame.ts';
import type { FingerTemplate, Minutia } from '../src/biometrics/template/types.ts';

const PAIR_RADIUS = 12;
type Extract = typeof extract;

interface Agreement {
  pairs: number;
  distances: number[];
  directionAgree: number;
  typeAgree: number;
}

/** Greedy one-to-one pairing, closest pairs first. */
function agreement(ours: Minutia[], theirs: Minutia[]): Agreement {
  const cand: [number, number, number][] = [];
  for (let i = 0; i < ours.length; i++) {
    for (let j = 0; j < theirs.length; j++) {
      const d = Math.hypot(ours[i].x - theirs[j].x, ours[i].y - theirs[j].y);
      if (d <= PAIR_RADIUS) cand.push([d, i, j]);
    }
  }
  cand.sort((a, b) => a[0] - b[0]);
  const usedA = new Uint8Array(ours.length);
  const usedB = new Uint8Array(theirs.length);
  const out: Agreement = { pairs: 0, distances: [], directionAgree: 0, typeAgree: 0 };
  for (const [d, i, j] of cand) {
    if (usedA[i] || usedB[j]) continue;
    usedA[i] = usedB[j] = 1;
    out.pairs++;
    out.distances.push(d);
    if (Math.cos(ours[i].angle - theirs[j].angle) > Math.cos(Math.PI / 6)) out.directionAgree++;
    if (ours[i].type === theirs[j].type) out.typeAgree++;
  }
  return out;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : NaN;
};

function summarize(templates: FingerTemplate[], iso: FingerTemplate[], ms: number[]) {
  let ours = 0;
  let theirs = 0;
  let pairs = 0;
  let dir = 0;
  let type = 0;
  const distances: number[] = [];
  templates.forEach((t, i) => {
    const a = agreement(t.minutiae, iso[i].minutiae);
    ours += t.minutiae.length;
    theirs += iso[i].minutiae.length;
    pairs += a.pairs;
    dir += a.directionAgree;
    type += a.typeAgree;
    distances.push(...a.distances);
  });
  const r = (x: number) => +x.toFixed(3);
  return {
    meanMinutiae: r(ours / templates.length),
    meanIsoMinutiae: r(theirs / templates.length),
    recall: r(pairs / theirs),
    precision: r(pairs / ours),
    medianPositionError: r(median(distances)),
    directionAgree30: r(dir / pairs),
    typeAgree: r(type / pairs),
    emptyTemplates: templates.filter((t) => t.minutiae.length === 0).length,
    extractMsMedian: r(median(ms)),
  };
}

const baselinePath = process.env.BASELINE;
const baseline: Extract | undefined = baselinePath ? ((await import(path.resolve(baselinePath))) as { extract: Extract }).extract : undefined;
const root = path.resolve(import.meta.dirname, '../../shared/data/fvc2002');
const rows: Record<string, unknown>[] = [];
for (const db of ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']) {
  const items = listImpressions(path.join(root, db));
  const images = items.map((it) => loadImage(it.file));
  const iso = items.map((it, i) => {
    const t = readIsoTemplate(new Uint8Array(readFileSync(it.file.replace(/\.[a-z]+$/i, '.iso'))), it.file);
    return toImageFrame(t, images[i].width, images[i].height);
  });
  // Warm-up so JIT compilation does not count against whichever runs first.
  extract(images[0]);
  baseline?.(images[0]);
  const now: FingerTemplate[] = [];
  const old: FingerTemplate[] = [];
  const msNew: number[] = [];
  const msOld: number[] = [];
  // Alternating which runs first, so neither gains from the other's cache or pays its GC.
  images.forEach((image, i) => {
    const runs: [Extract, FingerTemplate[], number[]][] = [[extract, now, msNew]];
    if (baseline) runs[i % 2 ? 'push' : 'unshift']([baseline, old, msOld]);
    for (const [run, out, ms] of runs) {
      const t0 = performance.now();
      out.push(run(image));
      ms.push(performance.now() - t0);
    }
  });
  const row: Record<string, unknown> = { db, ...summarize(now, iso, msNew) };
  if (baseline) {
    row.baseline = summarize(old, iso, msOld);
    row.speedRatio = +(median(msNew) / median(msOld)).toFixed(2);
  }
  rows.push(row);
  console.log(JSON.stringify(row));
}
