/**
 * ANSI/NIST-ITL parsing speed: parse (no image decoding) each reference transaction, after warm-up;
 * reports the median and worst time per file and the write (re-encode) time.
 * Run: npx tsx bench/nist.bench.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTransaction, writeTransaction } from '../src/nist/index.ts';

const dir = path.resolve(import.meta.dirname, '../../shared/data/ansi-nist');
const rows = [];
for (const f of readdirSync(dir).filter((x) => x.endsWith('.an2'))) {
  const bytes = new Uint8Array(readFileSync(path.join(dir, f)));
  for (let i = 0; i < 200; i++) parseTransaction(bytes);
  const parse: number[] = [];
  const write: number[] = [];
  for (let i = 0; i < 200; i++) {
    let t0 = performance.now();
    const t = parseTransaction(bytes);
    parse.push(performance.now() - t0);
    t0 = performance.now();
    writeTransaction(t);
    write.push(performance.now() - t0);
  }
  parse.sort((a, b) => a - b);
  write.sort((a, b) => a - b);
  rows.push({ file: f, kB: Math.round(bytes.length / 1024), parseMedianMs: +parse[100].toFixed(3), parseMaxMs: +parse[199].toFixed(3), writeMedianMs: +write[100].toFixed(3) });
}
console.table(rows);
