import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { encodePng } from '../../biometrics/image/png.ts';
import { createSubject, renderImpression } from '../../biometrics/synth/index.ts';
import { InputError } from '../../errors.ts';
import { emit, note } from '../output.ts';

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description(
      'Synthetic fingerprints with ground truth (SFinGe-style): per subject ten master fingers (pattern class drawn with ' +
        'its natural frequency, orientation from singular points, ridges grown by Gabor filtering), then K impressions of ' +
        'each (rigid motion, elastic distortion, contact area, skin condition, noise). Writes FVC-style PNGs ' +
        '(SSSFF_I.png: subject, finger position, impression) and truth.json. Deterministic from --seed.',
    )
    .requiredOption('--subjects <n>', 'synthetic people')
    .option('--impressions <k>', 'impressions per finger', '8')
    .option('--fingers <f>', 'fingers per subject (positions 1..f)', '10')
    .requiredOption('--out <dir>', 'output folder')
    .option('--seed <n>', 'random seed', '1')
    .option('--json', 'machine-readable output: {subjects, images}')
    .action((opts: { subjects: string; impressions: string; fingers: string; out: string; seed: string; json?: boolean }) => {
      const int = (name: string, v: string, max: number) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > max) throw new InputError(`${name} must be a whole number from 1 to ${max} (got '${v}')`);
        return n;
      };
      const subjects = int('--subjects', opts.subjects, 100_000);
      const impressions = int('--impressions', opts.impressions, 100);
      const fingers = int('--fingers', opts.fingers, 10);
      const seed = int('--seed', opts.seed, 2 ** 31);
      mkdirSync(opts.out, { recursive: true });
      const truth: unknown[] = [];
      let images = 0;
      const t0 = performance.now();
      for (let s = 0; s < subjects; s++) {
        const subject = createSubject(seed * 1_000_003 + s);
        for (let f = 1; f <= fingers; f++) {
          const id = `${String(s + 1).padStart(3, '0')}${String(f).padStart(2, '0')}`;
          const files: string[] = [];
          for (let i = 1; i <= impressions; i++) {
            const file = `${id}_${i}.png`;
            writeFileSync(path.join(opts.out, file), encodePng(renderImpression(subject, f, i)));
            files.push(file);
            images++;
          }
          const m = subject.fingers[f - 1];
          truth.push({ subject: s + 1, subjectSeed: subject.seed, fingerPosition: f, finger: id, patternClass: m.patternClass, cores: m.cores, deltas: m.deltas, ridgePeriod: +m.period.toFixed(2), files, masterMinutiae: subject.minutiae[f - 1] });
        }
        note(`synth: subject ${s + 1}/${subjects} (${Math.round((performance.now() - t0) / 1000)} s)`);
      }
      writeFileSync(path.join(opts.out, 'truth.json'), JSON.stringify(truth, null, 1) + '\n');
      emit(opts, { subjects, images, out: opts.out }, () => `${images} images of ${subjects * fingers} fingers written to ${opts.out} (ground truth in truth.json)`);
    });
}
