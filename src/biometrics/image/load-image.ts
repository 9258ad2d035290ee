import { readFileSync } from 'node:fs';
import { InputError, UnsupportedError } from '../../errors.ts';
import { decodeBmp } from './bmp.ts';
import type { GrayImage } from './gray-image.ts';
import { decodePgm } from './pgm.ts';
import { decodePng } from './png.ts';
import { decodeTiff } from './tiff.ts';
import { decodeWsq } from './wsq-decoder.ts';

export type ImageFormat = 'wsq' | 'tiff' | 'png' | 'pgm' | 'bmp';

/** The format a file's first bytes announce (its name is not trusted), or undefined. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  const b = (i: number) => bytes[i];
  if (b(0) === 0xff && b(1) === 0xa0) return 'wsq';
  if ((b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0) || (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && b(3) === 0x2a)) return 'tiff';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'png';
  if (b(0) === 0x50 && (b(1) === 0x35 || b(1) === 0x32)) return 'pgm';
  if (b(0) === 0x42 && b(1) === 0x4d) return 'bmp';
  return undefined;
}

/** Decodes WSQ, TIFF, PNG, PGM or BMP bytes into one grayscale image; `name` is used in errors. */
export function decodeImage(bytes: Uint8Array, name?: string): GrayImage {
  switch (sniffImageFormat(bytes)) {
    case 'wsq':
      return decodeWsq(bytes, name);
    case 'tiff':
      return decodeTiff(bytes, name);
    case 'png':
      return decodePng(bytes, name);
    case 'pgm':
      return decodePgm(bytes, name);
    case 'bmp':
      return decodeBmp(bytes, name);
    default:
      throw new UnsupportedError('unrecognised image format (expected WSQ, TIFF, PNG, PGM or BMP)', { file: name, offset: 0 });
  }
}

/** Reads and decodes an image file. */
export function loadImage(file: string): GrayImage {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return decodeImage(bytes, file);
}
