import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../errors.ts';
import type { GrayImage } from '../../biometrics/image/gray-image.ts';
import { decodeImage } from '../../biometrics/image/load-image.ts';
import { encodePng } from '../../biometrics/image/png.ts';
import { decodeRecordImage, parseTransaction } from '../../nist/index.ts';
import { emit } from '../output.ts';
import { readInputFile } from './nist.ts';

/** `FILE.an2#3` names record 3 of a transaction; anything else is an image file. */
export function readImageArgument(arg: string): GrayImage {
  const m = /^(.*)#(\d+)$/.exec(arg);
  if (m) {
    const t = parseTransaction(readInputFile(m[1]), { file: m[1] });
    return decodeRecordImage(t, Number(m[2]), m[1]);
  }
  if (arg.includes('#')) throw new InputError(`'${arg}': after # comes a record number (0 is the Type-1 record)`);
  return decodeImage(readInputFile(arg), arg);
}

export function registerImage(program: Command): void {
  const image = program.command('image').description('Fingerprint image codecs: WSQ, TIFF, PNG, PGM, BMP, and images inside ANSI/NIST-ITL transactions.');
  image
    .command('convert')
    .argument('<in>', 'WSQ, TIFF, PNG, PGM or BMP file (format from its content), or FILE.an2#N for the image of record N (0-based; 0 is Type-1)')
    .argument('<out>', 'PNG file to write (8-bit grayscale, resolution in its pHYs chunk)')
    .description('Decode an image to an 8-bit grayscale PNG. Prints its width, height and resolution.')
    .option('--json', 'machine-readable output: {width, height, ppi}')
    .action((input: string, out: string, opts: { json?: boolean }) => {
      if (!/\.png$/i.test(out)) throw new InputError(`output '${out}' must be a .png file`);
      const img = readImageArgument(input);
      try {
        writeFileSync(out, encodePng(img));
      } catch (e) {
        throw new InputError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const result = { width: img.width, height: img.height, ppi: img.ppi };
      emit(opts, result, () => `${out}: ${img.width}x${img.height}, ${img.ppi} ppi`);
    });
}
