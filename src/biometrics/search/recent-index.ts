import { sharedArray } from './gallery-arrays.ts';

/** The arrays a search reads (see RecentIndex); shared memory, so a view posted to a worker thread is the index itself. */
export interface RecentView {
  byKey: Int32Array;
  postings: Uint32Array;
  chain: Int32Array;
}

/** Int32 fields per key in RecentIndex.byKey: compacted postings start, end, chain head, chain length. */
export const KEY_FIELDS = 4;

/**
 * Postings of the enrolments since the gallery's last full merge, searched beside its main index.
 * A full merge rewrites the main index (every posting), so it can only be afforded geometrically
 * (when the recent postings are a fair share of the main ones); until then the recent ones live
 * here, in two parts:
 *
 * - per-key chains of the newest postings: adding one is O(1) (a key's head is its last posting
 *   + 1, each chain entry holds its subject and the entry before it + 1, 0 ends a chain; zeroed
 *   memory is an empty chain);
 * - a compressed-row index (as the main index) of the older ones: when the chains hold CHAIN_MAX
 *   postings they are compacted into it, since walking a chain reads scattered memory.
 *
 * What a search needs of a key sits in one 16-byte record (byKey[KEY_FIELDS * k ..]: compacted
 * start, end, chain head, chain length) and a chain entry's subject beside its link: each is one
 * cache miss, where separate arrays cost one miss each (the recent part made a search of a
 * 20,000-subject gallery ~1.6x as slow as the merged index).
 *
 * Searched by GallerySearcher through view(); every array is shared memory (SearchPool threads
 * read it in place).
 */
export class RecentIndex implements RecentView {
  readonly byKey: Int32Array;
  /** The compacted part: subjects of key k are postings[start .. end) of its record. */
  postings = sharedArray(Uint32Array, 0);
  /** Chain entries, two Int32 each: subject, the entry before it + 1 (0 ends the chain). */
  chain = sharedArray(Int32Array, 0);
  private chainKeys = new Uint32Array(0);
  private chained = 0;
  /** Chain capacity: past chainMax, room for the postings added while a compaction must wait. */
  private readonly capacity: number;

  constructor(
    readonly keys: number,
    private readonly chainMax = CHAIN_MAX,
  ) {
    this.byKey = sharedArray(Int32Array, keys * KEY_FIELDS);
    this.capacity = chainMax + Math.max(64, chainMax >> 2);
  }

  /** The arrays as they are now (compaction replaces the postings: take a new view after a change). */
  view(): RecentView {
    const { byKey, postings, chain } = this;
    return { byKey, postings, chain };
  }

  /** The first subject in the chains (postings of it and every later one are all there), or Infinity when they are empty. */
  get chainsFrom(): number {
    return this.chained > 0 ? this.chain[0] : Infinity;
  }

  /** Recent postings in all (dead subjects' ones included until the next compaction). */
  get size(): number {
    return this.postings.length + this.chained;
  }

  /**
   * Adds a posting. While another thread reads the index (`read`), the arrays it holds must stay
   * as they are: the chains then neither compact nor move (they have room past chainMax for this),
   * and an entry is written before the head that makes it reachable, so a reader walking a chain
   * meets the new entries first, whole, and skips them (their subjects are newer than its view).
   */
  add(key: number, subject: number, alive: Uint8Array, read = false): void {
    if (!read && this.chained >= this.chainMax) this.compact(alive);
    if (this.chained === this.chainKeys.length) {
      if (this.chained === this.capacity) throw new Error(`recent index: ${this.chained} chained postings while a search reads them`);
      // Allocated whole on first use (memory the process only pays for as it is written).
      this.chain = sharedArray(Int32Array, 2 * this.capacity);
      this.chainKeys = new Uint32Array(this.capacity);
    }
    const i = this.chained++;
    const r = key * KEY_FIELDS;
    this.chain[2 * i] = subject;
    this.chain[2 * i + 1] = this.byKey[r + 2];
    this.chainKeys[i] = key;
    Atomics.store(this.byKey, r + 2, i + 1);
    this.byKey[r + 3]++;
  }

  /**
   * The chains moved into the compressed-row part; postings of subjects no longer alive dropped.
   * The key records are rewritten in place: compaction never runs while a search reads them.
   */
  compact(alive: Uint8Array): void {
    const K = this.keys;
    const byKey = this.byKey;
    const old = this.postings;
    let total = 0;
    for (let k = 0, r = 0; k < K; k++, r += KEY_FIELDS) {
      for (let i = byKey[r]; i < byKey[r + 1]; i++) total += alive[old[i]];
      for (let i = byKey[r + 2]; i !== 0; i = this.chain[2 * i - 1]) total += alive[this.chain[2 * i - 2]];
    }
    const postings = sharedArray(Uint32Array, total);
    let at = 0;
    for (let k = 0, r = 0; k < K; k++, r += KEY_FIELDS) {
      const start = at;
      for (let i = byKey[r]; i < byKey[r + 1]; i++) {
        const s = old[i];
        if (alive[s]) postings[at++] = s;
      }
      // Chains run newest first; written oldest first, as a merge in enrolment order would.
      let c = 0;
      for (let i = byKey[r + 2]; i !== 0; i = this.chain[2 * i - 1]) c += alive[this.chain[2 * i - 2]];
      at += c;
      for (let i = byKey[r + 2], w = at; i !== 0; i = this.chain[2 * i - 1]) {
        const s = this.chain[2 * i - 2];
        if (alive[s]) postings[--w] = s;
      }
      byKey[r] = start;
      byKey[r + 1] = at;
    }
    this.postings = postings;
    this.clearChains();
  }

  /** Empties the index (after a full merge took everything into the main one). */
  clear(): void {
    this.byKey.fill(0);
    this.postings = sharedArray(Uint32Array, 0);
    this.chained = 0;
  }

  private clearChains(): void {
    for (let i = 0; i < this.chained; i++) {
      const r = this.chainKeys[i] * KEY_FIELDS;
      this.byKey[r + 2] = 0;
      this.byKey[r + 3] = 0;
    }
    this.chained = 0;
  }
}

/** Postings chained before a compaction: enough to amortise its pass over every key, few enough to keep chain walks rare. */
const CHAIN_MAX = 1 << 21;
