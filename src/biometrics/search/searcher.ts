import { compareTemplates, prepareTemplate, unpackCandidate, type PreparedTemplate } from '../match/index.ts';
import { SEARCH_CANDIDATES, SEARCH_DEEPER_CANDIDATES, SEARCH_INDEX_POSITIONS, SEARCH_PREPARED_CACHE, SEARCH_STOP_SHARE, SEARCH_TEN_FINGERS_FROM, SEARCH_THRESHOLD, SEARCH_THRESHOLD_TEN, SEARCH_VERIFY_POSITIONS } from '../parameters.ts';
import type { FingerTemplate } from '../template/types.ts';
import { readFinger, SLOTS, type GalleryArrays } from './gallery-arrays.ts';
import { BLOCK_FIELDS, KEY_FIELDS, type RecentView } from './recent-index.ts';
import { TRIPLET_KEYS, triplets } from './triplets.ts';

/**
 * A candidate by subject number: fused score (the verify positions'), the ten-finger sum where the
 * second look was taken (else NaN), each position's score by position - 1 (NaN when not compared),
 * pre-selection votes.
 */
export interface RawCandidate {
  subject: number;
  score: number;
  tenScore: number;
  fingerScores: number[];
  votes: number;
}

/**
 * The vote loop's look-ahead: the postings of the key this many keys on are touched, up to
 * LOOKAHEAD_POSTINGS of them, one load per 64-byte line (16 postings).
 */
const LOOKAHEAD = 8;
const LOOKAHEAD_POSTINGS = 128;
const POSTINGS_PER_LINE = 16;

/** Positions compared only in the second look (see SEARCH_TEN_FINGERS_FROM). */
const OTHER_POSITIONS = Array.from({ length: SLOTS }, (_, i) => i + 1).filter((p) => !SEARCH_VERIFY_POSITIONS.includes(p));

/**
 * A probe's fingers, each prepared for comparison on first use: the verify positions always, the
 * others only for a candidate that gets the second look. `tenFingers`: whether it may (template-path
 * probes; see SEARCH_TEN_FINGERS_FROM).
 */
export class PreparedProbe {
  private prepared: (PreparedTemplate | null | undefined)[] = new Array(SLOTS + 1);

  constructor(
    private readonly fingers: readonly (FingerTemplate | undefined)[],
    readonly tenFingers: boolean,
  ) {}

  at(position: number): PreparedTemplate | undefined {
    let p = this.prepared[position];
    if (p === undefined) {
      const t = this.fingers[position];
      p = this.prepared[position] = t ? prepareTemplate(t) : null;
    }
    return p ?? undefined;
  }
}

export interface RawResult {
  /** Best fused score first. */
  candidates: RawCandidate[];
  comparisons: number;
  /** Time spent in pre-selection and in 1:1 verification, milliseconds. */
  preselectMs: number;
  verifyMs: number;
}

/**
 * Search over one gallery's arrays, with this thread's scratch (vote counters, prepared-finger
 * cache). Not safe to share between threads: give each thread its own GallerySearcher over the
 * same shared arrays.
 *
 * Stage 1, pre-selection: each probe finger of an index position looks up its triplet keys; every
 * gallery subject whose same finger has the key gets a vote (keys most of the gallery has are
 * skipped: stop words); votes are divided by the square root of the subject's key count, since
 * subjects with many keys collect more chance votes. Stage 2: the best `candidates` subjects are
 * compared 1:1 on the verify positions and the finger scores summed (the fused subject score); for a
 * template-path probe, the next ones up to SEARCH_DEEPER_CANDIDATES too when those give no hit.
 */
export class GallerySearcher {
  private votes = new Uint16Array(0);
  /** Per probe key of one position: its postings' ranges in the main index and the recent part, its newest chain block + 1. */
  private from = new Uint32Array(0);
  private to = new Uint32Array(0);
  private fromR = new Int32Array(0);
  private toR = new Int32Array(0);
  private chain = new Int32Array(0);
  /** The postings touched ahead, xor-ed (kept so the loads are not optimised away; means nothing). */
  private touched = 0;
  /** Prepared gallery fingers (not packed in the gallery) most recently compared, by slot, oldest first. */
  private prepared = new Map<number, PreparedTemplate>();

