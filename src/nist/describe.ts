import { recordImage } from './image-info.ts';
import type { NistRecord, Transaction } from './types.ts';

export interface RecordSummary {
  type: number;
  idc: number;
  /** Tag -> value: one string per single-item field, else subfields as arrays of items. */
  fields: Record<string, string | string[][]>;
  image?: { width: number; height: number; ppi: number; compression: string; bytes: number };
}

/** A JSON-friendly view of a transaction, for `scomm nist dump` (binary data summarised by size). */
export function describeTransaction(t: Transaction): RecordSummary[] {
  return t.records.map((r) => {
    const img = recordImage(t, r);
    const out: RecordSummary = { type: r.type, idc: r.idc, fields: fieldsOf(r) };
    if (img) out.image = { width: img.width, height: img.height, ppi: img.ppi, compression: img.compression, bytes: img.data.length };
    return out;
  });
}

function fieldsOf(r: NistRecord): RecordSummary['fields'] {
  const t = r.type;
  if (r.kind === 'binary') {
    const f: RecordSummary['fields'] = { [`${t}.001`]: String((r.header ? 18 : 5) + r.data.length), [`${t}.002`]: String(r.idc) };
    if (r.header) {
      const h = r.header;
      Object.assign(f, {
        [`${t}.003`]: String(h.imp),
        [`${t}.004`]: [h.fgp.map(String)],
        [`${t}.005`]: String(h.isr),
        [`${t}.006`]: String(h.hll),
        [`${t}.007`]: String(h.vll),
        [`${t}.008`]: String(h.compression),
      });
    }
    f[`${t}.${r.header ? '009' : '003'}`] = `<${r.data.length} bytes>`;
    return f;
  }
  const f: RecordSummary['fields'] = {};
  for (const field of r.fields) {
    const tag = `${t}.${String(field.number).padStart(3, '0')}`;
    if (field.data) f[tag] = `<${field.data.length} bytes>`;
    else if (!field.value.includes('\x1e') && !field.value.includes('\x1f')) f[tag] = field.value;
    else f[tag] = field.value.split('\x1e').map((s) => s.split('\x1f'));
  }
  return f;
}
