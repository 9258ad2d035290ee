import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ParseError } from '../src/errors.ts';
import { parseTransaction, recordImage, writeTransaction } from '../src/nist/index.ts';
import { runScomm } from './support/cli.ts';
import { dataPath } from './support/data.ts';

const dir = dataPath('ansi-nist');
const files = readdirSync(dir).filter((f) => f.endsWith('.an2'));
const load = (f: string) => new Uint8Array(readFileSync(`${dir}/${f}`));

/** CNT read straight from the bytes, independently of the reader: [[type, idc], ...] after Type-1. */
function cntFromBytes(bytes: Uint8Array): [number, number][] {
  const text = Buffer.from(bytes.subarray(0, 2000)).toString('latin1');
  const start = text.indexOf('1.003:') + 6;
  const value = text.slice(start, text.indexOf('\x1d', start));
  return value.split('\x1e').slice(1).map((s) => s.split('\x1f').map(Number) as [number, number]);
}

describe('reference transactions', () => {
  test('there are reference files to read', () => assert.ok(files.length >= 8, files.join(',')));
  for (const f of files) {
    test(`${f}: records as CNT lists them, and a byte-identical round trip`, () => {
      const bytes = load(f);
      const t = parseTransaction(bytes, { file: f });
      assert.deepEqual(t.records.slice(1).map((r) => [r.type, r.idc]), cntFromBytes(bytes));
      const again = writeTransaction(t);
      assert.equal(again.length, bytes.length);
      assert.ok(Buffer.from(again).equals(Buffer.from(bytes)), 'written bytes equal the file');
      assert.deepEqual(parseTransaction(again).records.map((r) => r.type), t.records.map((r) => r.type));
    });
  }

  test('image facts of the tenprint card: 14 WSQ images at 500 ppi', () => {
    const t = parseTransaction(load('type-4-tpcard.an2'));
    const images = t.records.map((r) => recordImage(t, r)).filter((x) => x !== null);
    assert.equal(images.length, 14);
    assert.ok(images.every((i) => i.compression === 'WSQ20' && i.ppi === 500 && i.width > 100 && i.height > 100));
    assert.deepEqual([images[0].width, images[0].height], [804, 752]);
    // WSQ data starts with the SOI marker.
    assert.ok(images.every((i) => i.data[0] === 0xff && i.data[1] === 0xa0));
  });

  test('UTF-8 text is read as UTF-8 where DCS says so', () => {
    const t = parseTransaction(load('type-14-amp-nqm-utf8.an2'));
    assert.equal(t.utf8, true);
    const text = (t.records[1] as { fields: { number: number; value: string }[] }).fields.find((x) => x.number === 3)!.value;
    assert.match(text, /two chinese characters: [\u4e00-\u9fff]{2}/);
  });

  test('changing a record recomputes LEN and CNT', () => {
    const t = parseTransaction(load('type-4-tpcard.an2'));
    t.records.splice(3, 2);
    const type2 = t.records[1] as { fields: { number: number; value: string; tag: string }[] };
    type2.fields[2].value = 'a longer domain defined text than before';
    const back = parseTransaction(writeTransaction(t));
    assert.equal(back.records.length, 14);
    assert.equal((back.records[1] as typeof type2).fields[2].value, 'a longer domain defined text than before');
  });
});

describe('bad input: a ParseError naming where', () => {
  const tp = load('type-4-tpcard.an2');
  const cases: [string, (b: Uint8Array) => Uint8Array, RegExp][] = [
    ['truncated', (b) => b.subarray(0, 5000), /file ends before record|LEN \d+ points past the end/],
    ['LEN past the end', (b) => patch(b, '1.001:250', '1.001:990'), /record 0, field 1\.001.*LEN 990|record does not end/],
    ['missing separator', (b) => replaceByte(b, b.indexOf(0x1c), 0x20), /record 0.*(separator|FS)/],
    ['non-numeric date', (b) => patch(b, '1.005:20090921', '1.005:2009O921'), /field 1\.005.*must be numeric/],
    ['CNT disagrees', (b) => patch(b, '1\x1f15\x1e', '1\x1f16\x1e'), /field 1\.003.*lists 15 records but says there are 16/],
    ['trailing bytes', (b) => Buffer.concat([b, Buffer.from('xx')]), /2 bytes after the last record/],
    ['empty', () => new Uint8Array(0), /empty file/],
  ];
  for (const [name, mutate, pattern] of cases) {
    test(name, () => {
      assert.throws(() => parseTransaction(mutate(tp), { file: 'card.an2' }), (err: unknown) => {
        assert.ok(err instanceof ParseError, String(err));
        assert.match(err.message, /^card\.an2, /);
        assert.match(err.message, pattern);
        assert.match(err.message, /byte \d+/);
        return true;
      });
    });
  }

  test('CLI: exit 2 with one error line; every reference file dumps with exit 0', () => {
    const bad = runScomm(['nist', 'dump', dataPath('fvc2002', 'DB1_B', '101_1.tif')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: .*101_1\.tif, record 0, byte 0: expected a field tag/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    for (const f of files) {
      const r = runScomm(['nist', 'dump', `${dir}/${f}`, '--json']);
      assert.equal(r.code, 0, `${f}: ${r.stderr}`);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(out.records.slice(1).map((x: { type: number }) => x.type), cntFromBytes(load(f)).map((e) => e[0]));
    }
  });
});

function patch(b: Uint8Array, from: string, to: string): Uint8Array {
  const buf = Buffer.from(b);
  const i = buf.indexOf(from, 0, 'latin1');
  assert.ok(i >= 0, `pattern ${JSON.stringify(from)} present`);
  return Buffer.concat([buf.subarray(0, i), Buffer.from(to, 'latin1'), buf.subarray(i + from.length)]);
}

function replaceByte(b: Uint8Array, at: number, value: number): Uint8Array {
  const c = b.slice();
  c[at] = value;
  return c;
}
