import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { evaluateFolder } from '../src/biometrics/eval/index.ts';
import { errorRates } from '../src/biometrics/eval/metrics.ts';
import { extract } from '../src/biometrics/extract/index.ts';
import { createGrayImage } from '../src/biometrics/image/gray-image.ts';
import { loadImage } from '../src/biometrics/image/load-image.ts';
import { compareTemplates, DEFAULT_THRESHOLD, prepareTemplate, THRESHOLD_FMR_100 } from '../src/biometrics/match/index.ts';
import { readAnsiTemplate, writeAnsiTemplate } from '../src/biometrics/template/ansi-378-2004.ts';
import { readCompactTemplate, writeCompactTemplate } from '../src/biometrics/template/compact.ts';
import { readIsoTemplate, writeIsoTemplate } from '../src/biometrics/template/iso-19794-2-2005.ts';
import { decodeTemplate } from '../src/biometrics/template/load-template.ts';
import { ParseError } from '../src/errors.ts';
import { Rng } from '../src/random.ts';
import { runScomm } from './support/cli.ts';
import { dataPath } from './support/data.ts';

const fvc = (db: string, f: string) => dataPath(`fvc2002/${db}/${f}`);

test('every .iso template of the FVC2002 sets loads and writes back byte for byte; ANSI and compact round-trip', () => {
  for (const db of ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']) {
    for (let finger = 101; finger <= 110; finger++) {
      for (let i = 1; i <= 8; i++) {
        const bytes = new Uint8Array(readFileSync(fvc(db, `${finger}_${i}.iso`)));
        const t = readIsoTemplate(bytes);
        assert.ok(t.minutiae.length > 5);
        assert.deepEqual(writeIsoTemplate(t), bytes);
        const ansi = readAnsiTemplate(writeAnsiTemplate(t));
        t.minutiae.forEach((m, k) => {
          assert.equal(ansi.minutiae[k].x, m.x);
          // ANSI angles have 2-degree steps.
          assert.ok(Math.abs(ansi.minutiae[k].angle - m.angle) < (2 * Math.PI) / 180 + 1e-9 || Math.abs(ansi.minutiae[k].angle - m.angle) > 2 * Math.PI - 0.04);
        });
        const compact = readCompactTemplate(writeCompactTemplate(t));
        assert.equal(compact.minutiae.length, t.minutiae.length);
        assert.equal(decodeTemplate(writeAnsiTemplate(t)).minutiae.length, t.minutiae.length);
      }
    }
  }
  const bad = new Uint8Array(readFileSync(fvc('DB1_B', '101_1.iso'))).subarray(0, 40);
  assert.throws(() => readIsoTemplate(bad, 'cut.iso'), (e: unknown) => e instanceof ParseError && /cut\.iso, .*byte \d+/.test(e.message));
});

test('extraction: blank, tiny, saturated and noise images give an empty template with a reason', () => {
  const rng = new Rng(5);
  const noise = createGrayImage(300, 300);
  for (let i = 0; i < noise.pixels.length; i++) noise.pixels[i] = rng.int(256);
  for (const [name, img] of Object.entries({ blank: createGrayImage(300, 300, 500, 255), black: createGrayImage(300, 300, 500, 0), tiny: createGrayImage(20, 20), noise })) {
    const t = extract(img);
    assert.ok(t.minutiae.length < 5, `${name}: ${t.minutiae.length} minutiae`);
    if (name !== 'noise') {
      assert.equal(t.quality, 0, name);
      assert.ok(t.reason, name);
    }
  }
});

test('extraction at another resolution: a print resampled to 1000 ppi gives minutiae at the same places', () => {
  const img = loadImage(fvc('DB1_B', '103_2.tif'));
  const big = createGrayImage(img.width * 2, img.height * 2, 1000);
  for (let y = 0; y < big.height; y++) for (let x = 0; x < big.width; x++) big.pixels[y * big.width + x] = img.pixels[(y >> 1) * img.width + (x >> 1)];
  const a = prepareTemplate(extract(img));
  const b = prepareTemplate(extract(big));
  assert.ok(Math.max(compareTemplates(a, b), compareTemplates(b, a)) > DEFAULT_THRESHOLD);
});

test('1:1 matching on real prints: mates above the FMR 1 % threshold, most non-mates below it', () => {
  const prepared = (f: string) => prepareTemplate(extract(loadImage(fvc('DB1_B', f))));
  const a = prepared('105_1.tif');
  const mate = prepared('105_3.tif');
  const other = prepared('106_1.tif');
  const score = (x: typeof a, y: typeof a) => Math.max(compareTemplates(x, y), compareTemplates(y, x));
  assert.ok(score(a, mate) > THRESHOLD_FMR_100, `mated ${score(a, mate)}`);
  assert.ok(score(a, other) < THRESHOLD_FMR_100, `non-mated ${score(a, other)}`);
  assert.ok(score(a, a) > score(a, mate));
});

test('error rates: EER and FMRx on constructed score sets', () => {
  const r = errorRates([5, 6, 7, 8, 9, 10], [0, 1, 2, 3, 4, 5.5]);
  assert.ok(r.eer > 0 && r.eer < 0.2);
  assert.equal(r.zeroFmr, 1 / 6);
  const perfect = errorRates([10, 11], [1, 2]);
  assert.equal(perfect.eer, 0);
});

test('all-pairs evaluation of one FVC2002 database with our extractor: EER within the engine\'s measured range', () => {
  const r = evaluateFolder(dataPath('fvc2002/DB1_B'), 'extract');
  assert.equal(r.genuine, 280);
  assert.equal(r.impostor, 2880);
  assert.ok(r.eer < 0.04, `DB1_B EER ${r.eer}`);
});

test('scomm extract and scomm match on FVC images (exit 0, contract keys); a missing file is exit 2', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'scomm-match-'));
  const out = path.join(dir, 'a.iso');
  const e = runScomm(['extract', fvc('DB2_B', '101_1.tif'), '-o', out, '--json']);
  assert.equal(e.code, 0, e.stderr);
  const ej = JSON.parse(e.stdout);
  assert.ok(ej.minutiae > 10 && ej.quality > 0 && ej.ms > 0);
  const m = runScomm(['match', out, fvc('DB2_B', '101_2.tif'), '--json']);
  assert.equal(m.code, 0, m.stderr);
  const mj = JSON.parse(m.stdout);
  assert.deepEqual(Object.keys(mj).sort(), ['match', 'score', 'threshold']);
  assert.equal(mj.threshold, DEFAULT_THRESHOLD);
  const missing = runScomm(['match', path.join(dir, 'none.tif'), out]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^error: cannot read/);
});