  /** `cacheSize`: prepared gallery fingers kept (~10 kB each) of the positions the gallery does not keep packed. */
  constructor(
    private g: GalleryArrays,
    private cacheSize = SEARCH_PREPARED_CACHE,
  ) {}

  private grow(n: number): void {
    this.from = new Uint32Array(n);
    this.to = new Uint32Array(n);
    this.fromR = new Int32Array(n);
    this.toR = new Int32Array(n);
    this.chain = new Int32Array(n);
  }

  /** Points the searcher at new arrays (the gallery grew): the prepared cache stays valid, slots do not move. */
  use(g: GalleryArrays): void {
    this.g = g;
  }

  /** Drops a removed subject's prepared fingers. */
  forget(subject: number): void {
    for (let s = 0; s < SLOTS; s++) this.prepared.delete(subject * SLOTS + s);
  }

  /**
   * Searches the probe's fingers (indexed by position 1..10, missing ones undefined). Subjects not
   * alive are never returned. `live` is the number of live subjects (sets the stop-word length);
   * `recent`, postings not yet merged into the main index; `keys`, the probe's index keys by index
   * position when already computed; `tenFingers`, whether close calls get the second look.
   */
  search(
    probe: readonly (FingerTemplate | undefined)[],
    live: number,
    candidates = SEARCH_CANDIDATES,
    recent?: RecentView | null,
    keys?: readonly (Uint32Array | undefined)[],
    tenFingers = true,
  ): RawResult {
    const t0 = performance.now();
    const g = this.g;
    if (this.votes.length < g.subjects) {
      this.votes = new Uint16Array(Math.max(1024, g.subjects * 2));
    }
    const votes = this.votes;
    const subjects = g.subjects;
    const stopLength = Math.max(50, live * SEARCH_STOP_SHARE);
    const { offsets, postings } = g;
    const indexed = offsets.length - 1;
    const rKeys = recent?.byKey;
    const rPostings = recent?.postings;
    const blocks = recent?.blocks;
    let touched = this.touched;
    // A subject is in a key's postings at most once and a probe's keys are distinct, so a vote
    // counter never passes the probe's key count, kept under 65,536: the counters need no
    // saturation test, and the subjects voted for are found by one pass over the counters
    // afterwards (no test per posting read).
    let budget = 65_535;
    for (let k = 0; k < SEARCH_INDEX_POSITIONS.length; k++) {
      const t = probe[SEARCH_INDEX_POSITIONS[k]];
      if (!t) continue;
      const all = keys?.[k] ?? triplets(t);
      const list = all.length > budget ? all.subarray(0, budget) : all;
      budget -= list.length;
      const m = list.length;
      if (this.from.length < m) this.grow(m);
      const { from, to, fromR, toR, chain } = this;
      // Where each key's postings are, gathered first: these reads are independent, so their cache
      // misses overlap, where read key by key each would wait behind the voting before it.
      // Keys most fingers share say nothing about who this is (stop words; every tier counts): an empty range.
      for (let j = 0; j < m; j++) {
        const full = k * TRIPLET_KEYS + list[j];
        const f = full < indexed ? offsets[full] : 0;
        const e = full < indexed ? offsets[full + 1] : 0;
        const r = full * KEY_FIELDS;
        const stop = e - f + (rKeys ? rKeys[r + 1] - rKeys[r] + rKeys[r + 3] : 0) > stopLength;
        from[j] = f;
        to[j] = stop ? f : e;
        if (!rKeys) continue;
        fromR[j] = rKeys[r];
        toR[j] = stop ? rKeys[r] : rKeys[r + 1];
        chain[j] = stop ? 0 : rKeys[r + 2];
      }
      for (let j = 0; j < m; j++) {
        // The main index's postings of the key LOOKAHEAD on, touched (a load per cache line, its
        // value unused) while this key's are counted: the list is in cache by its turn.
        if (j + LOOKAHEAD < m) {
          const f = from[j + LOOKAHEAD];
          const e = Math.min(to[j + LOOKAHEAD], f + LOOKAHEAD_POSTINGS);
          for (let i = f; i < e; i += POSTINGS_PER_LINE) touched ^= postings[i];
          // And the first line of its compacted recent postings and of its newest chain block.
          if (rKeys) {
            if (fromR[j + LOOKAHEAD] < toR[j + LOOKAHEAD]) touched ^= rPostings![fromR[j + LOOKAHEAD]];
            if (chain[j + LOOKAHEAD] !== 0) touched ^= blocks![BLOCK_FIELDS * (chain[j + LOOKAHEAD] - 1)];
          }
        }
        for (let i = from[j], e = to[j]; i < e; i++) votes[postings[i]]++;
        if (!rKeys) continue;
        for (let i = fromR[j], e = toR[j]; i < e; i++) votes[rPostings![i]]++;
        // Chains may have grown since this view was taken (pinned gallery): newer subjects are skipped.
        for (let h = chain[j]; h !== 0; h = blocks![BLOCK_FIELDS * (h - 1)]) {
          const b = BLOCK_FIELDS * (h - 1);
          for (let i = b + 2, end = b + 2 + blocks![b + 1]; i < end; i++) {
            const s = blocks![i];
            if (s < subjects) votes[s]++;
          }
        }
      }
    }
    this.touched = touched;
    // Best-voted live subjects: a bounded heap, worst at the root; votes reset as read. Equal votes
    // rank by subject number, so the result does not depend on the order the index tiers were read in.
    // A template-path probe keeps SEARCH_DEEPER_CANDIDATES, verified past the first `candidates` when those give no hit;
    // the result is the best `candidates` by fused score either way.
    const kept = tenFingers ? Math.max(candidates, SEARCH_DEEPER_CANDIDATES) : candidates;
    const heapN = new Int32Array(kept);
    const heapV = new Float64Array(kept);
    let size = 0;
    for (let s = 0; s < subjects; s++) {
      if (votes[s] === 0) continue;
      const v = votes[s] / Math.sqrt(g.keyCount[s] + 1);
      votes[s] = 0;
      if (!g.alive[s]) continue;
      if (size < kept) {
        let j = size++;
        while (j > 0) {
          const p = (j - 1) >> 1;
          if (!ahead(heapV[p], heapN[p], v, s)) break;
          heapN[j] = heapN[p];
          heapV[j] = heapV[p];
          j = p;
        }
        heapN[j] = s;
        heapV[j] = v;
      } else if (ahead(v, s, heapV[0], heapN[0])) {
        let j = 0;
        for (;;) {
          const l = 2 * j + 1;
          if (l >= size) break;
          const c = l + 1 < size && ahead(heapV[l], heapN[l], heapV[l + 1], heapN[l + 1]) ? l + 1 : l;
          if (ahead(heapV[c], heapN[c], v, s)) break;
          heapN[j] = heapN[c];
          heapV[j] = heapV[c];
          j = c;
        }
        heapN[j] = s;
        heapV[j] = v;
      }
    }
    const t1 = performance.now();
    const probes = new PreparedProbe(probe, tenFingers);
    const ranked = Array.from({ length: size }, (_, c) => c).sort((a, b) => (ahead(heapV[a], heapN[a], heapV[b], heapN[b]) ? -1 : 1));
    const out: RawCandidate[] = [];
    let hit = false;
    for (let r = 0; r < size; r++) {
      if (r === candidates && hit) break;
      const c = this.verify(probes, heapN[ranked[r]], heapV[ranked[r]]);
      hit ||= reachesThreshold(c);
      out.push(c);
    }
    const comparisons = countComparisons(out);
    out.sort((a, b) => strongerFirst(a, b) || a.subject - b.subject);
    return { candidates: out.slice(0, candidates), comparisons, preselectMs: t1 - t0, verifyMs: performance.now() - t1 };
  }

