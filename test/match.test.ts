import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compareTemplates, DEFAULT_THRESHOLD, prepareTemplate, THRESHOLD_FMR_100, THRESHOLD_FMR_1000, THRESHOLD_FMR_10000 } from '../src/biometrics/match/index.ts';
import { readIsoTemplate } from '../src/biometrics/template/iso-19794-2-2005.ts';
import type { FingerTemplate } from '../src/biometrics/template/types.ts';
import { Rng } from '../src/random.ts';
import { dataPath } from './support/data.ts';

const iso = (db: string, f: string) => readIsoTemplate(new Uint8Array(readFileSync(dataPath(`fvc2002/${db}/${f}.iso`))));
const both = (a: FingerTemplate, b: FingerTemplate) => {
  const pa = prepareTemplate(a);
  const pb = prepareTemplate(b);
  return Math.max(compareTemplates(pa, pb), compareTemplates(pb, pa));
};

/** The template moved rigidly (rotation about the image centre, then a shift), optionally warped. */
function moved(t: FingerTemplate, rotation: number, dx: number, dy: number, warp = 0): FingerTemplate {
  const cx = t.width / 2;
  const cy = t.height / 2;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  return {
    ...t,
    width: t.width + 200,
    height: t.height + 200,
    minutiae: t.minutiae.map((m) => {
      // Template angles are counter-clockwise with y up: a clockwise turn on screen (y down) by
      // `rotation` lowers them by the same amount.
      const u = m.x - cx;
      const v = m.y - cy;
      const bend = warp * Math.sin(v / 40);
      return { ...m, x: cx + 100 + dx + cos * u - sin * v + bend, y: cy + 100 + dy + sin * u + cos * v, angle: (((m.angle - rotation) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) };
    }),
  };
}

test('thresholds are ordered by the false match rate they name, the default is the 0.01 % one', () => {
  assert.ok(THRESHOLD_FMR_100 < THRESHOLD_FMR_1000 && THRESHOLD_FMR_1000 < THRESHOLD_FMR_10000);
  assert.equal(DEFAULT_THRESHOLD, THRESHOLD_FMR_10000);
});

test('scores do not depend on where the print lies: a rotated and shifted copy scores like the template itself', () => {
  const t = iso('DB1_B', '103_1');
  const self = both(t, t);
  assert.ok(self > DEFAULT_THRESHOLD, `self ${self}`);
  for (const [r, dx, dy] of [[0.5, 40, -30], [-0.9, -60, 20], [Math.PI, 0, 0]]) {
    const s = both(t, moved(t, r, dx, dy));
    assert.ok(s > 0.9 * self, `rotation ${r}: ${s} vs ${self}`);
  }
});

test('skin distortion is tolerated: a copy bent by up to 8 pixels still matches at the default threshold', () => {
  const t = iso('DB2_B', '104_3');
  const s = both(t, moved(t, 0.2, 15, 10, 8));
  assert.ok(s > DEFAULT_THRESHOLD, `bent copy ${s}`);
  // Random minutiae in the same frame are not a match.
  const rng = new Rng(3);
  const noise: FingerTemplate = { ...t, minutiae: t.minutiae.map((m) => ({ ...m, x: rng.next() * t.width, y: rng.next() * t.height, angle: rng.next() * 2 * Math.PI })) };
  assert.ok(both(t, noise) < THRESHOLD_FMR_100, `random minutiae ${both(t, noise)}`);
});

test('templates with fewer than 3 minutiae score 0; comparisons leave no state behind', () => {
  const t = iso('DB3_B', '101_1');
  assert.equal(both(t, { ...t, minutiae: t.minutiae.slice(0, 2) }), 0);
  const a = prepareTemplate(t);
  const b = prepareTemplate(iso('DB3_B', '101_2'));
  const first = compareTemplates(a, b);
  compareTemplates(b, prepareTemplate(iso('DB3_B', '105_4')));
  compareTemplates(a, a);
  assert.equal(compareTemplates(a, b), first);
});

test('on the third-party FVC2002 DB1_B templates: at most 1 % of impostors reach THRESHOLD_FMR_100, most mates do', () => {
  const fingers = [101, 102, 103, 104, 105, 106, 107, 108, 109, 110];
  const prepared = fingers.flatMap((f) => [1, 2, 3, 4].map((i) => ({ f, p: prepareTemplate(iso('DB1_B', `${f}_${i}`)) })));
  let impostors = 0;
  let falseMatches = 0;
  let mates = 0;
  let matched = 0;
  for (let a = 0; a < prepared.length; a++) {
    for (let b = a + 1; b < prepared.length; b++) {
      const s = Math.max(compareTemplates(prepared[a].p, prepared[b].p), compareTemplates(prepared[b].p, prepared[a].p));
      if (prepared[a].f === prepared[b].f) (mates++, (matched += s >= THRESHOLD_FMR_100 ? 1 : 0));
      else (impostors++, (falseMatches += s >= THRESHOLD_FMR_100 ? 1 : 0));
    }
  }
  assert.ok(falseMatches / impostors <= 0.01, `false matches ${falseMatches}/${impostors}`);
  assert.ok(matched / mates >= 0.9, `mates matched ${matched}/${mates}`);
});

test('a minutia with no neighbour in reach pairs without breaking the score (it once gave NaN)', () => {
  // DB3_B 102_6 has a minutia more than NEIGHBOUR_MAX_DISTANCE from every other.
  const t = iso('DB3_B', '102_6');
  const p = prepareTemplate(t);
  assert.ok([...p.neighbours].includes(0), 'the template still holds an isolated minutia');
  const s = compareTemplates(p, p);
  assert.ok(Number.isFinite(s) && s > DEFAULT_THRESHOLD, `self score ${s}`);
});

test('a template wider than 31 grid cells (two prints side by side, 1,500 pixels) still finds its pairs', () => {
  const t = iso('DB1_B', '103_1');
  const wide: FingerTemplate = { ...t, width: t.width + 1200, minutiae: [...t.minutiae, ...t.minutiae.map((m) => ({ ...m, x: m.x + 1200, quality: m.quality - 1 }))] };
  const p = prepareTemplate(wide);
  assert.ok(p.cellSize > 32 && p.gridW <= 31, `cell ${p.cellSize}, ${p.gridW} columns`);
  const s = compareTemplates(prepareTemplate(t), p);
  assert.ok(s > DEFAULT_THRESHOLD, `score ${s}`);
});
