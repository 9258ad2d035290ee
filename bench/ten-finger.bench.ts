/**
 * What the ten-finger second look (SEARCH_TEN_FINGERS_FROM, SEARCH_THRESHOLD_TEN) is set from: for
 * each kind of pair, the four-finger fused score (the verify positions) and the ten-finger sum of
 * mated pairs (two impressions of one synthetic person) and non-mated ones (each probe against the
 * next 40 subjects' records, or all others when rendered). Template path (t-t): record impression 2, probe
 * impression 100, as a booking's. Rendered (r-t: probe extracted from a rendered impression against a
 * template-path record; r-r: both extracted) with the second argument.
 * Prints the mates that fuse below SEARCH_THRESHOLD with their four- and ten-finger scores, the
 * non-mated tails, and how many non-mated pairs reach the second look.
 * Run: npx tsx bench/ten-finger.bench.ts [template subjects, default 600] [rendered subjects, default 0]
 */
import { extract } from '../src/biometrics/extract/index.ts';
import { compareTemplates, prepareTemplate, type PreparedTemplate } from '../src/biometrics/match/index.ts';
import { SEARCH_TEN_FINGERS_FROM, SEARCH_THRESHOLD, SEARCH_THRESHOLD_TEN, SEARCH_VERIFY_POSITIONS } from '../src/biometrics/parameters.ts';
import { createSubject, createTemplateSubject, impressionTemplates, renderImpression } from '../src/biometrics/synth/index.ts';
import type { FingerTemplate } from '../src/biometrics/template/types.ts';

const templated = Number(process.argv[2] ?? 600);
const rendered = Number(process.argv[3] ?? 0);
const VERIFY = SEARCH_VERIFY_POSITIONS.map((p) => p - 1);
const OTHER = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((f) => !VERIFY.includes(f));
const sum = (a: PreparedTemplate[], b: PreparedTemplate[], fingers: number[]) => fingers.reduce((s, f) => s + compareTemplates(a[f], b[f]), 0);
const at = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]);
};

function report(kind: string, probes: PreparedTemplate[][], records: PreparedTemplate[][], others: number): void {
  const pair = (p: PreparedTemplate[], r: PreparedTemplate[]) => {
    const four = sum(p, r, VERIFY);
    return { four, ten: four + sum(p, r, OTHER) };
  };
  const mated = probes.map((p, k) => pair(p, records[k]));
  const non: { four: number; ten: number }[] = [];
  const n = probes.length;
  for (let k = 0; k < n; k++) {
    for (let j = 1; j <= Math.min(others, n - 1); j++) non.push(pair(probes[k], records[(k + j) % n]));
  }
  const short = mated.filter((m) => m.four < SEARCH_THRESHOLD);
  const second = non.filter((m) => m.four >= SEARCH_TEN_FINGERS_FROM && m.four < SEARCH_THRESHOLD);
  console.log(
    JSON.stringify({
      kind,
      subjects: n,
      nonMatedPairs: non.length,
      mated: { fourMin: at(mated.map((m) => m.four), 0), fourP5: at(mated.map((m) => m.four), 0.05), fourMedian: at(mated.map((m) => m.four), 0.5), tenMin: at(mated.map((m) => m.ten), 0) },
      matedBelowThreshold: short.length,
      matedBelowThresholdFourTen: short.map((m) => `${Math.round(m.four)}/${Math.round(m.ten)}`).join(' '),
      matedFoundWithSecondLook: short.filter((m) => m.four >= SEARCH_TEN_FINGERS_FROM && m.ten >= SEARCH_THRESHOLD_TEN).length,
      nonMated: { fourP99: at(non.map((m) => m.four), 0.99), fourP999: at(non.map((m) => m.four), 0.999), fourMax: at(non.map((m) => m.four), 1), otherSixP999: at(non.map((m) => m.ten - m.four), 0.999), tenP999: at(non.map((m) => m.ten), 0.999), tenMax: at(non.map((m) => m.ten), 1) },
      nonMatedGivenSecondLook: second.length,
      nonMatedFoundWithSecondLook: second.filter((m) => m.ten >= SEARCH_THRESHOLD_TEN).length,
    }),
  );
}

const prepared = (fingers: FingerTemplate[]) => fingers.map((t) => prepareTemplate(t));
if (templated > 0) {
  const records: PreparedTemplate[][] = [];
  const probes: PreparedTemplate[][] = [];
  for (let k = 0; k < templated; k++) {
    const s = createTemplateSubject(31337 + k);
    records.push(prepared(impressionTemplates(s, 2)));
    probes.push(prepared(impressionTemplates(s, 100)));
  }
  report('t-t', probes, records, 40);
}
if (rendered > 0) {
  const r100: PreparedTemplate[][] = [];
  const r101: PreparedTemplate[][] = [];
  const records: PreparedTemplate[][] = [];
  for (let k = 0; k < rendered; k++) {
    const s = createSubject(8080 + k * 11);
    const render = (impression: number) => Array.from({ length: 10 }, (_, f) => prepareTemplate(extract(renderImpression(s, f + 1, impression), f + 1)));
    r100.push(render(100));
    r101.push(render(101));
    records.push(prepared(impressionTemplates(s, 2)));
    process.stderr.write(`\rrendered ${k + 1}/${rendered}`);
  }
  process.stderr.write('\n');
  report('r-t', r100, records, rendered);
  report('r-r', r100, r101, rendered);
}
