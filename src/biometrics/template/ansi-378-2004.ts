import { ParseError } from '../../errors.ts';
import { readFingerViews, writeFingerRecord, type RecordFormat } from './minutiae-record.ts';
import type { FingerTemplate } from './types.ts';

/**
 * ANSI INCITS 378-2004 finger minutiae record: like ISO 19794-2:2005 but with a 2-byte record
 * length (or 0 then 4 bytes), a 4-byte CBEFF product identifier, and angles in 2-degree units.
 */
const ANSI: RecordFormat = { name: 'ANSI INCITS 378-2004', headerBytes: 26, angleUnits: 180, productId: true };

export function readAnsiTemplates(bytes: Uint8Array, file?: string): FingerTemplate[] {
  return readFingerViews(bytes, ANSI, file);
}

export function readAnsiTemplate(bytes: Uint8Array, file?: string): FingerTemplate {
  const views = readAnsiTemplates(bytes, file);
  if (views.length === 0) throw new ParseError('record holds no finger view', { file });
  return views[0];
}

export function writeAnsiTemplate(t: FingerTemplate): Uint8Array {
  return writeFingerRecord([t], ANSI);
}
