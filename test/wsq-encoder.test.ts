import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { GrayImage } from '../src/biometrics/image/gray-image.ts';
import { loadImage } from '../src/biometrics/image/load-image.ts';
import { decodeWsq } from '../src/biometrics/image/wsq-decoder.ts';
import { encodeWsq } from '../src/biometrics/image/wsq-encoder.ts';
import { buildHuffmanSpec, canonicalCodes } from '../src/biometrics/image/wsq-huffman.ts';
import { parseTransaction, recordImage } from '../src/nist/index.ts';
import { Rng } from '../src/random.ts';
import { dataPath } from './support/data.ts';

function psnr(a: GrayImage, b: GrayImage): number {
  let se = 0;
  for (let i = 0; i < a.pixels.length; i++) se += (a.pixels[i] - b.pixels[i]) ** 2;
  return 10 * Math.log10((255 * 255) / (se / a.pixels.length));
}

test('WSQ encoder at the default 0.75 bpp: >= 10:1 on FVC2002 images, PSNR >= 30 dB per database, decodes with our decoder', () => {
  for (const db of ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']) {
    let mse = 0;
    const fingers = [101, 104, 107, 110];
    for (const finger of fingers) {
      const img = loadImage(dataPath(`fvc2002/${db}/${finger}_2.tif`));
      const wsq = encodeWsq(img);
      assert.ok(img.pixels.length / wsq.length >= 10, `${db} ${finger}: ratio ${(img.pixels.length / wsq.length).toFixed(2)}`);
      const back = decodeWsq(wsq);
      assert.deepEqual([back.width, back.height, back.ppi], [img.width, img.height, 500]);
      const p = psnr(img, back);
      assert.ok(p > 26, `${db} ${finger}: PSNR ${p.toFixed(2)}`);
      mse += (255 * 255) / 10 ** (p / 10) / fingers.length;
    }
    const dbPsnr = 10 * Math.log10((255 * 255) / mse);
    assert.ok(dbPsnr >= 30, `${db}: PSNR ${dbPsnr.toFixed(2)} dB`);
  }
});

test('WSQ encoder: more bits give a better image; the NIST comment carries the resolution asked for', () => {
  const img = loadImage(dataPath('fvc2002/DB1_B/102_3.tif'));
  const low = encodeWsq(img, { bitRate: 0.5 });
  const high = encodeWsq(img, { bitRate: 2.25, ppi: 1000 });
  assert.ok(high.length > 2 * low.length);
  assert.ok(psnr(img, decodeWsq(high)) > psnr(img, decodeWsq(low)) + 5);
  assert.equal(decodeWsq(high).ppi, 1000);
  assert.match(Buffer.from(high).toString('latin1'), /NIST_COM 9\nPIX_WIDTH 388\nPIX_HEIGHT 374\nPIX_DEPTH 8\nPPI 1000\n/);
  assert.throws(() => encodeWsq({ width: 40, height: 40, ppi: 500, pixels: new Uint8Array(1600) }), /too small/);
});

test('WSQ encoder fills its bit budget: every file of the NIST card at 0.3, 0.75 and 2.25 bpp within 95-100 % of it', () => {
  // The card's images have large blank margins, where the coded size is nearly flat in the bin
  // scale: a search that only extrapolated left files at 0.3 bpp a quarter short of their budget.
  const t = parseTransaction(readFileSync(dataPath('ansi-nist/type-4-tpcard.an2')));
  const images = t.records.flatMap((r) => {
    const info = recordImage(t, r);
    return info?.compression === 'WSQ20' ? [decodeWsq(info.data)] : [];
  });
  assert.equal(images.length, 14);
  for (const bitRate of [0.3, 0.75, 2.25]) {
    images.forEach((img, i) => {
      const fill = encodeWsq(img, { bitRate }).length / ((bitRate * img.width * img.height) / 8);
      assert.ok(fill <= 1 && fill >= 0.95, `image ${i + 1} at ${bitRate} bpp: ${(100 * fill).toFixed(1)} % of the budget`);
    });
  }
});

test('Huffman tables: lengths <= 16, a complete prefix code minus the reserved all-ones code, frequent symbols shortest', () => {
  const rng = new Rng(3);
  for (let trial = 0; trial < 200; trial++) {
    const freq: number[] = Array.from({ length: 256 }, (_, s) => (s === 0 || rng.chance(0.4) ? 0 : Math.floor(rng.range(1, 1e4) ** rng.range(0.2, 1.2))));
    if (!freq.some((f) => f > 0)) freq[7] = 1;
    const spec = buildHuffmanSpec(freq);
    assert.equal(spec.values.length, freq.filter((f) => f > 0).length);
    const codes = canonicalCodes(spec.bits)!;
    assert.ok(codes);
    let kraft = 0;
    codes.sizes.forEach((l, i) => {
      assert.ok(l >= 1 && l <= 16);
      assert.notEqual(codes.codes[i], (1 << l) - 1, 'all-ones code is reserved');
      kraft += 2 ** -l;
    });
    assert.ok(kraft < 1);
    const lengthOf = new Map([...spec.values].map((v, i) => [v, codes.sizes[i]]));
    const present = [...lengthOf.keys()];
    // Without the 16-bit limit kicking in, the code is a true Huffman code: more frequent, not longer.
    if (Math.max(...codes.sizes) === 16) continue;
    for (const a of present) for (const b of present) if (freq[a] > freq[b]) assert.ok(lengthOf.get(a)! <= lengthOf.get(b)!, `freq ${freq[a]} > ${freq[b]}`);
  }
});
