import { closeSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import { sharedArray, type GalleryArrays } from './gallery-arrays.ts';
import { INDEX_KEYS, TenprintGallery } from './gallery.ts';

const MAGIC = 'SCOMM-GALLERY-2\n';
/** Files of the format before packed candidates: still galleries, but to be built again. */
const OLDER = ['SCOMM-GALLERY-1\n'];
const ARRAYS = ['alive', 'keyCount', 'slotInfo', 'slotQuality', 'slotStart', 'minutiae', 'offsets', 'postings', 'slotPrepared', 'prepared'] as const;
const KINDS = { alive: Uint8Array, keyCount: Uint32Array, slotInfo: Uint16Array, slotQuality: Uint8Array, slotStart: Uint32Array, minutiae: Uint16Array, offsets: Uint32Array, postings: Uint32Array, slotPrepared: Uint32Array, prepared: Uint8Array } as const;

const headerSchema = z.object({
  subjects: z.number().int().nonnegative(),
  minutiaeUsed: z.number().int().nonnegative(),
  preparedUsed: z.number().int().nonnegative(),
  /** Subject ids by number, null once removed. */
  ids: z.array(z.string().nullable()),
  /** Element count of each array, in ARRAYS order. */
  lengths: z.array(z.number().int().nonnegative()).length(ARRAYS.length),
  /** Anything the caller needs to know the file is still valid for (e.g. the index parameters it was built with). */
  tag: z.string(),
});

/**
 * Writes a gallery to one file: magic line, header length (4 bytes LE), JSON header (ids, array
 * lengths, tag), then each typed array's bytes at an 8-byte boundary. Written to FILE.tmp then
 * renamed, so a reader never sees half a file.
 */
export function saveGallery(gallery: TenprintGallery, file: string, tag = ''): void {
  const g = gallery.arrays();
  const ids = Array.from({ length: g.subjects }, (_, n) => gallery.idOf(n) ?? null);
  const used = usedLengths(g);
  const header = Buffer.from(JSON.stringify({ subjects: g.subjects, minutiaeUsed: g.minutiaeUsed, preparedUsed: g.preparedUsed, ids, lengths: ARRAYS.map((k) => used[k]), tag }));
  const fd = openSync(file + '.tmp', 'w');
  try {
    const head = Buffer.alloc(MAGIC.length + 4);
    head.write(MAGIC, 'latin1');
    head.writeUInt32LE(header.length, MAGIC.length);
    let at = 0;
    const put = (b: Uint8Array) => {
      writeSync(fd, b);
      at += b.length;
    };
    put(head);
    put(header);
    for (const k of ARRAYS) {
      put(new Uint8Array((8 - (at % 8)) % 8));
      const a = g[k];
      // Large arrays written in pieces: one write call is limited to 2 GB.
      const bytes = new Uint8Array(a.buffer, a.byteOffset, used[k] * a.BYTES_PER_ELEMENT);
      for (let i = 0; i < bytes.length; i += 1 << 28) put(bytes.subarray(i, Math.min(bytes.length, i + (1 << 28))));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(file + '.tmp', file);
}

/** Reads a gallery written by saveGallery into shared arrays; null when the file's tag differs or it is of an older format (build it again). Bad files throw InputError naming the file. */
export function loadGallery(file: string, tag = ''): TenprintGallery | null {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length + 4);
    readSync(fd, head, 0, head.length, 0);
    if (OLDER.includes(head.toString('latin1', 0, MAGIC.length))) return null;
    if (head.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new InputError(`${file}: not a scomm gallery file`);
    const headerBytes = Buffer.alloc(head.readUInt32LE(MAGIC.length));
    readSync(fd, headerBytes, 0, headerBytes.length, head.length);
    const parsed = headerSchema.safeParse(JSON.parse(headerBytes.toString('utf8')));
    if (!parsed.success) throw new InputError(`${file}: bad gallery header: ${parsed.error.issues[0]?.message}`);
    const header = parsed.data;
    if (header.tag !== tag) return null;
    let at = head.length + headerBytes.length;
    const arrays: Partial<GalleryArrays> = { subjects: header.subjects, minutiaeUsed: header.minutiaeUsed, preparedUsed: header.preparedUsed };
    ARRAYS.forEach((k, i) => {
      at += (8 - (at % 8)) % 8;
      const a = sharedArray(KINDS[k] as typeof Uint32Array, header.lengths[i]);
      const bytes = new Uint8Array(a.buffer, 0, header.lengths[i] * a.BYTES_PER_ELEMENT);
      for (let off = 0; off < bytes.length; ) {
        const n = readSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 28), at + off);
        if (n <= 0) throw new InputError(`${file}: truncated (${k})`);
        off += n;
      }
      at += bytes.length;
      (arrays as Record<string, unknown>)[k] = a;
    });
    const g = arrays as GalleryArrays;
    if (g.offsets.length > 1 && g.offsets.length !== INDEX_KEYS + 1) throw new InputError(`${file}: index of ${g.offsets.length - 1} keys, this engine's has ${INDEX_KEYS} (built by another version)`);
    if (g.offsets.length > 1 && g.offsets[g.offsets.length - 1] !== g.postings.length) throw new InputError(`${file}: index offsets do not match its postings`);
    const gallery = new TenprintGallery();
    gallery.restore(g, header.ids.map((id) => id ?? undefined));
    return gallery;
  } finally {
    closeSync(fd);
  }
}

function usedLengths(g: GalleryArrays): Record<(typeof ARRAYS)[number], number> {
  const n = g.subjects;
  return { alive: n, keyCount: n, slotInfo: n * 40, slotQuality: n * 10, slotStart: n * 10, minutiae: g.minutiaeUsed, offsets: g.offsets.length, postings: g.postings.length, slotPrepared: n * 10, prepared: g.preparedUsed };
}
