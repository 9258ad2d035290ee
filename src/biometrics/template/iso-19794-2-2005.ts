import { ParseError } from '../../errors.ts';
import { readFingerViews, writeFingerRecord, type RecordFormat } from './minutiae-record.ts';
import type { FingerTemplate } from './types.ts';

/**
 * ISO/IEC 19794-2:2005 finger minutiae record ("FMR\0", version " 20\0"): 24-byte header with a
 * 4-byte record length, then finger views of 6-byte minutiae whose angle unit is 360/256 degrees.
 */
const ISO: RecordFormat = { name: 'ISO/IEC 19794-2:2005', headerBytes: 24, angleUnits: 256, productId: false };

/** Every finger view of the record (usually one), as templates. */
export function readIsoTemplates(bytes: Uint8Array, file?: string): FingerTemplate[] {
  return readFingerViews(bytes, ISO, file);
}

export function readIsoTemplate(bytes: Uint8Array, file?: string): FingerTemplate {
  const views = readIsoTemplates(bytes, file);
  if (views.length === 0) throw new ParseError('record holds no finger view', { file, offset: 22 });
  return views[0];
}

export function writeIsoTemplate(t: FingerTemplate): Uint8Array {
  return writeFingerRecord([t], ISO);
}
