import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { GrayImage } from '../src/biometrics/image/gray-image.ts';
import { decodePng } from '../src/biometrics/image/png.ts';
import { decodeWsq } from '../src/biometrics/image/wsq-decoder.ts';
import { ParseError } from '../src/errors.ts';
import { decodeRecordImage, parseTransaction } from '../src/nist/index.ts';
import { Rng } from '../src/random.ts';
import { dataPath } from './support/data.ts';

function maxDiff(a: GrayImage, b: GrayImage): number {
  assert.equal(a.width, b.width);
  assert.equal(a.height, b.height);
  let m = 0;
  for (let i = 0; i < a.pixels.length; i++) m = Math.max(m, Math.abs(a.pixels[i] - b.pixels[i]));
  return m;
}

test('the 14 WSQ images of the NIST tenprint card match the reference decoder within 1 grey level', () => {
  const file = dataPath('ansi-nist/type-4-tpcard.an2');
  const t = parseTransaction(readFileSync(file), { file });
  const type4 = t.records.flatMap((r, i) => (r.kind === 'binary' && r.type === 4 ? [{ index: i, fgp: r.header!.fgp[0] }] : []));
  assert.equal(type4.length, 14);
  // The expected images are numbered by finger position (1-10 rolled, 11-14 plain), which is not
  // the record order for the four plain impressions.
  type4.sort((a, b) => a.fgp - b.fgp);
  type4.forEach(({ index }, n) => {
    const decoded = decodeRecordImage(t, index, file);
    const expected = decodePng(readFileSync(dataPath(`ansi-nist/expected-tpcard/fp-${n + 1}.png`)));
    assert.ok(maxDiff(decoded, expected) <= 1, `fp-${n + 1}.png (record ${index})`);
    assert.equal(decoded.ppi, 500);
  });
});

test('sample.wsq decodes to sample.expected.png within 1 grey level, with its NIST comment resolution', () => {
  const decoded = decodeWsq(readFileSync(dataPath('ansi-nist/wsq/sample.wsq')), 'sample.wsq');
  const expected = decodePng(readFileSync(dataPath('ansi-nist/wsq/sample.expected.png')));
  assert.equal(decoded.width, 545);
  assert.equal(decoded.height, 622);
  assert.ok(maxDiff(decoded, expected) <= 1);
  assert.equal(decoded.ppi, 500);
});

test('a WSQ stream cut inside its data or with a foreign marker in its Huffman data is a ParseError with a byte offset', () => {
  const bytes = new Uint8Array(readFileSync(dataPath('ansi-nist/wsq/sample.wsq')));
  const sob = findMarker(bytes, 0xa3);
  assert.ok(sob > 0);
  assert.throws(() => decodeWsq(bytes.subarray(0, sob + 500), 'cut.wsq'), (e: unknown) => e instanceof ParseError && /^cut\.wsq, .*byte \d+/.test(e.message));
  const corrupt = bytes.slice();
  corrupt[sob + 40] = 0xff;
  corrupt[sob + 41] = 0xa8; // a table marker cannot sit inside entropy-coded data
  assert.throws(() => decodeWsq(corrupt, 'corrupt.wsq'), (e: unknown) => e instanceof ParseError && /corrupt\.wsq.*byte \d+/.test(e.message));
});

test('WSQ decoder survives 1000 seeded mutations of a real file: an image or a ParseError, nothing else', () => {
  const original = new Uint8Array(readFileSync(dataPath('ansi-nist/wsq/sample.wsq')));
  const rng = new Rng(7);
  const outcomes = { decoded: 0, rejected: 0 };
  for (let i = 0; i < 1000; i++) {
    const bytes = original.slice(0, rng.chance(0.2) ? rng.int(original.length) : original.length);
    for (let k = rng.int(8) + 1; k > 0; k--) {
      const at = rng.chance(0.5) ? rng.int(Math.min(bytes.length, 200)) : rng.int(bytes.length);
      bytes[at] = rng.chance(0.5) ? bytes[at] ^ (1 << rng.int(8)) : rng.int(256);
    }
    try {
      const img = decodeWsq(bytes, `case-${i}`);
      assert.equal(img.pixels.length, img.width * img.height);
      outcomes.decoded++;
    } catch (e) {
      if (!(e instanceof ParseError)) throw new Error(`case ${i}: ${(e as Error).stack}`);
      outcomes.rejected++;
    }
  }
  assert.ok(outcomes.rejected > 200 && outcomes.decoded > 50, JSON.stringify(outcomes));
});

function findMarker(bytes: Uint8Array, code: number): number {
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0xff && bytes[i + 1] === code) return i;
  return -1;
}
