/** ANSI/NIST-ITL 1-2011 traditional encoding: separators (Table 2 of the standard). */
export const FS = 0x1c; // file separator: ends a record
export const GS = 0x1d; // group separator: between fields
export const RS = 0x1e; // record separator: between subfields
export const US = 0x1f; // unit separator: between information items

/** One field of a tagged record, as read: its tag text (kept for byte-exact round trips) and value. */
export interface NistField {
  /** The tag as written, e.g. "1.003" (some writers pad: "01.003"). */
  tag: string;
  /** Field number (3 for 1.003). */
  number: number;
  /** Text value with its separators (RS between subfields, US between items); '' for binary fields. */
  value: string;
  /** Binary content of field 999 (image or other data), a view into the transaction's bytes. */
  data?: Uint8Array;
}

/** A tagged-field record: Type-1, 2, 9, 10, 13-17, 18-99 ("T.NNN:value" fields). */
export interface TaggedRecord {
  kind: 'tagged';
  type: number;
  /** Information designation character (field 002); 0 for Type-1, which has none. */
  idc: number;
  fields: NistField[];
  /** Byte offset of the record in the file it was read from. */
  offset: number;
}

/** The fixed binary header of Types 3, 4, 5, 6 (18 bytes): the same layout for all four. */
export interface BinaryImageHeader {
  imp: number;
  /** Six finger-position bytes (255 = unused). */
  fgp: number[];
  isr: number;
  hll: number;
  vll: number;
  /** GCA (Types 3, 4) or BCA (Types 5, 6): compression algorithm code. */
  compression: number;
}

/** A binary record: Types 3-8. Types 7 and 8 are kept opaque (their header bytes inside `data`). */
export interface BinaryRecord {
  kind: 'binary';
  type: number;
  idc: number;
  /** Present for Types 3, 4, 5, 6. */
  header?: BinaryImageHeader;
  /** Everything after the fixed header (after LEN and IDC for Types 7 and 8). */
  data: Uint8Array;
  offset: number;
}

export type NistRecord = TaggedRecord | BinaryRecord;

export interface Transaction {
  records: NistRecord[];
  /** Whether text is UTF-8 (Type-1 DCS 1.015 names UTF-8), else 7-bit ASCII / Latin-1 bytes. */
  utf8: boolean;
}

/** Image facts of a record carrying an image, without decoding pixels. */
export interface RecordImage {
  data: Uint8Array;
  /** 'NONE', 'WSQ20', 'JPEGB', 'JPEGL', 'JP2', 'JP2L', 'PNG', or the code as found if unknown. */
  compression: string;
  width: number;
  height: number;
  /** Pixels per inch (0 if the record does not say). */
  ppi: number;
}

/** Binary record types whose 18-byte header is HLL/VLL/compression shaped. */
export const BINARY_IMAGE_TYPES = new Set([3, 4, 5, 6]);
export const BINARY_TYPES = new Set([3, 4, 5, 6, 7, 8]);
