import { sharedArray } from './gallery-arrays.ts';

/** The arrays a search reads (see RecentIndex); shared memory, so a view posted to a worker thread is the index itself. */
export interface RecentView {
  byKey: Int32Array;
  postings: Uint32Array;
  blocks: Int32Array;
}

/** Int32 fields per key in RecentIndex.byKey: compacted postings start, end, newest chain block + 1 (0: none), chained postings. */
export const KEY_FIELDS = 4;
/** Int32 fields per chain block: the block before it + 1 (0 ends the chain), postings held, then BLOCK_POSTINGS subjects oldest first. */
export const BLOCK_FIELDS = 8;
const BLOCK_POSTINGS = BLOCK_FIELDS - 2;

/**
 * Postings of the enrolments since the gallery's last full merge, searched beside its main index.
 * A full merge rewrites the main index (every posting), so it can only be afforded geometrically
 * (when the recent postings are a fair share of the main ones); until then the recent ones live
 * here, in two parts:
 *
 * - per-key chains of the newest postings: adding one is O(1) (into the key's newest block, or a
 *   new block linked before it);
 * - a compressed-row index (as the main index) of the older ones: when the chains hold CHAIN_MAX
 *   postings they are compacted into it, since walking a chain reads scattered memory.
 *
 * A search's cost here is cache misses, one per piece of scattered memory read: what it needs of a
 * key sits in one 16-byte record (byKey[KEY_FIELDS * k ..]), and a chain is 32-byte blocks of up
 * to BLOCK_POSTINGS postings, so a key's chained postings cost a miss per block, not per posting
 * (with 400 of 20,000 subjects in the chains, one posting a link made a search 1.8x as slow as
 * the merged index).
 *
 * Searched by GallerySearcher through view(); every array is shared memory (SearchPool threads
 * read it in place).
 */
