import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extract } from '../src/biometrics/extract/index.ts';
import { compareTemplates, prepareTemplate, THRESHOLD_FMR_100 } from '../src/biometrics/match/index.ts';
import { PATTERN_CLASSES, PATTERN_FREQUENCIES } from '../src/biometrics/parameters.ts';
import { Rng } from '../src/random.ts';
import { createSubject, impressionTemplates, renderImpression } from '../src/biometrics/synth/index.ts';
import { createMaster } from '../src/biometrics/synth/master.ts';

const score = (a: ReturnType<typeof prepareTemplate>, b: ReturnType<typeof prepareTemplate>) => Math.max(compareTemplates(a, b), compareTemplates(b, a));

test('synthetic subjects are deterministic from their seed, and different seeds give different people', () => {
  const a = createSubject(42);
  const b = createSubject(42);
  assert.deepEqual(renderImpression(a, 3, 1).pixels, renderImpression(b, 3, 1).pixels);
  assert.deepEqual(impressionTemplates(a, 5), impressionTemplates(b, 5));
  assert.notDeepEqual(renderImpression(a, 3, 1).pixels, renderImpression(a, 3, 2).pixels);
  for (const m of a.minutiae) assert.ok(m.length >= 15 && m.length <= 120, `master minutiae ${m.length}`);
});

test('pattern classes follow their natural frequencies (chi-square over 4,000 draws of the class alone)', () => {
  // The class is the first draw of a master's generator; drawing it alone keeps the test fast.
  const counts = new Array(PATTERN_CLASSES.length).fill(0);
  const n = 4000;
  for (let s = 0; s < n; s++) counts[new Rng(s).weighted(PATTERN_FREQUENCIES)]++;
  const chi = counts.reduce((sum, c, k) => sum + (c - n * PATTERN_FREQUENCIES[k]) ** 2 / (n * PATTERN_FREQUENCIES[k]), 0);
  assert.ok(chi < 13.3, `chi-square ${chi.toFixed(2)} (4 degrees of freedom, p = 0.01)`);
  assert.equal(createMaster(7).patternClass, PATTERN_CLASSES[new Rng(7).weighted(PATTERN_FREQUENCIES)]);
});

test('rendered impressions of one synthetic finger match each other; other fingers do not', () => {
  const s = createSubject(9);
  const t = (f: number, i: number) => prepareTemplate(extract(renderImpression(s, f, i)));
  const a = t(2, 1);
  assert.ok(score(a, t(2, 2)) > THRESHOLD_FMR_100, 'mated impressions');
  assert.ok(score(a, t(7, 1)) < THRESHOLD_FMR_100, 'another finger');
  // The template fast path agrees with the rendered path.
  const fast = prepareTemplate(impressionTemplates(s, 3)[1]);
  assert.ok(score(a, fast) > THRESHOLD_FMR_100, 'rendered vs fast-path templates of the same finger');
});
