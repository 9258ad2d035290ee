import { ParseError } from '../../errors.ts';
import type { GrayImage } from './gray-image.ts';

const DEFAULT_PPI = 500;

/** Netpbm graymap, binary (P5) or plain (P2), any maxval up to 65535 scaled to 8 bits. */
export function decodePgm(bytes: Uint8Array, file?: string): GrayImage {
  const fail = (reason: string, offset: number): never => {
    throw new ParseError(reason, { file, offset });
  };
  if (bytes.length < 2 || bytes[0] !== 0x50 || (bytes[1] !== 0x35 && bytes[1] !== 0x32)) fail('not a PGM (expected P5 or P2)', 0);
  const plain = bytes[1] === 0x32;
  let at = 2;
  const token = (): number => {
    // Whitespace and '#' comments may separate header tokens.
    for (;;) {
      while (at < bytes.length && isSpace(bytes[at])) at++;
      if (bytes[at] !== 0x23) break;
      while (at < bytes.length && bytes[at] !== 0x0a && bytes[at] !== 0x0d) at++;
    }
    const start = at;
    let value = 0;
    while (at < bytes.length && bytes[at] >= 0x30 && bytes[at] <= 0x39) {
      value = value * 10 + bytes[at] - 0x30;
      if (value > 1e9) fail('number too large', start);
      at++;
    }
    if (at === start) fail(at >= bytes.length ? 'unexpected end of file' : 'expected a number', start);
    return value;
  };
  const width = token();
  const height = token();
  const maxval = token();
  if (width < 1 || height < 1 || width * height > 100_000_000) fail(`image size ${width}x${height} is out of range`, 2);
  if (maxval < 1 || maxval > 65535) fail(`maxval ${maxval} is out of range 1..65535`, at);
  const pixels = new Uint8Array(width * height);
  const scale = (v: number) => (maxval === 255 ? v : Math.round((Math.min(v, maxval) * 255) / maxval));
  if (plain) {
    for (let i = 0; i < pixels.length; i++) pixels[i] = scale(token());
  } else {
    at++; // exactly one whitespace byte ends the header
    const wide = maxval > 255;
    const need = pixels.length * (wide ? 2 : 1);
    if (at + need > bytes.length) fail(`pixel data needs ${need} bytes, ${Math.max(0, bytes.length - at)} present`, at);
    for (let i = 0; i < pixels.length; i++) pixels[i] = scale(wide ? (bytes[at + 2 * i] << 8) | bytes[at + 2 * i + 1] : bytes[at + i]);
  }
  return { width, height, ppi: DEFAULT_PPI, pixels };
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c;
}
