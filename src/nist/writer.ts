import { FS, GS, type BinaryRecord, type NistField, type NistRecord, type TaggedRecord, type Transaction } from './types.ts';

/**
 * Writes a transaction in the traditional encoding. LEN of every record and CNT (1.003) are
 * recomputed from what is written; where the recomputed value equals the one read, the original
 * text is kept, so an unmodified transaction is written back byte for byte.
 */
export function writeTransaction(t: Transaction): Uint8Array {
  const records = t.records.map((r, i) => (i === 0 && r.kind === 'tagged' ? withCnt(r, t.records) : r));
  const parts = records.map((r) => (r.kind === 'tagged' ? writeTagged(r, t.utf8) : writeBinary(r)));
  return concat(parts);
}

/** 1.003 listing the records that follow, in order. */
export function cntValue(records: NistRecord[]): string {
  const rest = records.slice(1);
  return ['1\x1f' + rest.length, ...rest.map((r) => `${r.type}\x1f${String(r.idc).padStart(2, '0')}`)].join('\x1e');
}

function withCnt(type1: TaggedRecord, records: NistRecord[]): TaggedRecord {
  const fresh = cntValue(records);
  const old = type1.fields.find((f) => f.number === 3);
  if (old && sameCnt(old.value, fresh)) return type1;
  const fields = type1.fields.filter((f) => f.number !== 3);
  const cnt: NistField = { tag: old?.tag ?? '1.003', number: 3, value: fresh };
  fields.splice(fields.findIndex((f) => f.number > 3) === -1 ? fields.length : fields.findIndex((f) => f.number > 3), 0, cnt);
  return { ...type1, fields };
}

function sameCnt(a: string, b: string): boolean {
  const norm = (s: string) => s.split('\x1e').map((x) => x.split('\x1f').map((n) => Number(n)).join('/')).join(',');
  return norm(a) === norm(b);
}

function encodeText(s: string, utf8: boolean): Buffer {
  return Buffer.from(s, utf8 ? 'utf8' : 'latin1');
}

function writeTagged(r: TaggedRecord, utf8: boolean): Uint8Array {
  const textUtf8 = utf8 && r.type !== 1;
  const bodies = r.fields.map((f) => (f.number === 999 ? null : encodeText(f.value, textUtf8)));
  const tags = r.fields.map((f) => Buffer.from(f.tag + ':', 'latin1'));
  // Everything but LEN's own digits: tags, values, one separator per field.
  let fixed = 0;
  r.fields.forEach((f, i) => {
    fixed += tags[i].length + 1;
    if (i > 0) fixed += f.number === 999 ? f.data!.length : bodies[i]!.length;
  });
  let lenDigits = String(fixed + 1).length;
  while (String(fixed + lenDigits).length !== lenDigits) lenDigits++;
  const total = fixed + lenDigits;
  const oldLen = r.fields[0].value;
  const lenText = Number(oldLen) === total && oldLen.length === lenDigits ? oldLen : String(total);
  const out = new Uint8Array(total);
  let pos = 0;
  r.fields.forEach((f, i) => {
    out.set(tags[i], pos);
    pos += tags[i].length;
    const body = i === 0 ? Buffer.from(lenText, 'latin1') : f.number === 999 ? f.data! : bodies[i]!;
    out.set(body, pos);
    pos += body.length;
    out[pos++] = i === r.fields.length - 1 ? FS : GS;
  });
  return out;
}

function writeBinary(r: BinaryRecord): Uint8Array {
  const headerLength = r.header ? 18 : 5;
  const len = headerLength + r.data.length;
  const out = new Uint8Array(len);
  out[0] = len >>> 24;
  out[1] = (len >>> 16) & 255;
  out[2] = (len >>> 8) & 255;
  out[3] = len & 255;
  out[4] = r.idc;
  if (r.header) {
    const h = r.header;
    out[5] = h.imp;
    for (let i = 0; i < 6; i++) out[6 + i] = h.fgp[i] ?? 255;
    out[12] = h.isr;
    out[13] = h.hll >> 8;
    out[14] = h.hll & 255;
    out[15] = h.vll >> 8;
    out[16] = h.vll & 255;
    out[17] = h.compression;
  }
  out.set(r.data, headerLength);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let pos = 0;
  for (const p of parts) out.set(p, pos), (pos += p.length);
  return out;
}
