import { ParseError, UnsupportedError } from '../../errors.ts';
import type { GrayImage } from './gray-image.ts';
import { luma } from './luma.ts';

const DEFAULT_PPI = 500;
const FILE_HEADER = 14;
const METRES_PER_INCH = 0.0254;

/**
 * Windows bitmap with a BITMAPINFOHEADER or later (40/52/56/108/124 bytes), uncompressed (BI_RGB),
 * 1, 4, 8 (palette), 24 or 32 bits per pixel; bottom-up or top-down rows. Colour becomes luma.
 */
export function decodeBmp(bytes: Uint8Array, file?: string): GrayImage {
  const fail = (reason: string, offset: number): never => {
    throw new ParseError(reason, { file, offset });
  };
  if (bytes.length < FILE_HEADER + 40 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) fail('not a BMP (no BM header or too short)', 0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const dibSize = view.getUint32(14, true);
  if (dibSize < 40 || FILE_HEADER + dibSize > bytes.length) fail(`unsupported or truncated DIB header of ${dibSize} bytes`, 14);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bpp = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const xPpm = view.getInt32(38, true);
  const colours = view.getUint32(46, true);
  const height = Math.abs(rawHeight);
  if (width < 1 || height < 1 || width * height > 100_000_000) fail(`image size ${width}x${height} is out of range`, 18);
  if (![1, 4, 8, 24, 32].includes(bpp)) throw new UnsupportedError(`${bpp} bits per pixel is unsupported`, { file, offset: 28 });
  if (compression !== 0 && !(compression === 3 && bpp === 32)) throw new UnsupportedError(`BMP compression ${compression} is unsupported (only uncompressed)`, { file, offset: 30 });
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) fail(`pixel data needs ${stride * height} bytes from offset ${dataOffset}, file has ${bytes.length}`, 10);
  let palette: Uint8Array | undefined;
  if (bpp <= 8) {
    const entries = colours || 1 << bpp;
    const at = FILE_HEADER + dibSize;
    if (entries > 256 || at + 4 * entries > dataOffset) fail(`palette of ${entries} entries does not fit before the pixel data`, at);
    palette = new Uint8Array(256);
    for (let i = 0; i < entries; i++) palette[i] = luma(bytes[at + 4 * i + 2], bytes[at + 4 * i + 1], bytes[at + 4 * i]);
  }
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (rawHeight > 0 ? height - 1 - y : y) * stride;
    const out = y * width;
    for (let x = 0; x < width; x++) {
      if (palette) {
        const bit = x * bpp;
        const index = (bytes[row + (bit >> 3)] >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        pixels[out + x] = palette[index];
      } else {
        const p = row + x * (bpp >> 3);
        pixels[out + x] = luma(bytes[p + 2], bytes[p + 1], bytes[p]);
      }
    }
  }
  return { width, height, ppi: xPpm > 0 ? Math.round(xPpm * METRES_PER_INCH) : DEFAULT_PPI, pixels };
}
