import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { extract } from '../../biometrics/extract/index.ts';
import { writeAnsiTemplate } from '../../biometrics/template/ansi-378-2004.ts';
import { writeIsoTemplate } from '../../biometrics/template/iso-19794-2-2005.ts';
import { InputError } from '../../errors.ts';
import { emit } from '../output.ts';
import { readImageArgument } from './image.ts';

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .argument('<image>', 'WSQ, TIFF, PNG, PGM or BMP fingerprint image, or FILE.an2#N for a record of a transaction')
    .description(
      'Extract minutiae (ridge endings and bifurcations with direction and quality): segmentation, orientation field, ' +
        'ridge frequency, Gabor enhancement, thinning, detection, false-minutiae removal. Images not at 500 ppi are ' +
        'resampled first; coordinates in the template are those of the original image.',
    )
    .requiredOption('-o, --out <file>', 'template file to write')
    .option('--format <format>', 'iso (ISO/IEC 19794-2:2005), ansi (ANSI INCITS 378-2004) or json', 'iso')
    .option('--json', 'machine-readable output: {minutiae, quality, ms}')
    .action((image: string, opts: { out: string; format: string; json?: boolean }) => {
      if (!['iso', 'ansi', 'json'].includes(opts.format)) throw new InputError(`--format must be iso, ansi or json (got '${opts.format}')`);
      const img = readImageArgument(image);
      const t0 = performance.now();
      const t = extract(img);
      const ms = +(performance.now() - t0).toFixed(2);
      const bytes = opts.format === 'iso' ? writeIsoTemplate(t) : opts.format === 'ansi' ? writeAnsiTemplate(t) : Buffer.from(JSON.stringify(t, null, 2) + '\n');
      try {
        writeFileSync(opts.out, bytes);
      } catch (e) {
        throw new InputError(`cannot write ${opts.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      emit(opts, { minutiae: t.minutiae.length, quality: t.quality, ms, ...(t.reason ? { reason: t.reason } : {}) }, () =>
        `${opts.out}: ${t.minutiae.length} minutiae, quality ${t.quality}${t.reason ? ` (${t.reason})` : ''}, ${ms} ms`,
      );
    });
}
