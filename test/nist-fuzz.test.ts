import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ParseError } from '../src/errors.ts';
import { parseTransaction, recordImage, writeTransaction } from '../src/nist/index.ts';
import { Rng } from '../src/random.ts';
import { dataPath } from './support/data.ts';

const CASES = 12_000;

/**
 * Seeded mutation fuzzing of the reader over the reference files: bit flips, truncation, edits of
 * length fields, deleted or inserted separators. Every outcome must be a transaction or a
 * ParseError; anything else (TypeError, RangeError, a hang) fails.
 */
test(`ANSI/NIST reader survives ${CASES} mutated reference files`, () => {
  const dir = dataPath('ansi-nist');
  const seeds = readdirSync(dir)
    .filter((f) => f.endsWith('.an2'))
    .map((f) => new Uint8Array(readFileSync(`${dir}/${f}`)));
  const rng = new Rng(20261124);
  const outcomes = { parsed: 0, rejected: 0 };
  for (let i = 0; i < CASES; i++) {
    const original = seeds[i % seeds.length];
    const bytes = mutate(original, rng);
    try {
      const t = parseTransaction(bytes, { file: `case-${i}` });
      // A mutation that still parses must also write and describe its images without throwing.
      writeTransaction(t);
      for (const r of t.records) recordImage(t, r);
      outcomes.parsed++;
    } catch (err) {
      if (!(err instanceof ParseError)) assert.fail(`case ${i}: ${(err as Error).name}: ${(err as Error).message}`);
      outcomes.rejected++;
    }
  }
  assert.equal(outcomes.parsed + outcomes.rejected, CASES);
  // Both outcomes occur: the mutations reach past the first check, and real damage is caught.
  assert.ok(outcomes.rejected > CASES / 4, JSON.stringify(outcomes));
  assert.ok(outcomes.parsed > 100, JSON.stringify(outcomes));
});

function mutate(src: Uint8Array, rng: Rng): Uint8Array {
  const kind = rng.int(6);
  // Most damage in the header region, where the structure lives; some anywhere.
  const at = () => (rng.chance(0.7) ? rng.int(Math.min(src.length, 400)) : rng.int(src.length));
  if (kind === 0) {
    const b = src.slice();
    for (let n = 1 + rng.int(4); n > 0; n--) b[at()] ^= 1 << rng.int(8);
    return b;
  }
  if (kind === 1) return src.subarray(0, rng.int(src.length));
  if (kind === 2) {
    // Edit a digit of a length field (tagged LEN text or a binary LEN byte).
    const b = src.slice();
    const text = Buffer.from(b.subarray(0, Math.min(b.length, 4000))).toString('latin1');
    const lens = [...text.matchAll(/\.001:/g)].map((m) => m.index! + 5);
    const p = lens.length && rng.chance(0.7) ? rng.pick(lens) + rng.int(3) : at();
    b[p] = rng.chance(0.5) ? 48 + rng.int(10) : rng.int(256);
    return b;
  }
  if (kind === 3) {
    // Delete a separator.
    const seps: number[] = [];
    for (let i = 0; i < Math.min(src.length, 4000); i++) if (src[i] >= 0x1c && src[i] <= 0x1f) seps.push(i);
    const p = seps.length ? rng.pick(seps) : at();
    return Buffer.concat([src.subarray(0, p), src.subarray(p + 1)]);
  }
  if (kind === 4) {
    // Insert a random separator or byte.
    const p = at();
    return Buffer.concat([src.subarray(0, p), Buffer.from([rng.chance(0.5) ? 0x1c + rng.int(4) : rng.int(256)]), src.subarray(p)]);
  }
  // Overwrite a 4-byte window (binary LEN, HLL/VLL) with random bytes.
  const b = src.slice();
  const p = at();
  for (let k = 0; k < 4 && p + k < b.length; k++) b[p + k] = rng.int(256);
  return b;
}
