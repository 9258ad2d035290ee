import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createGrayImage, type GrayImage } from '../src/biometrics/image/gray-image.ts';
import { decodeImage, loadImage, sniffImageFormat } from '../src/biometrics/image/load-image.ts';
import { decodePng, encodePng } from '../src/biometrics/image/png.ts';
import { ParseError, UnsupportedError } from '../src/errors.ts';
import { runScomm } from './support/cli.ts';
import { dataPath } from './support/data.ts';

function gradient(width: number, height: number, ppi = 500): GrayImage {
  const img = createGrayImage(width, height, ppi);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) img.pixels[y * width + x] = (x * 7 + y * 13) & 255;
  return img;
}

/** A BMP as Windows writes it: bottom-up rows padded to 4 bytes, 8-bit palette or 24-bit BGR. */
function bmp(img: GrayImage, bpp: 8 | 24): Uint8Array {
  const stride = Math.ceil((img.width * bpp) / 32) * 4;
  const paletteBytes = bpp === 8 ? 1024 : 0;
  const offset = 54 + paletteBytes;
  const out = new Uint8Array(offset + stride * img.height);
  const v = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  v.setUint32(2, out.length, true);
  v.setUint32(10, offset, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, img.width, true);
  v.setInt32(22, img.height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, bpp, true);
  v.setInt32(38, Math.round(img.ppi / 0.0254), true);
  for (let i = 0; bpp === 8 && i < 256; i++) out.fill(i, 54 + 4 * i, 54 + 4 * i + 3);
  for (let y = 0; y < img.height; y++) {
    const row = offset + (img.height - 1 - y) * stride;
    for (let x = 0; x < img.width; x++) {
      const g = img.pixels[y * img.width + x];
      if (bpp === 8) out[row + x] = g;
      else out.fill(g, row + 3 * x, row + 3 * x + 3);
    }
  }
  return out;
}

test('FVC2002 TIFFs load as 8-bit gray at their sensor sizes', () => {
  const sizes: Record<string, [number, number]> = { DB1_B: [388, 374], DB2_B: [296, 560], DB3_B: [300, 300], DB4_B: [288, 384] };
  for (const [db, [w, h]] of Object.entries(sizes)) {
    const img = loadImage(dataPath(`fvc2002/${db}/101_1.tif`));
    assert.deepEqual([img.width, img.height, img.ppi], [w, h, 500], db);
    const mean = img.pixels.reduce((s, p) => s + p, 0) / img.pixels.length;
    assert.ok(mean > 40 && mean < 250, `${db} mean grey ${mean}`);
  }
});

test('PNG round trip keeps every pixel and the resolution', () => {
  const img = gradient(37, 23, 1000);
  const back = decodePng(encodePng(img));
  assert.deepEqual([back.width, back.height, back.ppi], [37, 23, 1000]);
  assert.deepEqual(back.pixels, img.pixels);
});

test('PGM (binary, plain, 16-bit) and BMP (8 and 24 bit, padded rows) decode to the same pixels', () => {
  const img = gradient(5, 3);
  const header = (magic: string, max: number) => new TextEncoder().encode(`${magic}\n# synthetic\n5 3\n${max}\n`);
  const p5 = new Uint8Array([...header('P5', 255), ...img.pixels]);
  const p2 = new TextEncoder().encode(`P2 5 3 255 ${[...img.pixels].join(' ')}`);
  const p16 = new Uint8Array([...header('P5', 65535), ...[...img.pixels].flatMap((p) => [p, p])]);
  for (const [name, bytes] of Object.entries({ p5, p2, p16, bmp8: bmp(img, 8), bmp24: bmp(img, 24) })) {
    const got = decodeImage(bytes, name);
    assert.deepEqual([got.width, got.height], [5, 3], name);
    assert.deepEqual([...got.pixels], [...img.pixels], name);
  }
  assert.equal(decodeImage(bmp(img, 8)).ppi, 500);
});

test('bad images: unknown format is unsupported, truncation is a ParseError naming the file', () => {
  assert.equal(sniffImageFormat(new Uint8Array([1, 2, 3, 4])), undefined);
  assert.throws(() => decodeImage(new Uint8Array([1, 2, 3, 4]), 'x.bin'), UnsupportedError);
  const p5 = new TextEncoder().encode('P5 10 10 255\n' + 'x'.repeat(50));
  assert.throws(() => decodeImage(p5, 'short.pgm'), (e: unknown) => e instanceof ParseError && /short\.pgm, byte \d+: pixel data needs 100 bytes/.test(e.message));
  const cut = bmp(gradient(8, 8), 24).subarray(0, 100);
  assert.throws(() => decodeImage(cut, 'cut.bmp'), (e: unknown) => e instanceof ParseError && /cut\.bmp/.test(e.message));
  const tif = readFileSync(dataPath('fvc2002/DB1_B/101_1.tif')).subarray(0, 64);
  assert.throws(() => decodeImage(tif, 'cut.tif'), ParseError);
});

test('scomm image convert: an .an2 record and a TIFF to PNG; JPEG inside a transaction is unsupported (exit 2)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'scomm-image-'));
  const out = path.join(dir, 'thumb.png');
  const r = runScomm(['image', 'convert', `${dataPath('ansi-nist/type-4-tpcard.an2')}#2`, out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { width: 804, height: 752, ppi: 500 });
  assert.equal(decodePng(readFileSync(out)).width, 804);
  const tif = runScomm(['image', 'convert', dataPath('fvc2002/DB3_B/101_1.tif'), out, '--json']);
  assert.deepEqual(JSON.parse(tif.stdout), { width: 300, height: 300, ppi: 500 });
  const jpeg = runScomm(['image', 'convert', `${dataPath('ansi-nist/type-10-sap10.an2')}#2`, out]);
  assert.equal(jpeg.code, 2);
  assert.match(jpeg.stderr, /^error: .*type-10-sap10\.an2, record 2, field 10\.999, byte \d+: JPEGB compression is unsupported/);
  const none = runScomm(['image', 'convert', `${dataPath('ansi-nist/type-4-tpcard.an2')}#99`, out]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no record 99/);
});
