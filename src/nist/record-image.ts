import { decodePng } from '../biometrics/image/png.ts';
import { decodeWsq } from '../biometrics/image/wsq-decoder.ts';
import type { GrayImage } from '../biometrics/image/gray-image.ts';
import { InputError, ParseError, UnsupportedError } from '../errors.ts';
import { recordImage } from './image-info.ts';
import type { Transaction } from './types.ts';

/**
 * Decodes the image of record `index` (0-based, Type-1 is record 0) into grayscale pixels.
 * WSQ, PNG and uncompressed 8-bit images are supported; JPEG and JPEG 2000 are reported as
 * unsupported with the record and field they sit in. The record's resolution wins over any the
 * codestream carries (WSQ comments often say 255 or nothing).
 */
export function decodeRecordImage(t: Transaction, index: number, file?: string): GrayImage {
  const record = t.records[index];
  if (!record) throw new InputError(`${file ?? 'transaction'} has records 0..${t.records.length - 1}; there is no record ${index}`);
  const info = recordImage(t, record);
  if (!info) throw new InputError(`${file ?? 'transaction'}, record ${index}: a Type-${record.type} record carries no image`);
  const field = record.kind === 'binary' ? 'data' : `${record.type}.999`;
  const where = { file, record: index, field, offset: record.offset };
  let image: GrayImage;
  try {
    switch (info.compression) {
      case 'WSQ20':
      case 'WSQ':
        image = decodeWsq(info.data, file);
        break;
      case 'PNG':
        image = decodePng(info.data, file);
        break;
      case 'NONE':
        image = raw(info.data, info.width, info.height, record.type, where);
        break;
      default:
        throw new UnsupportedError(`${info.compression} compression is unsupported (scomm decodes WSQ, PNG and uncompressed images)`, where);
    }
  } catch (e) {
    if (e instanceof UnsupportedError) throw e;
    // Offsets inside the codestream become offsets in the file.
    if (e instanceof ParseError) throw new ParseError(e.reason, { ...where, offset: record.offset + (e.location.offset ?? 0) });
    throw e;
  }
  if (info.width && info.height && (image.width !== info.width || image.height !== info.height)) {
    throw new ParseError(`the record says ${info.width}x${info.height} but its image is ${image.width}x${image.height}`, where);
  }
  return info.ppi > 0 ? { ...image, ppi: info.ppi } : image;
}

function raw(data: Uint8Array, width: number, height: number, type: number, where: { file?: string; record: number; field: string; offset: number }): GrayImage {
  // Types 5 and 6 are 1-bit; everything else uncompressed here is 8-bit gray.
  if (type === 5 || type === 6) throw new UnsupportedError('uncompressed binary (1-bit) images are unsupported', where);
  if (data.length < width * height) throw new ParseError(`uncompressed image needs ${width * height} bytes, record has ${data.length}`, where);
  return { width, height, ppi: 0, pixels: data.slice(0, width * height) };
}