  /**
   * Stage 1 for the subjects numbered `since` and up only (those enrolled after a pooled search
   * read the gallery): their pre-selection scores, as search() computes them, best first. Postings
   * are in enrolment order (compressed lists ascending, chains newest first), so only each list's
   * newest postings are read; when `chainsOnly` (every posting of those subjects is still in the
   * chains), a key without one of them costs one look-up.
   */
  preselectSince(keys: readonly (Uint32Array | undefined)[], since: number, live: number, recent: RecentView | null | undefined, chainsOnly: boolean): { subject: number; votes: number }[] {
    const g = this.g;
    if (since >= g.subjects) return [];
    if (this.votes.length < g.subjects) this.votes = new Uint16Array(Math.max(1024, g.subjects * 2));
    const votes = this.votes;
    const stopLength = Math.max(50, live * SEARCH_STOP_SHARE);
    const { offsets, postings } = g;
    const indexed = offsets.length - 1;
    const blocks = recent?.blocks;
    for (let k = 0; k < keys.length; k++) {
      const list = keys[k];
      if (!list) continue;
      const m = list.length;
      if (chainsOnly) {
        // Most keys have none of the newest subjects, told by the newest posting of their newest
        // block: each key's block, then that posting, read for all keys first (independent reads,
        // so their cache misses overlap); a key that has none is left with chain 0.
        if (this.chain.length < m) this.grow(m);
        const chain = this.chain;
        for (let j = 0; j < m; j++) chain[j] = recent!.byKey[(k * TRIPLET_KEYS + list[j]) * KEY_FIELDS + 2];
        for (let j = 0; j < m; j++) {
          const b = BLOCK_FIELDS * (chain[j] - 1);
          if (chain[j] !== 0 && blocks![b + 1 + blocks![b + 1]] < since) chain[j] = 0;
        }
        for (let j = 0; j < m; j++) {
          if (chain[j] === 0 || postingCount(g, recent, k * TRIPLET_KEYS + list[j]) > stopLength) continue;
          voteNewest(votes, blocks!, chain[j], since);
        }
        continue;
      }
      for (let j = 0; j < m; j++) {
        const full = k * TRIPLET_KEYS + list[j];
        if (postingCount(g, recent, full) > stopLength) continue;
        const from = full < indexed ? offsets[full] : 0;
        for (let i = (full < indexed ? offsets[full + 1] : 0) - 1; i >= from && postings[i] >= since; i--) votes[postings[i]]++;
        if (!recent) continue;
        const r = full * KEY_FIELDS;
        for (let i = recent.byKey[r + 1] - 1, fromR = recent.byKey[r]; i >= fromR && recent.postings[i] >= since; i--) votes[recent.postings[i]]++;
        voteNewest(votes, blocks!, recent.byKey[r + 2], since);
      }
    }
    const out: { subject: number; votes: number }[] = [];
    for (let s = since; s < g.subjects; s++) {
      if (votes[s] === 0) continue;
      if (g.alive[s]) out.push({ subject: s, votes: votes[s] / Math.sqrt(g.keyCount[s] + 1) });
      votes[s] = 0;
    }
    return out.sort((a, b) => b.votes - a.votes || a.subject - b.subject);
  }

