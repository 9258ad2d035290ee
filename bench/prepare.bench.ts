/**
 * Speed of what a search does to a finger before comparing it: prepareTemplate, buildEdgeHash (the
 * probe's edge hash) and triplets (the probe's index keys), one thread, after warm-up, in
 * microseconds per template. Two sets of fingers: template-path ones (impressionTemplates of
 * createTemplateSubject, as `scomm demo --templates` searches them) and ones extracted from FVC2002
 * B images (every second impression of each folder, so startup takes a few seconds).
 * With BASELINE=path/to/older/tree the older tree's three functions run interleaved in the same
 * process (each round alternates which goes first) and the median of the rounds' old/new ratios is
 * printed, with whether the two gave the same outputs; on a busy machine only these ratios mean
 * much.
 * Run: npx tsx bench/prepare.bench.ts [rounds]   (BASELINE=/tmp/pb, after making a copy of an older
 * tree: mkdir -p /tmp/pb && git archive REV src | tar -x -C /tmp/pb && cp tsconfig.json package.json /tmp/pb/)
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { extract } from '../src/biometrics/extract/index.ts';
import { loadImage } from '../src/biometrics/image/load-image.ts';
import * as preparedNew from '../src/biometrics/match/prepared-template.ts';
import * as tripletsNew from '../src/biometrics/search/triplets.ts';
import { createTemplateSubject, impressionTemplates } from '../src/biometrics/synth/index.ts';
import type { FingerTemplate } from '../src/biometrics/template/types.ts';

interface Code {
  prepareTemplate: typeof preparedNew.prepareTemplate;
  buildEdgeHash: typeof preparedNew.buildEdgeHash;
  triplets: typeof tripletsNew.triplets;
}

const rounds = Number(process.argv[2] ?? 30);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
const load = async (root: string): Promise<Code> => ({
  ...((await import(path.resolve(root, 'src/biometrics/match/prepared-template.ts'))) as typeof preparedNew),
  ...((await import(path.resolve(root, 'src/biometrics/search/triplets.ts'))) as typeof tripletsNew),
});
const current: Code = { ...preparedNew, ...tripletsNew };
const baseline = process.env.BASELINE ? await load(process.env.BASELINE) : undefined;

const templatePath = Array.from({ length: 30 }, (_, s) => impressionTemplates(createTemplateSubject(s + 1), 1)).flat();
const fvc = path.resolve(import.meta.dirname, '../../shared/data/fvc2002');
const extracted = ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B'].flatMap((db) =>
  readdirSync(path.join(fvc, db))
    .filter((f) => /_[1357]\.tif$/.test(f))
    .map((f) => extract(loadImage(path.join(fvc, db, f)))),
);

/** Microseconds per template of one pass of each function over the set. */
function time(code: Code, set: FingerTemplate[]): { prepare: number; hash: number; triplets: number; outputs: unknown[] } {
  let t0 = performance.now();
  const prepared = set.map(code.prepareTemplate);
  const prepare = performance.now() - t0;
  t0 = performance.now();
  for (const p of prepared) code.buildEdgeHash(p);
  const hash = performance.now() - t0;
  t0 = performance.now();
  const keys = set.map(code.triplets);
  const triplets = performance.now() - t0;
  const us = 1000 / set.length;
  return { prepare: prepare * us, hash: hash * us, triplets: triplets * us, outputs: [prepared, keys] };
}

const same = (a: unknown, b: unknown): boolean => {
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') return Object.keys(a).every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  return Object.is(a, b);
};

const fields = ['prepare', 'hash', 'triplets'] as const;
for (const [name, set] of [['template-path', templatePath], ['extracted', extracted]] as const) {
  for (let i = 0; i < 5; i++) (time(current, set), baseline && time(baseline, set));
  const runs: Record<string, number[]> = {};
  for (const f of fields) for (const k of ['new', 'old', 'ratio']) runs[`${f}.${k}`] = [];
  let identical = true;
  for (let round = 0; round < rounds; round++) {
    const first = baseline && round % 2 ? time(baseline, set) : undefined;
    const now = time(current, set);
    const old = baseline ? (first ?? time(baseline, set)) : undefined;
    for (const f of fields) {
      runs[`${f}.new`].push(now[f]);
      if (old) (runs[`${f}.old`].push(old[f]), runs[`${f}.ratio`].push(old[f] / now[f]));
    }
    if (old) identical &&= same(now.outputs, old.outputs);
  }
  const row: Record<string, unknown> = { set: name, templates: set.length, meanMinutiae: +(set.reduce((s, t) => s + t.minutiae.length, 0) / set.length).toFixed(1), rounds };
  for (const f of fields) {
    row[`${f}Us`] = +median(runs[`${f}.new`]).toFixed(2);
    if (baseline) Object.assign(row, { [`${f}BaselineUs`]: +median(runs[`${f}.old`]).toFixed(2), [`${f}Ratio`]: +median(runs[`${f}.ratio`]).toFixed(2) });
  }
  if (baseline) row.identical = identical;
  console.log(JSON.stringify(row));
}
