import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadImage } from '../src/biometrics/image/load-image.ts';
import { ParseError } from '../src/errors.ts';
import { buildCar, parseTransaction, readCar, writeTransaction, type CarInput } from '../src/nist/index.ts';
import { describeTransaction } from '../src/nist/describe.ts';
import { dataPath } from './support/data.ts';

const input: CarInput = {
  tcn: 'TX0000001-20120601-0001',
  ori: 'TX1010000',
  date: '2012-06-01',
  subject: { name: 'TESTPERSON,ALPHA', dob: '1980-02-29', pob: 'MX', sex: 'M' },
  arrestDate: '2012-05-31',
  charges: [
    { offense: 'traffic', severity: 'misdemeanor', date: '2012-05-31' },
    { offense: 'burglary', severity: 'felony', date: '2012-05-30' },
  ],
};
// Ten real (public research) impressions stand in for one person's ten fingers.
const fingers = Array.from({ length: 10 }, (_, i) => ({ position: i + 1, image: loadImage(dataPath(`fvc2002/DB1_B/${101 + i}_1.tif`)) }));

for (const format of ['type4', 'type14'] as const) {
  test(`buildCar/readCar round trip with ${format} WSQ fingers`, () => {
    const bytes = buildCar({ ...input, format }, fingers);
    const t = parseTransaction(bytes);
    assert.deepEqual(t.records.map((r) => r.type), [1, 2, ...Array(10).fill(format === 'type4' ? 4 : 14)]);
    const described = describeTransaction(t);
    assert.equal(described[0].fields['1.004'], 'CAR');
    assert.equal(described[2].image?.compression, 'WSQ20');
    assert.deepEqual(writeTransaction(t), bytes, 'what we write parses and writes back byte for byte');
    const car = readCar(bytes, 'car.an2');
    assert.equal(car.tcn, input.tcn);
    assert.equal(car.ori, 'TX1010000');
    assert.equal(car.dai, 'WVIAFIS0Z');
    assert.deepEqual(car.subject, input.subject);
    assert.equal(car.arrestDate, '2012-05-31');
    assert.deepEqual(car.charges, input.charges);
    assert.deepEqual(car.fingers.map((f) => f.position), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const f of car.fingers) {
      assert.deepEqual([f.image.width, f.image.height, f.image.ppi], [388, 374, 500]);
    }
    // 0.75 bpp: ten 388x374 prints in well under 200 kB.
    assert.ok(bytes.length < 10 * (388 * 374) / 10 + 2000, `${bytes.length} bytes`);
  });
}

test('buildCar rejects bad input without writing anything; readCar names what is wrong', () => {
  assert.throws(() => buildCar({ ...input, ori: 'tx1' }, fingers), /ORI/);
  assert.throws(() => buildCar(input, fingers.slice(0, 9)), /fingers 1\.\.10/);
  const other = readFileBytes('ansi-nist/type-4-tpcard.an2');
  assert.throws(() => readCar(other, 'card.an2'), (e: unknown) => e instanceof ParseError && /card\.an2, record 0, field 1\.004.*not CAR/.test(e.message));
});

function readFileBytes(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(dataPath(rel)));
}
