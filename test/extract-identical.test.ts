import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { extract } from '../src/biometrics/extract/index.ts';
import type { GrayImage } from '../src/biometrics/image/gray-image.ts';
import { loadImage } from '../src/biometrics/image/load-image.ts';
import { decodeWsq } from '../src/biometrics/image/wsq-decoder.ts';
import { encodeWsq } from '../src/biometrics/image/wsq-encoder.ts';
import { createSubject, renderImpression } from '../src/biometrics/synth/index.ts';
import { dataPath } from './support/data.ts';

/**
 * Extraction's output pinned bit for bit, so that speed work on the extractor cannot change a
 * template unnoticed. The set: three FVC2002 B images per database, one of them also declared as
 * 600 ppi (the resampling path), the ten fingers of a synthetic subject rendered, WSQ-compressed
 * and decoded as the demo does, and that subject's master minutiae (extraction from known ridges).
 *
 * Both digests were taken with the extractor of commit e1ef289 (before the speed work). The input
 * digest moves when the synthetic renderer or the WSQ codec changes: then, and only then, re-derive
 * both with an extractor known to be unchanged (an A/B of the old and new extractor on those inputs).
 * The template digest moving on its own means extraction changed: legitimate only for a deliberate
 * change of the extractor's results, re-derived with that change.
 */
const INPUT_DIGEST = '0c93ef146aefa39f1c8f0980d1901e941395e1f35c209c6e842ce2b3cc6816ad';
const TEMPLATE_DIGEST = 'f9ef96b05ddeb23705bd737d87e651a9be7ab39090e3f9cebe746de97eed5a8d';

const digest = (parts: (string | Uint8Array)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

test('extraction gives the pinned templates on FVC2002 and synthetic demo impressions', () => {
  const images: GrayImage[] = [];
  for (const db of ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']) for (const f of ['101_1', '104_3', '107_6']) images.push(loadImage(dataPath(`fvc2002/${db}/${f}.tif`)));
  images.push({ ...images[0], ppi: 600 });
  const subject = createSubject(7);
  for (let f = 1; f <= 10; f++) images.push(decodeWsq(encodeWsq(renderImpression(subject, f, 1), { ppi: 500 })));
  const inputs = digest(images.flatMap((im) => [`${im.width}x${im.height}@${im.ppi}`, im.pixels]));
  assert.equal(inputs, INPUT_DIGEST, 'the test images changed (renderer or WSQ codec?): see the comment on re-deriving');
  const templates = images.map((im, i) => JSON.stringify(extract(im, (i % 10) + 1)));
  assert.equal(digest([...templates, JSON.stringify(subject.minutiae)]), TEMPLATE_DIGEST);
});