export class RecentIndex implements RecentView {
  readonly byKey: Int32Array;
  /** The compacted part: subjects of key k are postings[start .. end) of its record. */
  postings = sharedArray(Uint32Array, 0);
  blocks = sharedArray(Int32Array, 0);
  /** Key of each chain block in use (what clearing the chains resets). */
  private blockKeys = new Uint32Array(0);
  private blocksUsed = 0;
  /** addAll's scratch: per key, its newest block + 1 and that block's postings. */
  private heads = new Int32Array(0);
  private held = new Int32Array(0);
  private chained = 0;
  /** Chain capacity, in postings: past chainMax, room for the postings added while a compaction must wait. */
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
    const { byKey, postings, blocks } = this;
    return { byKey, postings, blocks };
  }

  /** The first subject in the chains (postings of it and every later one are all there), or Infinity when they are empty. */
  get chainsFrom(): number {
    return this.chained > 0 ? this.blocks[2] : Infinity;
  }

  /** Recent postings in all (dead subjects' ones included until the next compaction). */
  get size(): number {
    return this.postings.length + this.chained;
  }

  /**
   * Adds subject's postings under keys base + list[i] (distinct keys). While another thread reads
   * the index (`read`), the arrays it holds must stay as they are: the chains then neither compact
   * nor move (they have room past chainMax for this), and a posting is written before the count or
   * link that makes it reachable, so a reader walking a chain meets only whole entries, and skips
   * the new ones (their subjects are newer than its view).
   */
  addAll(base: number, list: ArrayLike<number>, subject: number, alive: Uint8Array, read = false): void {
    if (this.heads.length < list.length) (this.heads = new Int32Array(list.length)), (this.held = new Int32Array(list.length));
    const { heads, held } = this;
    for (let j = 0; j < list.length; ) {
      if (!read && this.chained >= this.chainMax) this.compact(alive);
      if (this.chained === this.blockKeys.length) {
        if (this.chained === this.capacity) throw new Error(`recent index: ${this.chained} chained postings while a search reads them`);
        // Allocated whole on first use (memory the process only pays for as it is written); a
        // block per posting at worst.
        this.blocks = sharedArray(Int32Array, BLOCK_FIELDS * this.capacity);
        this.blockKeys = new Uint32Array(this.capacity);
      }
      // As many as may be added before the next compaction (or, while read, the capacity).
      const end = Math.min(list.length, j + (read ? this.capacity : this.chainMax) - this.chained);
      const { byKey, blocks, blockKeys } = this;
      // Each key's newest block, then how full it is, read for all first: these reads miss the
      // cache (keys are scattered over byKey) and, independent, the misses overlap.
      for (let i = j; i < end; i++) heads[i] = byKey[(base + list[i]) * KEY_FIELDS + 2];
      for (let i = j; i < end; i++) held[i] = heads[i] === 0 ? BLOCK_POSTINGS : blocks[BLOCK_FIELDS * (heads[i] - 1) + 1];
      for (let i = j; i < end; i++) {
        const key = base + list[i];
        const r = key * KEY_FIELDS;
        const head = heads[i];
        if (held[i] < BLOCK_POSTINGS) {
          const b = BLOCK_FIELDS * (head - 1);
          blocks[b + 2 + held[i]] = subject;
          Atomics.store(blocks, b + 1, held[i] + 1);
        } else {
          const n = this.blocksUsed++;
          const nb = BLOCK_FIELDS * n;
          blocks[nb] = head;
          blocks[nb + 1] = 1;
          blocks[nb + 2] = subject;
          blockKeys[n] = key;
          Atomics.store(byKey, r + 2, n + 1);
        }
        byKey[r + 3]++;
      }
      this.chained += end - j;
      j = end;
    }
  }

  /**
   * The chains moved into the compressed-row part; postings of subjects no longer alive dropped.
   * The key records are rewritten in place: compaction never runs while a search reads them.
   */
  compact(alive: Uint8Array): void {
    const K = this.keys;
    const { byKey, blocks } = this;
    const old = this.postings;
    let total = 0;
    for (let k = 0, r = 0; k < K; k++, r += KEY_FIELDS) {
      for (let i = byKey[r]; i < byKey[r + 1]; i++) total += alive[old[i]];
      total += this.chainedAlive(r, alive);
    }
    const postings = sharedArray(Uint32Array, total);
    let at = 0;
    for (let k = 0, r = 0; k < K; k++, r += KEY_FIELDS) {
      const start = at;
      for (let i = byKey[r]; i < byKey[r + 1]; i++) {
        const s = old[i];
        if (alive[s]) postings[at++] = s;
      }
      // Chains run newest block first; written oldest first, as a merge in enrolment order would.
      const end = at + this.chainedAlive(r, alive);
      for (let h = byKey[r + 2], w = end; h !== 0; h = blocks[BLOCK_FIELDS * (h - 1)]) {
        const b = BLOCK_FIELDS * (h - 1);
        for (let i = b + 1 + blocks[b + 1]; i > b + 1; i--) if (alive[blocks[i]]) postings[--w] = blocks[i];
      }
      at = end;
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
    this.blocksUsed = 0;
    this.chained = 0;
  }

  /** Chained postings of live subjects of the key whose record starts at r. */
  private chainedAlive(r: number, alive: Uint8Array): number {
    const { byKey, blocks } = this;
    let c = 0;
    for (let h = byKey[r + 2]; h !== 0; h = blocks[BLOCK_FIELDS * (h - 1)]) {
      const b = BLOCK_FIELDS * (h - 1);
      for (let i = b + 2; i < b + 2 + blocks[b + 1]; i++) c += alive[blocks[i]];
    }
    return c;
  }

  private clearChains(): void {
    for (let n = 0; n < this.blocksUsed; n++) {
      const r = this.blockKeys[n] * KEY_FIELDS;
      this.byKey[r + 2] = 0;
      this.byKey[r + 3] = 0;
    }
    this.blocksUsed = 0;
    this.chained = 0;
  }
}

/** Postings chained before a compaction: enough to amortise its pass over every key, few enough to keep chain walks rare. */
const CHAIN_MAX = 1 << 21;
