/**
 * Matcher speed on one core: prepared templates of each FVC2002 B folder compared all against all
 * (both directions, self-comparisons left out), after warm-up. The current matcher is measured
 * beside a baseline matcher taken from git (default: the last commit of the previous matcher,
 * fb217e4; pass --baseline main to measure a change against main), in the same process and interleaved (N rounds, the fastest counts), so the ratio holds on a busy machine too. Rates
 * are per second of this process's CPU time (user + system), which a contended machine inflates
 * less than wall time; wall-time rates are printed as well.
 *
 * Run: npx tsx bench/match.bench.ts [--baseline REV] [--source iso|extract] [--rounds N]
 *   --source iso (default) uses the third-party .iso templates beside each image (mapped to the
 *   image's frame); extract runs
 *   our extractor first (slower to start).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { extract } from '../src/biometrics/extract/index.ts';
import { loadImage } from '../src/biometrics/image/load-image.ts';
import * as current from '../src/biometrics/match/index.ts';
import { readIsoTemplate } from '../src/biometrics/template/iso-19794-2-2005.ts';
import { toImageFrame } from '../src/biometrics/template/image-frame.ts';
import type { FingerTemplate } from '../src/biometrics/template/types.ts';

interface Matcher {
  prepareTemplate(t: FingerTemplate): unknown;
  compareTemplates(a: unknown, b: unknown): number;
}

const { values } = parseArgs({ options: { baseline: { type: 'string', default: 'fb217e4' }, source: { type: 'string', default: 'iso' }, rounds: { type: 'string', default: '5' } } });
const rounds = Math.max(1, Number(values.rounds));
const root = path.resolve(import.meta.dirname, '..');
const data = path.resolve(root, '../shared/data/fvc2002');

/** The matcher files (and the parameters they read) of a git revision, written to a scratch tree. */
async function loadBaseline(rev: string): Promise<Matcher> {
  const dir = mkdtempSync(path.join(tmpdir(), 'scomm-match-baseline-'));
  const files = execFileSync('git', ['ls-tree', '--name-only', `${rev}:src/biometrics/match`], { cwd: root, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts'));
  mkdirSync(path.join(dir, 'match'));
  // Without it the scratch tree (outside the repo's package.json) loads as CommonJS, where every
  // imported constant is a getter call in the hot loop: the baseline ran ~2x slow.
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
  for (const f of files) writeFileSync(path.join(dir, 'match', f), execFileSync('git', ['show', `${rev}:src/biometrics/match/${f}`], { cwd: root }));
  writeFileSync(path.join(dir, 'parameters.ts'), execFileSync('git', ['show', `${rev}:src/biometrics/parameters.ts`], { cwd: root }));
  try {
    return (await import(path.join(dir, 'match', 'index.ts'))) as Matcher;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function templatesOf(folder: string): FingerTemplate[] {
  const dir = path.join(data, folder);
  const names = readdirSync(dir).filter((f) => f.endsWith('.tif')).sort();
  return names.map((f) => {
    const image = loadImage(path.join(dir, f));
    if (values.source === 'extract') return extract(image);
    // In the image's own frame, as `scomm eval --templates iso` compares them (see toImageFrame).
    return toImageFrame(readIsoTemplate(new Uint8Array(readFileSync(path.join(dir, f.replace(/\.tif$/, '.iso'))))), image.width, image.height);
  });
}

/** CPU and wall seconds for all ordered pairs of distinct templates, `rounds` times. */
function run(m: Matcher, prepared: unknown[], rounds: number): { n: number; cpu: number; wall: number; sink: number } {
  let sink = 0;
  let n = 0;
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (let a = 0; a < prepared.length; a++) {
      for (let b = 0; b < prepared.length; b++) if (a !== b) (sink += m.compareTemplates(prepared[a], prepared[b])), n++;
    }
  }
  const c = process.cpuUsage(c0);
  return { n, cpu: (c.user + c.system) / 1e6, wall: (performance.now() - w0) / 1000, sink };
}

const baseline = await loadBaseline(values.baseline!);
const matchers: [string, Matcher][] = [
  ['current', current as unknown as Matcher],
  [`baseline ${values.baseline}`, baseline],
];
const rows: Record<string, unknown>[] = [];
const totals = new Map<string, { n: number; cpu: number; wall: number }>();
for (const folder of ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']) {
  const templates = templatesOf(folder);
  const prepared = matchers.map(([, m]) => templates.map((t) => m.prepareTemplate(t)));
  matchers.forEach(([, m], k) => run(m, prepared[k], 1)); // warm-up
  const acc = matchers.map(() => ({ n: 0, cpu: Infinity, wall: Infinity }));
  // Interleaved rounds, both matchers seeing the same machine load; the fastest round of each
  // counts (interference only ever slows a round down).
  for (let r = 0; r < rounds; r++) {
    matchers.forEach(([, m], k) => {
      const x = run(m, prepared[k], 1);
      acc[k].n = x.n;
      acc[k].cpu = Math.min(acc[k].cpu, x.cpu);
      acc[k].wall = Math.min(acc[k].wall, x.wall);
    });
  }
  const row: Record<string, unknown> = { folder, meanMinutiae: +(templates.reduce((s, t) => s + Math.min(t.minutiae.length, 64), 0) / templates.length).toFixed(1) };
  matchers.forEach(([name], k) => {
    row[name] = { comparisonsPerCpuSecond: Math.round(acc[k].n / acc[k].cpu), comparisonsPerSecond: Math.round(acc[k].n / acc[k].wall), microsecondsPerComparison: +((1e6 * acc[k].cpu) / acc[k].n).toFixed(1) };
    const t = totals.get(name) ?? { n: 0, cpu: 0, wall: 0 };
    totals.set(name, { n: t.n + acc[k].n, cpu: t.cpu + acc[k].cpu, wall: t.wall + acc[k].wall });
  });
  row.speedup = +(acc[1].cpu / acc[1].n / (acc[0].cpu / acc[0].n)).toFixed(2);
  rows.push(row);
}
const [cur, base] = matchers.map(([name]) => totals.get(name)!);
console.log(JSON.stringify({ source: values.source, folders: rows, all: { current: Math.round(cur.n / cur.cpu), baseline: Math.round(base.n / base.cpu), speedup: +(base.cpu / base.n / (cur.cpu / cur.n)).toFixed(2) } }, null, 1));
