import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { detPoints, detSvg, evaluateFolder, type TemplateSource } from '../../biometrics/eval/index.ts';
import { InputError } from '../../errors.ts';
import { emit, note, table } from '../output.ts';

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;

export function registerEval(program: Command): void {
  program
    .command('eval')
    .argument('<dir...>', 'FVC-style folders of images named F_I.ext (finger F, impression I)')
    .description(
      'All-pairs evaluation of the engine: every pair of impressions of one finger is a genuine comparison, every pair ' +
        'of impressions of different fingers an impostor comparison. Reports EER, FMR100, FMR1000, ZeroFMR, median ' +
        'extraction time and comparisons per second (one core).',
    )
    .option('--templates <source>', "'iso' to use each image's .iso template instead of our extractor (tells extractor from matcher quality)")
    .option('--plot <file.svg>', 'write the DET curves')
    .option('--json', 'machine-readable output: {datasets: [{name, genuine, impostor, eer, fmr100, fmr1000, zeroFmr, extractMsMedian, comparisonsPerSecond}]}')
    .action((dirs: string[], opts: { templates?: string; plot?: string; json?: boolean }) => {
      if (opts.templates !== undefined && opts.templates !== 'iso') throw new InputError(`--templates takes 'iso' (got '${opts.templates}')`);
      const source: TemplateSource = opts.templates === 'iso' ? 'iso' : 'extract';
      const results = dirs.map((dir) => {
        let last = -1;
        const r = evaluateFolder(dir, source, (done, total) => {
          const p = Math.floor((100 * done) / total);
          if (p >= last + 25) note(`eval ${dir}: ${(last = p)} %`);
        });
        note(`eval ${dir}: EER ${pct(r.eer)}`);
        return r;
      });
      if (opts.plot) writeFileSync(opts.plot, detSvg(results.map((r) => ({ name: `${r.name} (EER ${pct(r.eer)})`, points: detPoints(r) }))));
      const datasets = results.map(({ genuineScores, impostorScores, ...r }) => ({ ...r, eer: +r.eer.toFixed(5), fmr100: +r.fmr100.toFixed(5), fmr1000: +r.fmr1000.toFixed(5), zeroFmr: +r.zeroFmr.toFixed(5) }));
      const meanEer = datasets.reduce((s, d) => s + d.eer, 0) / datasets.length;
      emit(opts, { templates: source, datasets, meanEer: +meanEer.toFixed(5) }, () =>
        table(
          ['dataset', 'genuine', 'impostor', 'EER', 'FMR100', 'FMR1000', 'ZeroFMR', 'extract ms', 'minutiae', 'comparisons/s'],
          datasets.map((d) => [d.name, d.genuine, d.impostor, pct(d.eer), pct(d.fmr100), pct(d.fmr1000), pct(d.zeroFmr), d.extractMsMedian ?? '-', d.meanMinutiae, d.comparisonsPerSecond]),
        ) + `\nmean EER ${pct(meanEer)}`,
      );
    });
}
