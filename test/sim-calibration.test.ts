import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibrate, IDENT_TARGETS, loadPublishedFigures, READINGS } from '../src/sim/calibration.ts';
import { loadCounties } from '../src/sim/counties.ts';

test('every published figure has a model reading, and the model is within 10 % of each (scale 0.25)', async () => {
  const published = loadPublishedFigures();
  assert.ok(published.length >= 16, 'figures.csv read whole');
  for (const p of published) assert.ok(READINGS[p.figure], `${p.figure} has a reading`);
  const rows = await calibrate(loadCounties(), { seed: 1, scale: 0.25 });
  assert.deepEqual(rows.map((r) => r.figure), [...IDENT_TARGETS, ...published].map((p) => p.figure));
  for (const r of rows) assert.ok(Math.abs(r.error) <= 0.1, `${r.figure}: published ${r.target}, model ${r.model} (${(100 * r.error).toFixed(1)} %)`);
});
