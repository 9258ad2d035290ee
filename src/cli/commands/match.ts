import type { Command } from 'commander';
import { extract } from '../../biometrics/extract/index.ts';
import { compareTemplates, DEFAULT_THRESHOLD, prepareTemplate } from '../../biometrics/match/index.ts';
import { decodeTemplate, isTemplate } from '../../biometrics/template/load-template.ts';
import type { FingerTemplate } from '../../biometrics/template/types.ts';
import { emit } from '../output.ts';
import { readImageArgument } from './image.ts';
import { readInputFile } from './nist.ts';

/** A template file as is, or an image (or FILE.an2#N) through the extractor. */
export function readFingerArgument(arg: string): FingerTemplate {
  if (!/#\d+$/.test(arg)) {
    const bytes = readInputFile(arg);
    if (isTemplate(bytes)) return decodeTemplate(bytes, arg);
  }
  return extract(readImageArgument(arg));
}

export function registerMatch(program: Command): void {
  program
    .command('match')
    .argument('<a>', 'image (WSQ, TIFF, PNG, PGM, BMP, FILE.an2#N) or template (ISO 19794-2, ANSI 378, JSON)')
    .argument('<b>', 'the other image or template')
    .description(
      `Compare two fingerprints 1:1. The score is symmetric-maxed (both directions, the higher kept); the decision ` +
        `threshold is the one calibrated for a false match rate of 0.01 % (${DEFAULT_THRESHOLD}).`,
    )
    .option('--json', 'machine-readable output: {score, threshold, match}')
    .action((a: string, b: string, opts: { json?: boolean }) => {
      const pa = prepareTemplate(readFingerArgument(a));
      const pb = prepareTemplate(readFingerArgument(b));
      const score = +Math.max(compareTemplates(pa, pb), compareTemplates(pb, pa)).toFixed(3);
      const match = score >= DEFAULT_THRESHOLD;
      emit(opts, { score, threshold: DEFAULT_THRESHOLD, match }, () => `score ${score} (threshold ${DEFAULT_THRESHOLD}): ${match ? 'MATCH' : 'no match'}`);
    });
}
