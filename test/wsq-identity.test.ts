import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeWsq } from '../src/biometrics/image/wsq-decoder.ts';
import { encodeWsq } from '../src/biometrics/image/wsq-encoder.ts';
import { createSubject, renderImpression } from '../src/biometrics/synth/index.ts';
import { dataPath } from './support/data.ts';

const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').slice(0, 16);

// Pinned output of the codec before its speed work (commit e1ef289), from the same calls: the first
// 16 hex digits of the SHA-256 of the encoded file and of the pixels it decodes to. The speed-ups
// keep the arithmetic, so any change here is a change of output, not of speed.
const PINNED: [seed: number, finger: number, impression: number, bitRate: number, bytes: number, file: string, pixels: string][] = [
  [11, 1, 1, 0.75, 11814, 'ef5419e678e714f0', 'ba137be62ef29dc7'],
  [11, 1, 1, 2.25, 35790, 'b215b74c39610914', 'da47dbc9be320c54'],
  [12, 7, 2, 0.75, 11840, '20a6344530d81f35', 'e14403569902c8d0'],
  [12, 7, 2, 2.25, 35544, '2dbc700640669482', '06601ad2249c8d8a'],
  [13, 10, 3, 0.75, 11886, '66edc655ae606a16', '4175f33bd6e7e310'],
  [13, 10, 3, 2.25, 35547, '58c9110aafbf7d3c', '21668a4e065d5c9e'],
];

test('WSQ encoder bytes and decoder pixels of synthetic impressions are those pinned at e1ef289', () => {
  for (const [seed, finger, impression, bitRate, bytes, file, pixels] of PINNED) {
    const wsq = encodeWsq(renderImpression(createSubject(seed), finger, impression), { ppi: 500, bitRate });
    const label = `subject ${seed} finger ${finger} impression ${impression} at ${bitRate} bpp`;
    assert.equal(wsq.length, bytes, label);
    assert.equal(digest(wsq), file, label);
    assert.equal(digest(decodeWsq(wsq).pixels), pixels, label);
  }
});

test('sample.wsq decodes to the pixels pinned at e1ef289', () => {
  assert.equal(digest(decodeWsq(readFileSync(dataPath('ansi-nist/wsq/sample.wsq'))).pixels), '8d97e6d59b477b5c');
});
