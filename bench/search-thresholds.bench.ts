/**
 * The fused (4-finger) score distributions that SEARCH_THRESHOLD, SEARCH_THRESHOLD_ONE_EXTRACTED and
 * SEARCH_THRESHOLD_BOTH_EXTRACTED are set from, for the three kinds of pair a search meets:
 * template-path probe against template-path record (t-t), probe extracted from a rendered impression against a template-path record (r-t:
 * IDENT and CJIS's population records in the images path), and rendered against rendered (r-r: CJIS
 * records created by earlier bookings in the images path). Mated pairs are two impressions of one
 * synthetic person; non-mated pairs all other pairs of the set. Prints per kind: mated min / p5 /
 * median, non-mated median / p99 / p99.9 / max and the shares at or above each threshold.
 * Run: npx tsx bench/search-thresholds.bench.ts [rendered subjects, default 40] [template subjects, default 1000]
 */
import { extract } from '../src/biometrics/extract/index.ts';
import { compareTemplates, prepareTemplate, type PreparedTemplate } from '../src/biometrics/match/index.ts';
import { SEARCH_THRESHOLD, SEARCH_THRESHOLD_BOTH_EXTRACTED, SEARCH_THRESHOLD_ONE_EXTRACTED, SEARCH_VERIFY_POSITIONS } from '../src/biometrics/parameters.ts';
import { createSubject, createTemplateSubject, impressionTemplates, renderImpression } from '../src/biometrics/synth/index.ts';
import type { FingerTemplate } from '../src/biometrics/template/types.ts';

const rendered = Number(process.argv[2] ?? 40);
const templated = Number(process.argv[3] ?? 1000);
const verify = (finger: (position: number) => FingerTemplate) => SEARCH_VERIFY_POSITIONS.map((p) => prepareTemplate(finger(p)));
const ofImpression = (t: FingerTemplate[]) => verify((p) => t[p - 1]);
const fused = (a: PreparedTemplate[], b: PreparedTemplate[]) => a.reduce((s, t, f) => s + compareTemplates(t, b[f]), 0);

// Impressions 100 and 101 are bookings' (rendered or not), 2 the criminal record's (template path).
const r100: PreparedTemplate[][] = [];
const r101: PreparedTemplate[][] = [];
const rRecord: PreparedTemplate[][] = [];
for (let k = 0; k < rendered; k++) {
  const s = createSubject(8080 + k * 11);
  const render = (impression: number) => verify((p) => extract(renderImpression(s, p, impression), p));
  r100.push(render(100));
  r101.push(render(101));
  rRecord.push(ofImpression(impressionTemplates(s, 2)));
  process.stderr.write(`\rrendered ${k + 1}/${rendered}`);
}
process.stderr.write('\n');
const tRecord: PreparedTemplate[][] = [];
const tProbe: PreparedTemplate[][] = [];
for (let k = 0; k < templated; k++) {
  const s = createTemplateSubject(31337 + k);
  tRecord.push(ofImpression(impressionTemplates(s, 2)));
  tProbe.push(ofImpression(impressionTemplates(s, 100)));
}

function summary(probes: PreparedTemplate[][], records: PreparedTemplate[][], nonMatedPerProbe: number) {
  const mated = probes.map((p, k) => fused(p, records[k])).sort((a, b) => a - b);
  const non: number[] = [];
  for (let i = 0; i < probes.length; i++) for (let d = 1; d <= nonMatedPerProbe; d++) non.push(fused(probes[i], records[(i + d) % records.length]));
  non.sort((a, b) => a - b);
  const q = (a: number[], p: number) => +a[Math.floor(p * (a.length - 1))].toFixed(1);
  const share = (t: number) => +(non.filter((s) => s >= t).length / non.length).toFixed(5);
  return {
    mated: { n: mated.length, min: q(mated, 0), p5: q(mated, 0.05), median: q(mated, 0.5), belowThreshold: mated.filter((s) => s < SEARCH_THRESHOLD).length, belowOneExtracted: mated.filter((s) => s < SEARCH_THRESHOLD_ONE_EXTRACTED).length, belowBothExtracted: mated.filter((s) => s < SEARCH_THRESHOLD_BOTH_EXTRACTED).length },
    nonMated: { n: non.length, median: q(non, 0.5), p99: q(non, 0.99), p999: q(non, 0.999), max: q(non, 1), atThreshold: share(SEARCH_THRESHOLD), atOneExtracted: share(SEARCH_THRESHOLD_ONE_EXTRACTED), atBothExtracted: share(SEARCH_THRESHOLD_BOTH_EXTRACTED) },
  };
}
console.log(JSON.stringify({ thresholds: { neither: SEARCH_THRESHOLD, oneExtracted: SEARCH_THRESHOLD_ONE_EXTRACTED, bothExtracted: SEARCH_THRESHOLD_BOTH_EXTRACTED }, tt: summary(tProbe, tRecord, 10), rt: summary(r100, rRecord, rendered - 1), rr: summary(r100, r101, rendered - 1) }, null, 1));
