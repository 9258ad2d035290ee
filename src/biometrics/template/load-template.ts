import { z } from 'zod';
import { InputError, ParseError } from '../../errors.ts';
import { readAnsiTemplate } from './ansi-378-2004.ts';
import { readCompactTemplate } from './compact.ts';
import { readIsoTemplate } from './iso-19794-2-2005.ts';
import type { FingerTemplate } from './types.ts';

const templateJson = z.object({
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  ppi: z.number().positive(),
  quality: z.number().min(0).max(100),
  fingerPosition: z.number().int().min(0).max(15).optional(),
  reason: z.string().optional(),
  minutiae: z.array(
    z.object({
      x: z.number().min(0),
      y: z.number().min(0),
      angle: z.number().min(0).max(2 * Math.PI),
      type: z.enum(['ending', 'bifurcation', 'other']),
      quality: z.number().min(0).max(100),
    }),
  ),
});

/** Whether the bytes are a minutiae template (ISO, ANSI, compact or JSON) rather than an image. */
export function isTemplate(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, 4));
  return head === 'FMR\0' || head === 'SCT1' || bytes[0] === 0x7b;
}

/**
 * A template from its bytes: ISO/IEC 19794-2:2005 and ANSI INCITS 378-2004 share "FMR\0 20\0", and
 * are told apart by where the record length sits (4 bytes at offset 8 for ISO, 2 for ANSI).
 */
export function decodeTemplate(bytes: Uint8Array, file?: string): FingerTemplate {
  const head = String.fromCharCode(...bytes.subarray(0, 4));
  if (head === 'SCT1') return readCompactTemplate(bytes, file);
  if (head === 'FMR\0') {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length >= 12 && v.getUint32(8) === bytes.length) return readIsoTemplate(bytes, file);
    return readAnsiTemplate(bytes, file);
  }
  if (bytes[0] === 0x7b) {
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch (e) {
      throw new ParseError(`not valid JSON (${(e as Error).message})`, { file });
    }
    const r = templateJson.safeParse(json);
    if (!r.success) throw new InputError(`${file ?? 'template'}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    return r.data;
  }
  throw new ParseError('not a minutiae template (ISO 19794-2, ANSI 378, SCT1 or JSON)', { file, offset: 0 });
}
