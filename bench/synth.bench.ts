/**
 * Synthetic generator speed, as an interleaved A/B against an older copy of the tree in the same
 * process (the machine is shared, so only in-process ratios mean anything), and an exact identity
 * check of the two generators' output.
 * Run: BASELINE=/tmp/base/src/biometrics/synth/index.ts npx tsx bench/synth.bench.ts [rounds]
 *   (after copying an older tree: mkdir -p /tmp/base && git archive REV | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/)
 * CHECK=30 compares every field of createSubject and createTemplateSubject and impressions of several
 * fingers for seeds 0..29 first.
 * Prints per call median ms and process CPU ms of each side and the ratios old/new.
 */
import { isDeepStrictEqual } from 'node:util';
import * as current from '../src/biometrics/synth/index.ts';

type Synth = Pick<typeof current, 'createSubject' | 'createTemplateSubject' | 'renderImpression'>;

const baselinePath = process.env.BASELINE;
if (!baselinePath) throw new Error('BASELINE=path/to/synth/index.ts is required');
const old = (await import(baselinePath)) as Synth;
const rounds = Number(process.argv[2] ?? 20);
const checkSeeds = Number(process.env.CHECK ?? 0);

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

if (checkSeeds > 0) {
  let impressions = 0;
  for (let seed = 0; seed < checkSeeds; seed++) {
    const a = old.createSubject(seed);
    const b = current.createSubject(seed);
    if (!isDeepStrictEqual(a, b)) throw new Error(`subject ${seed} differs`);
    if (!isDeepStrictEqual(old.createTemplateSubject(seed), current.createTemplateSubject(seed))) throw new Error(`template subject ${seed} differs`);
    for (let f = 1; f <= 10; f++) {
      for (const k of [1 + (seed % 3), 7 + f]) {
        if (!isDeepStrictEqual(old.renderImpression(a, f, k), current.renderImpression(b, f, k))) throw new Error(`impression ${seed}/${f}/${k} differs`);
        impressions++;
      }
    }
  }
  console.log(`identical: ${checkSeeds} subjects (ten masters each, every field), their template subjects, ${impressions} impressions`);
}

function timed(run: () => void): [number, number] {
  const c = process.cpuUsage();
  const t = performance.now();
  run();
  const u = process.cpuUsage(c);
  return [performance.now() - t, (u.user + u.system) / 1000];
}

const wall = { oldSubject: [] as number[], newSubject: [] as number[], oldRender: [] as number[], newRender: [] as number[] };
const cpu = { oldSubject: 0, newSubject: 0, oldRender: 0, newRender: 0 };
const subjectA = old.createSubject(1000);
const subjectB = current.createSubject(1000);
// Alternate which side runs first so that warm-up, GC debt and neighbours' load fall on both alike.
const order = (r: number) => (r % 2 ? (['new', 'old'] as const) : (['old', 'new'] as const));
for (let r = 0; r < rounds; r++) {
  for (const side of order(r)) {
    const lib = side === 'old' ? old : current;
    const [w, c] = timed(() => lib.createSubject(2000 + r));
    wall[`${side}Subject`].push(w);
    cpu[`${side}Subject`] += c;
  }
}
// Renders apart from subjects, ten impressions a turn, so that a subject's garbage is not collected in a render's time.
for (let r = 0; r < rounds * 5; r++) {
  for (const side of order(r)) {
    const lib = side === 'old' ? old : current;
    const subject = side === 'old' ? subjectA : subjectB;
    const [w, c] = timed(() => {
      for (let f = 1; f <= 10; f++) lib.renderImpression(subject, f, r);
    });
    wall[`${side}Render`].push(w / 10);
    cpu[`${side}Render`] += c / 10;
  }
}
const ms = (x: number) => +x.toFixed(2);
console.log(
  JSON.stringify({
    rounds,
    createSubject: { oldMedianMs: ms(median(wall.oldSubject)), newMedianMs: ms(median(wall.newSubject)), ratio: ms(median(wall.oldSubject) / median(wall.newSubject)), cpuRatio: ms(cpu.oldSubject / cpu.newSubject) },
    renderImpression: { oldMedianMs: ms(median(wall.oldRender)), newMedianMs: ms(median(wall.newRender)), ratio: ms(median(wall.oldRender) / median(wall.newRender)), cpuRatio: ms(cpu.oldRender / cpu.newRender) },
  }),
);
