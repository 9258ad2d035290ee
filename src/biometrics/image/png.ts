import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import { ParseError } from '../../errors.ts';
import type { GrayImage } from './gray-image.ts';
import { rgbaToGray } from './luma.ts';

const DEFAULT_PPI = 500;
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const METRES_PER_INCH = 0.0254;

/** A PNG of any colour type as grayscale (alpha composited on white); ppi from its pHYs chunk. */
export function decodePng(bytes: Uint8Array, file?: string): GrayImage {
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new ParseError(`not a readable PNG (${(e as Error).message})`, { file });
  }
  const { width, height } = png;
  return { width, height, ppi: pngPpi(bytes) ?? DEFAULT_PPI, pixels: rgbaToGray(png.data, width * height) };
}

/** An 8-bit grayscale PNG carrying the image's resolution in a pHYs chunk. */
export function encodePng(image: GrayImage): Uint8Array {
  const encoded = PNG.sync.write(
    Object.assign(new PNG({ width: image.width, height: image.height, colorType: 0, inputColorType: 0, inputHasAlpha: false }), {
      data: Buffer.from(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength),
    }),
    { colorType: 0, inputColorType: 0, inputHasAlpha: false },
  );
  // pngjs writes no pHYs; it goes right after IHDR (8-byte signature + 25-byte IHDR chunk).
  const ppm = Math.round(image.ppi / METRES_PER_INCH);
  const phys = chunk('pHYs', [...u32(ppm), ...u32(ppm), 1]);
  const out = new Uint8Array(encoded.length + phys.length);
  out.set(encoded.subarray(0, 33), 0);
  out.set(phys, 33);
  out.set(encoded.subarray(33), 33 + phys.length);
  return out;
}

/** Pixels per inch from pHYs (unit 1 = metre); undefined when absent or unitless. */
function pngPpi(bytes: Uint8Array): number | undefined {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    if (type === 'IDAT' || type === 'IEND' || at + 12 + length > bytes.length) return undefined;
    if (type === 'pHYs' && length === 9 && bytes[at + 16] === 1) {
      const ppm = view.getUint32(at + 8);
      return ppm > 0 ? Math.round(ppm * METRES_PER_INCH) : undefined;
    }
    at += 12 + length;
  }
  return undefined;
}

function u32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

function chunk(type: string, data: number[]): Uint8Array {
  const body = Uint8Array.from([...type].map((c) => c.charCodeAt(0)).concat(data));
  return Uint8Array.from([...u32(data.length), ...body, ...u32(crc32(body))]);
}