  /**
   * Stage 2 for one subject: the verify positions compared 1:1 and summed (see search()); a close
   * call below SEARCH_THRESHOLD gets the second look (its other fingers too, see SEARCH_TEN_FINGERS_FROM).
   */
  verify(probe: PreparedProbe, subject: number, votes = 0): RawCandidate {
    const fingerScores = new Array<number>(SLOTS).fill(Number.NaN);
    const score = this.sum(probe, subject, SEARCH_VERIFY_POSITIONS, fingerScores);
    const close = probe.tenFingers && score >= SEARCH_TEN_FINGERS_FROM && score < SEARCH_THRESHOLD;
    const tenScore = close ? score + this.sum(probe, subject, OTHER_POSITIONS, fingerScores) : Number.NaN;
    return { subject, score, tenScore, fingerScores, votes };
  }

  /** The scores of these positions of the subject against the probe, into fingerScores, summed. */
  private sum(probe: PreparedProbe, subject: number, positions: readonly number[], fingerScores: number[]): number {
    let score = 0;
    for (const pos of positions) {
      const p = probe.at(pos);
      if (!p) continue;
      const gallery = this.preparedFinger(subject * SLOTS + pos - 1);
      if (!gallery) continue;
      fingerScores[pos - 1] = compareTemplates(p, gallery);
      score += fingerScores[pos - 1];
    }
    return score;
  }

