import { sharedArray } from './gallery-arrays.ts';

/** The arrays a search reads (see RecentIndex); shared memory, so a view posted to a worker thread is the index itself. */
export interface RecentView {
  offsets: Uint32Array | null;
  postings: Uint32Array;
  head: Int32Array;
  chainCount: Uint32Array;
  next: Int32Array;
  chainSubjects: Uint32Array;
}

/**
 * Postings of the enrolments since the gallery's last full merge, searched beside its main index.
 * A full merge rewrites the main index (every posting), so it can only be afforded geometrically
 * (when the recent postings are a fair share of the main ones); until then the recent ones live
 * here, in two parts:
 *
 * - per-key chains of the newest postings: adding one is O(1) (head[key] is the last posting of the
 *   key + 1, next[i] the one before it + 1, 0 ends a chain; zeroed memory is an empty chain, so the
 *   tables cost nothing until touched);
 * - a compressed-row index (offsets/postings, as the main index) of the older ones: when the chains
 *   hold CHAIN_MAX postings they are compacted into it, since walking a chain reads scattered memory.
 *
 * Searched by GallerySearcher through view(); every array is shared memory (SearchPool threads
 * read it in place).
 */
export class RecentIndex implements RecentView {
  /** The compacted part: subjects of key k are postings[offsets[k] .. offsets[k + 1]); null before the first compaction. */
  offsets: Uint32Array | null = null;
  postings = sharedArray(Uint32Array, 0);
  readonly head: Int32Array;
  readonly chainCount: Uint32Array;
  next = sharedArray(Int32Array, 0);
  chainSubjects = sharedArray(Uint32Array, 0);
  private chainKeys = new Uint32Array(0);
  private chained = 0;
  /** Chain capacity: past chainMax, room for the postings added while a compaction must wait. */
  private readonly capacity: number;

  constructor(
    readonly keys: number,
    private readonly chainMax = CHAIN_MAX,
  ) {
    this.head = sharedArray(Int32Array, keys);
    this.chainCount = sharedArray(Uint32Array, keys);
    this.capacity = chainMax + Math.max(64, chainMax >> 2);
  }

  /** The arrays as they are now (compaction replaces some: take a new view after a change). */
  view(): RecentView {
    const { offsets, postings, head, chainCount, next, chainSubjects } = this;
    return { offsets, postings, head, chainCount, next, chainSubjects };
  }

  /** The first subject in the chains (postings of it and every later one are all there), or Infinity when they are empty. */
  get chainsFrom(): number {
    return this.chained > 0 ? this.chainSubjects[0] : Infinity;
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
    if (this.chained === this.chainSubjects.length) {
      if (this.chained === this.capacity) throw new Error(`recent index: ${this.chained} chained postings while a search reads them`);
      // Allocated whole on first use (memory the process only pays for as it is written).
      this.next = sharedArray(Int32Array, this.capacity);
      this.chainSubjects = sharedArray(Uint32Array, this.capacity);
      this.chainKeys = new Uint32Array(this.capacity);
    }
    const i = this.chained++;
    this.chainSubjects[i] = subject;
    this.chainKeys[i] = key;
    this.next[i] = this.head[key];
    Atomics.store(this.head, key, i + 1);
    this.chainCount[key]++;
  }

  /** The chains moved into the compressed-row part; postings of subjects no longer alive dropped. */
  compact(alive: Uint8Array): void {
    const K = this.keys;
    const old = this.offsets;
    const offsets = sharedArray(Uint32Array, K + 1);
    for (let k = 0; k < K; k++) {
      let c = 0;
      if (old) for (let i = old[k]; i < old[k + 1]; i++) c += alive[this.postings[i]];
      for (let i = this.head[k]; i !== 0; i = this.next[i - 1]) c += alive[this.chainSubjects[i - 1]];
      offsets[k + 1] = offsets[k] + c;
    }
    const postings = sharedArray(Uint32Array, offsets[K]);
    for (let k = 0; k < K; k++) {
      let at = offsets[k];
      if (old) {
        for (let i = old[k]; i < old[k + 1]; i++) {
          const s = this.postings[i];
          if (alive[s]) postings[at++] = s;
        }
      }
      // Chains run newest first; written oldest first, as a merge in enrolment order would.
      const end = offsets[k + 1];
      for (let i = this.head[k], w = end; i !== 0; i = this.next[i - 1]) {
        const s = this.chainSubjects[i - 1];
        if (alive[s]) postings[--w] = s;
      }
    }
    this.offsets = offsets;
    this.postings = postings;
    this.clearChains();
  }

  /** Empties the index (after a full merge took everything into the main one). */
  clear(): void {
    this.offsets = null;
    this.postings = sharedArray(Uint32Array, 0);
    this.clearChains();
  }

  private clearChains(): void {
    for (let i = 0; i < this.chained; i++) {
      this.head[this.chainKeys[i]] = 0;
      this.chainCount[this.chainKeys[i]] = 0;
    }
    this.chained = 0;
  }
}

/** Postings chained before a compaction: enough to amortise its pass over every key, few enough to keep chain walks rare. */
const CHAIN_MAX = 1 << 21;
