import UTIF from 'utif';
import { ParseError, UnsupportedError } from '../../errors.ts';
import type { GrayImage } from './gray-image.ts';
import { rgbaToGray } from './luma.ts';

const DEFAULT_PPI = 500;

/** First page of a TIFF (any utif supports) as grayscale; ppi from XResolution/ResolutionUnit. */
export function decodeTiff(bytes: Uint8Array, file?: string): GrayImage {
  let ifds;
  try {
    ifds = UTIF.decode(bytes);
  } catch (e) {
    throw new ParseError(`not a readable TIFF (${(e as Error).message})`, { file });
  }
  const ifd = ifds[0];
  if (!ifd || ifd.t256 === undefined) throw new ParseError('TIFF has no image directory with a width', { file });
  try {
    UTIF.decodeImage(bytes, ifd, ifds);
  } catch (e) {
    throw new ParseError(`TIFF image data cannot be decoded (${(e as Error).message})`, { file });
  }
  const { width, height } = ifd;
  if (!(width > 0 && height > 0) || width * height > 100_000_000) throw new ParseError(`TIFF size ${width}x${height} is out of range`, { file });
  const bits = (ifd.t258 as number[] | undefined) ?? [1];
  const photometric = (ifd.t262 as number[] | undefined)?.[0] ?? 1;
  let pixels: Uint8Array;
  if (bits.length === 1 && bits[0] === 8 && (photometric === 0 || photometric === 1) && ifd.data.length >= width * height) {
    // The common case for fingerprint scans: 8-bit gray, no conversion needed (0 = WhiteIsZero).
    pixels = ifd.data.slice(0, width * height);
    if (photometric === 0) for (let i = 0; i < pixels.length; i++) pixels[i] = 255 - pixels[i];
  } else {
    let rgba: Uint8Array;
    try {
      rgba = UTIF.toRGBA8(ifd);
    } catch (e) {
      throw new UnsupportedError(`TIFF with ${bits.join('/')} bits per sample and photometric ${photometric} is unsupported (${(e as Error).message})`, { file });
    }
    if (rgba.length < width * height * 4) throw new ParseError('TIFF image data is shorter than its size', { file });
    pixels = rgbaToGray(rgba, width * height);
  }
  return { width, height, ppi: tiffPpi(ifd) ?? DEFAULT_PPI, pixels };
}

function tiffPpi(ifd: Record<string, unknown>): number | undefined {
  const res = (ifd.t282 as number[] | undefined)?.[0];
  const unit = (ifd.t296 as number[] | undefined)?.[0] ?? 2;
  if (!res || !Number.isFinite(res) || res <= 0) return undefined;
  // 2 = inch, 3 = centimetre; 1 = no absolute unit, so the value says nothing about ppi.
  if (unit === 2) return Math.round(res);
  if (unit === 3) return Math.round(res * 2.54);
  return undefined;
}