  /** A gallery finger prepared for comparison: packed in the gallery (verify positions), else from a bounded cache. */
  private preparedFinger(slot: number): PreparedTemplate | undefined {
    const packed = slot < this.g.slotPrepared.length ? this.g.slotPrepared[slot] : 0;
    if (packed !== 0) return unpackCandidate(this.g.prepared, (packed - 1) * 4);
    let p = this.prepared.get(slot);
    if (p) {
      this.prepared.delete(slot);
    } else {
      const t = readFinger(this.g, slot);
      if (!t) return undefined;
      p = prepareTemplate(t);
      if (this.cacheSize === 0) return p;
      if (this.prepared.size >= this.cacheSize) this.prepared.delete(this.prepared.keys().next().value!);
    }
    this.prepared.set(slot, p);
    return p;
  }
}

/** Votes for the chain's postings of subjects `since` and up: newest first, the newest block's from its last, then the block before it. */
function voteNewest(votes: Uint16Array, blocks: Int32Array, head: number, since: number): void {
  for (let h = head; h !== 0; h = blocks[BLOCK_FIELDS * (h - 1)]) {
    const b = BLOCK_FIELDS * (h - 1);
    for (let i = b + 1 + blocks[b + 1]; i > b + 1; i--) {
      if (blocks[i] < since) return;
      votes[blocks[i]]++;
    }
  }
}

/** Postings of index key `full` in every tier (main index, compacted recent part, chains): what the stop-word test counts. */
function postingCount(g: GalleryArrays, recent: RecentView | null | undefined, full: number): number {
  const o = g.offsets;
  const main = full < o.length - 1 ? o[full + 1] - o[full] : 0;
  if (!recent) return main;
  const r = full * KEY_FIELDS;
  return main + recent.byKey[r + 1] - recent.byKey[r] + recent.byKey[r + 3];
}

/** Whether pre-selection score v1 of subject s1 ranks before v2 of s2 (ties: the lower subject number). */
function ahead(v1: number, s1: number, v2: number, s2: number): boolean {
  return v1 > v2 || (v1 === v2 && s1 < s2);
}

/**
 * Whether a candidate reaches SEARCH_THRESHOLD on four fingers or SEARCH_THRESHOLD_TEN on ten: the
 * lowest bars a hit can pass (the gallery decides by the pair's own, see decisionThreshold), so what
 * the searcher can tell without knowing how the record's prints were taken.
 */
function reachesThreshold(c: { score: number; tenScore?: number }): boolean {
  return c.score >= SEARCH_THRESHOLD || (c.tenScore ?? Number.NaN) >= SEARCH_THRESHOLD_TEN;
}

/**
 * Candidate order: those that reach a threshold (reachesThreshold) first, then by fused score, so a
 * mate found by its ten fingers is not cut from a list of the best few by higher-scoring
 * non-mates. (Prints extracted from images have higher thresholds still, which only ever reach
 * above SEARCH_THRESHOLD: among them the order is the fused score's.)
 */
export function strongerFirst(a: { score: number; tenScore?: number }, b: { score: number; tenScore?: number }): number {
  return Number(reachesThreshold(b)) - Number(reachesThreshold(a)) || b.score - a.score;
}

/** 1:1 comparisons made for these candidates (a finger scored NaN was not compared). */
export function countComparisons(candidates: readonly RawCandidate[]): number {
  let n = 0;
  for (const c of candidates) for (const s of c.fingerScores) if (!Number.isNaN(s)) n++;
  return n;
}
