import { ParseError } from '../errors.ts';
import { BINARY_IMAGE_TYPES, BINARY_TYPES, FS, GS, type BinaryRecord, type NistField, type NistRecord, type TaggedRecord, type Transaction } from './types.ts';

export interface ParseOptions {
  /** File name used in error messages. */
  file?: string;
}

const COLON = 0x3a;
const DOT = 0x2e;

/**
 * Parses an ANSI/NIST-ITL transaction (traditional encoding). Image data is not copied or decoded:
 * binary fields are views into `bytes`. Every length and offset is checked; a malformed file
 * raises ParseError naming the file, record index, field and byte offset.
 */
export function parseTransaction(bytes: Uint8Array, opts: ParseOptions = {}): Transaction {
  const file = opts.file;
  const fail = (reason: string, record: number, field: string | undefined, offset: number): never => {
    throw new ParseError(reason, { file, record, field, offset });
  };
  if (bytes.length === 0) fail('empty file', 0, undefined, 0);
  // Type-1 is 7-bit ASCII by the standard; its DCS field says how the other records' text is encoded.
  const first = readTagged(bytes, 0, 1, 0, false, fail);
  const utf8 = isUtf8(first);
  const cnt = first.fields.find((f) => f.number === 3);
  if (!cnt) fail('missing field 1.003 (CNT, content listing)', 0, '1.003', first.offset);
  const listing = parseCnt(cnt!.value, (reason) => fail(reason, 0, '1.003', first.offset));
  const records: NistRecord[] = [first];
  let pos = first.offset + recordLength(first);
  listing.forEach((entry, i) => {
    const index = i + 1;
    if (pos >= bytes.length) fail(`file ends before record ${index} (Type-${entry.type}) listed in 1.003`, index, undefined, pos);
    const rec = BINARY_TYPES.has(entry.type) ? readBinary(bytes, pos, entry.type, index, fail) : readTagged(bytes, pos, entry.type, index, utf8, fail);
    if (rec.idc !== entry.idc) fail(`IDC ${rec.idc} does not match ${entry.idc} listed for it in 1.003`, index, `${entry.type}.002`, pos);
    records.push(rec);
    pos += rec.kind === 'binary' ? readBinaryLength(bytes, pos) : recordLength(rec);
  });
  if (pos !== bytes.length) fail(`${bytes.length - pos} bytes after the last record listed in 1.003`, records.length, undefined, pos);
  return { records, utf8 };
}

interface CntEntry {
  type: number;
  idc: number;
}

/** 1.003: first subfield "1 US count", then one "type US idc" per further record. */
function parseCnt(value: string, fail: (reason: string) => never): CntEntry[] {
  const subfields = value.split('\x1e').map((s) => s.split('\x1f'));
  const head = subfields[0];
  if (head.length !== 2 || head[0].trim() !== '1' || !/^\d+$/.test(head[1])) fail(`first subfield must be '1' and the record count, got '${printable(subfields[0].join('|'))}'`);
  const count = Number(head[1]);
  const entries = subfields.slice(1).map((s, i) => {
    if (s.length !== 2 || !/^\d{1,2}$/.test(s[0]) || !/^\d{1,2}$/.test(s[1])) fail(`subfield ${i + 2} must be 'record type' and 'IDC', got '${printable(s.join('|'))}'`);
    return { type: Number(s[0]), idc: Number(s[1]) };
  });
  if (entries.length !== count) fail(`lists ${entries.length} records but says there are ${count}`);
  for (const [i, e] of entries.entries()) {
    if (e.type === 1 || e.type < 2 || e.type > 99) fail(`subfield ${i + 2} names record type ${e.type}, which cannot follow the Type-1 record`);
  }
  return entries;
}

type Fail = (reason: string, record: number, field: string | undefined, offset: number) => never;

function readTagged(bytes: Uint8Array, start: number, type: number, index: number, utf8: boolean, fail: Fail): TaggedRecord {
  const fields: NistField[] = [];
  let pos = start;
  let end = -1;
  for (;;) {
    const tagStart = pos;
    // Tag: digits '.' digits ':'
    let recType = 0;
    let digits = 0;
    while (pos < bytes.length && isDigit(bytes[pos]) && digits < 3) (recType = recType * 10 + bytes[pos] - 48), pos++, digits++;
    if (digits === 0 || pos >= bytes.length || bytes[pos] !== DOT) fail(`expected a field tag '${type}.NNN:'`, index, fields.length ? `${type}.${pad3(fields[fields.length - 1].number)}+` : undefined, tagStart);
    pos++;
    let num = 0;
    digits = 0;
    while (pos < bytes.length && isDigit(bytes[pos]) && digits < 9) (num = num * 10 + bytes[pos] - 48), pos++, digits++;
    if (digits === 0 || pos >= bytes.length || bytes[pos] !== COLON) fail(`expected a field tag '${type}.NNN:'`, index, undefined, tagStart);
    const tag = latin1(bytes, tagStart, pos);
    pos++; // colon
    const field = `${type}.${pad3(num)}`;
    if (recType !== type) fail(`field tag ${tag} belongs to Type-${recType}, but this record is Type-${type}`, index, field, tagStart);
    if (fields.length === 0 && num !== 1) fail(`first field must be ${type}.001 (LEN), got ${tag}`, index, field, tagStart);
    if (fields.length === 1 && type !== 1 && num !== 2) fail(`second field must be ${type}.002 (IDC), got ${tag}`, index, field, tagStart);
    if (fields.length > 0 && num <= fields[fields.length - 1].number) fail(`field ${tag} out of order (after ${fields[fields.length - 1].tag})`, index, field, tagStart);
    if (num === 999) {
      if (end < 0) fail('field 999 before the record length is known', index, field, tagStart);
      if (pos > end - 1) fail('field 999 starts past the end given by LEN', index, field, tagStart);
      fields.push({ tag, number: num, value: '', data: bytes.subarray(pos, end - 1) });
      break;
    }
    // Text value up to the next GS or FS (within the record once LEN is known).
    const limit = end < 0 ? bytes.length : end;
    let sep = pos;
    while (sep < limit && bytes[sep] !== GS && bytes[sep] !== FS) sep++;
    if (sep >= limit) fail(end < 0 ? 'no field separator: file truncated?' : 'field runs past the record length (LEN)', index, field, pos);
    const value = utf8 ? Buffer.from(bytes.buffer, bytes.byteOffset + pos, sep - pos).toString('utf8') : latin1(bytes, pos, sep);
    fields.push({ tag, number: num, value });
    if (num === 1) {
      if (!/^\d{1,9}$/.test(value)) fail(`LEN must be a number, got '${printable(value)}'`, index, field, pos);
      const len = Number(value);
      end = start + len;
      if (len < sep - start + 1) fail(`LEN ${len} is shorter than the record's own first field`, index, field, pos);
      if (end > bytes.length) fail(`LEN ${len} points past the end of the file (${bytes.length - start} bytes left)`, index, field, pos);
      if (bytes[end - 1] !== FS) fail(`record does not end with the FS separator at LEN ${len}`, index, field, end - 1);
    } else if (num === 2 && type !== 1 && !/^\d{1,2}$/.test(value.trim())) {
      fail(`IDC must be a number, got '${printable(value)}'`, index, field, pos);
    }
    if (bytes[sep] === FS) {
      if (sep !== end - 1) fail(`record separator FS at byte ${sep}, but LEN says the record ends at byte ${end - 1}`, index, field, sep);
      break;
    }
    pos = sep + 1;
  }
  const idcField = fields.find((f) => f.number === 2);
  const idc = type === 1 ? 0 : Number(idcField!.value.trim());
  const rec: TaggedRecord = { kind: 'tagged', type, idc, fields, offset: start };
  validateTextFields(rec, index, fail);
  return rec;
}

/** Numeric fields that must be numeric, checked where the standard fixes their form. */
function validateTextFields(rec: TaggedRecord, index: number, fail: Fail): void {
  for (const f of rec.fields) {
    const numeric =
      (rec.type === 1 && f.number === 5) || // DAT
      ([10, 13, 14, 15, 16, 17, 19, 20].includes(rec.type) && [6, 7, 8, 9, 10].includes(f.number)) || // HLL VLL SLC HPS VPS
      (rec.type === 14 && f.number === 12); // BPX
    if (numeric && !/^\d+$/.test(f.value)) fail(`must be numeric, got '${printable(f.value)}'`, index, `${rec.type}.${pad3(f.number)}`, rec.offset);
    if (rec.type === 1 && (f.number === 11 || f.number === 12) && !/^\d{1,2}\.\d{1,2}$/.test(f.value)) {
      fail(`resolution must be 'NN.NN' pixels per millimetre, got '${printable(f.value)}'`, index, `1.0${f.number}`, rec.offset);
    }
  }
}

function readBinaryLength(bytes: Uint8Array, pos: number): number {
  return ((bytes[pos] << 24) | (bytes[pos + 1] << 16) | (bytes[pos + 2] << 8) | bytes[pos + 3]) >>> 0;
}

function readBinary(bytes: Uint8Array, start: number, type: number, index: number, fail: Fail): BinaryRecord {
  const headerLength = BINARY_IMAGE_TYPES.has(type) ? 18 : type === 8 ? 12 : 5;
  if (start + headerLength > bytes.length) fail(`truncated Type-${type} header (${bytes.length - start} of ${headerLength} bytes)`, index, `${type}.001`, start);
  const len = readBinaryLength(bytes, start);
  if (len < headerLength) fail(`LEN ${len} is shorter than the ${headerLength}-byte Type-${type} header`, index, `${type}.001`, start);
  if (start + len > bytes.length) fail(`LEN ${len} points past the end of the file (${bytes.length - start} bytes left)`, index, `${type}.001`, start);
  const idc = bytes[start + 4];
  if (!BINARY_IMAGE_TYPES.has(type)) return { kind: 'binary', type, idc, data: bytes.subarray(start + 5, start + len), offset: start };
  const b = start;
  const header = {
    imp: bytes[b + 5],
    fgp: Array.from(bytes.subarray(b + 6, b + 12)),
    isr: bytes[b + 12],
    hll: (bytes[b + 13] << 8) | bytes[b + 14],
    vll: (bytes[b + 15] << 8) | bytes[b + 16],
    compression: bytes[b + 17],
  };
  if (header.isr > 1) fail(`ISR must be 0 or 1, got ${header.isr}`, index, `${type}.005`, b + 12);
  return { kind: 'binary', type, idc, header, data: bytes.subarray(b + 18, b + len), offset: start };
}

function recordLength(rec: TaggedRecord): number {
  return Number(rec.fields[0].value);
}

function isUtf8(type1: TaggedRecord): boolean {
  const dcs = type1.fields.find((f) => f.number === 15)?.value ?? '';
  const items = dcs.split('\x1f');
  return items[0] === '003' || /UTF-8/i.test(items[1] ?? '');
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1');
}

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}

function printable(s: string): string {
  const t = s.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
  return t.length > 40 ? t.slice(0, 40) + '...' : t;
}
