import { packCandidate, packedCandidateBytes, prepareTemplate } from '../match/index.ts';
import { SEARCH_CANDIDATES, SEARCH_INDEX_POSITIONS, SEARCH_THRESHOLD, SEARCH_THRESHOLD_BOTH_EXTRACTED, SEARCH_THRESHOLD_ONE_EXTRACTED, SEARCH_THRESHOLD_TEN, SEARCH_VERIFY_POSITIONS } from '../parameters.ts';
import type { FingerTemplate } from '../template/types.ts';
import { grown, readFinger, sharedArray, SLOTS, writeFinger, type GalleryArrays } from './gallery-arrays.ts';
import { KEY_FIELDS, RecentIndex, type RecentView } from './recent-index.ts';
import { countComparisons, GallerySearcher, PreparedProbe, strongerFirst, type RawCandidate, type RawResult } from './searcher.ts';
import { TRIPLET_KEYS, triplets } from './triplets.ts';

/** One candidate of a search: subject id, fused score, the ten-finger sum if the second look was taken, and each compared finger's score by position. */
export interface Candidate {
  id: string;
  score: number;
  tenScore?: number;
  fingerScores: Record<number, number>;
  votes: number;
}

export interface SearchResult {
  /** Ranked best first (at most SEARCH_CANDIDATES). */
  candidates: Candidate[];
  /** The best candidate that reaches the threshold for its pair (decisionThreshold; or the ten-finger one, SEARCH_THRESHOLD_TEN), else null. */
  hit: Candidate | null;
  comparisons: number;
}

/** A search made on another thread (SearchPool): its result, and the gallery's next subject number when the search read it. */
export interface PooledResult extends SearchResult {
  since: number;
}

/**
 * The decision threshold on a fused score, by how many of the pair's prints were extracted from
 * images (the probe, the record): rendered impostors score higher than the template path's.
 */
export function decisionThreshold(probeExtracted: boolean, recordExtracted: boolean): number {
  if (probeExtracted && recordExtracted) return SEARCH_THRESHOLD_BOTH_EXTRACTED;
  return probeExtracted || recordExtracted ? SEARCH_THRESHOLD_ONE_EXTRACTED : SEARCH_THRESHOLD;
}

/** Keys of the compressed index: every triplet key of every index position. */
export const INDEX_KEYS = SEARCH_INDEX_POSITIONS.length * TRIPLET_KEYS;
let galleries = 0;

/** What a search on another thread reads: the gallery's arrays as they stand (shared memory). */
export interface GalleryView {
  /** Which gallery (a thread keeps one searcher, and its prepared-finger cache, per gallery). */
  gallery: number;
  arrays: GalleryArrays;
  recent: RecentView | null;
  live: number;
}

/**
 * Recent postings that make an enrolment merge them into the main index, at least: the merge
 * rewrites every posting, so it waits until the recent ones are an eighth of the main ones too (and
 * every compaction of the recent ones rewrites them: they are kept small).
 */
const MERGE_AT = 1 << 22;

/**
 * A tenprint gallery and its search. Per subject up to ten finger templates by position (1..10),
 * packed in shared typed arrays (see gallery-arrays.ts: ~8 bytes per minutia, 4 bytes per index
 * posting); search in two stages as in tenprint AFIS (see GallerySearcher). Enrolments go to the
 * recent postings (RecentIndex), searched beside the main compressed index and merged into it
 * geometrically (the merge also drops removed subjects' postings): enrolment costs amortised linear
 * time however searches and enrolments interleave.
 *
 * Scores: the fused score is the sum of the verify positions' 1:1 scores (see compareTemplates);
 * the decision threshold on it is calibrated to a false positive identification rate
 * (SEARCH_THRESHOLD, re-derived by `scomm bench search`). Not safe for concurrent use; for search
 * on worker threads see SearchPool, whose threads read the gallery's shared arrays in place while
 * this thread goes on enrolling (see pin()).
 */
export class TenprintGallery {
  readonly id = galleries++;
  private pins = 0;
  private ids: (string | undefined)[] = [];
  private byId = new Map<string, number>();
  /** Subjects whose prints were extracted from images (see decisionThreshold); the others are template-path records. */
  private extracted = new Set<number>();
  private g: GalleryArrays = {
    subjects: 0,
    alive: sharedArray(Uint8Array, 64),
    keyCount: sharedArray(Uint32Array, 64),
    slotInfo: sharedArray(Uint16Array, 64 * SLOTS * 4),
    slotQuality: sharedArray(Uint8Array, 64 * SLOTS),
    slotStart: sharedArray(Uint32Array, 64 * SLOTS),
    minutiae: sharedArray(Uint16Array, 64 * SLOTS * 4 * 50),
    minutiaeUsed: 0,
    offsets: new Uint32Array(1),
    postings: new Uint32Array(0),
    slotPrepared: sharedArray(Uint32Array, 64 * SLOTS),
    prepared: sharedArray(Uint8Array, 64 * SEARCH_VERIFY_POSITIONS.length * 3000),
    preparedUsed: 0,
  };
  private recent = new RecentIndex(INDEX_KEYS);
  private searcher = new GallerySearcher(this.g);
  /** Index keys of probes searched, by fingers array: a probe enrolled after its search (a new record) is not keyed twice. */
  private probeKeys = new WeakMap<readonly FingerTemplate[], (Uint32Array | undefined)[]>();

  /** Live (enrolled, not removed) subjects. */
  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Enrols (or replaces) a subject's fingers; templates carry their fingerPosition (others are ignored). `extracted`: from images. */
  enrol(id: string, fingers: FingerTemplate[], extracted = false): void {
    this.enrolWithKeys(id, fingers, this.probeKeys.get(fingers) ?? indexKeys(byFingerPosition(fingers)), extracted);
  }

  /**
   * enrol() with the index keys already computed by indexKeys() (for instance on worker threads
   * during a bulk build: the keys are most of an enrolment's cost).
   */
  enrolWithKeys(id: string, fingers: FingerTemplate[], keys: readonly (readonly number[] | Uint32Array | undefined)[], extracted = false): void {
    if (this.byId.has(id)) this.remove(id);
    const byPosition = byFingerPosition(fingers);
    const g = this.g;
    const n = g.subjects;
    const need = n + 1;
    g.alive = grown(g.alive, need);
    g.keyCount = grown(g.keyCount, need);
    g.slotInfo = grown(g.slotInfo, need * SLOTS * 4);
    g.slotQuality = grown(g.slotQuality, need * SLOTS);
    g.slotStart = grown(g.slotStart, need * SLOTS);
    let count = 0;
    for (let pos = 1; pos <= SLOTS; pos++) count += byPosition[pos]?.minutiae.length ?? 0;
    g.minutiae = grown(g.minutiae, g.minutiaeUsed + count * 4);
    for (let pos = 1; pos <= SLOTS; pos++) {
      const t = byPosition[pos];
      if (t) g.minutiaeUsed = writeFinger(g, n * SLOTS + pos - 1, t, g.minutiaeUsed);
    }
    // The verify positions prepared as every search would prepare them: from the stored form.
    g.slotPrepared = grown(g.slotPrepared, need * SLOTS);
    for (const pos of SEARCH_VERIFY_POSITIONS) {
      const slot = n * SLOTS + pos - 1;
      const t = readFinger(g, slot);
      if (!t) continue;
      const p = prepareTemplate(t);
      g.prepared = grown(g.prepared, g.preparedUsed + packedCandidateBytes(p));
      g.slotPrepared[slot] = g.preparedUsed / 4 + 1;
      g.preparedUsed = packCandidate(p, g.prepared, g.preparedUsed);
    }
    let total = 0;
    g.alive[n] = 1;
    keys.forEach((list, k) => {
      if (!list) return;
      this.recent.addAll(k * TRIPLET_KEYS, list, n, g.alive, this.pins > 0);
      total += list.length;
    });
    g.keyCount[n] = total;
    g.subjects = need;
    this.ids.push(id);
    this.byId.set(id, n);
    if (extracted) this.extracted.add(n);
    this.searcher.use(g);
    this.mergeIfDue();
  }

  /** The full merge, when the recent postings have grown past their share and no thread reads the index (else it waits for the last one to finish). */
  private mergeIfDue(): void {
    if (this.pins === 0 && this.recent.size > Math.max(MERGE_AT, this.g.postings.length / 8)) this.merge();
  }

  remove(id: string): boolean {
    const n = this.byId.get(id);
    if (n === undefined) return false;
    this.byId.delete(id);
    this.extracted.delete(n);
    this.ids[n] = undefined;
    this.g.alive[n] = 0;
    this.searcher.forget(n);
    return true;
  }

  /** Candidates for the probe, best first, and the decision (`probeExtracted`: the probe's prints were extracted from images). */
  search(probe: readonly FingerTemplate[], probeExtracted = false, candidates = SEARCH_CANDIDATES): SearchResult {
    const byPosition = byFingerPosition(probe);
    const keys = indexKeys(byPosition);
    this.probeKeys.set(probe, keys);
    const raw = this.searcher.search(byPosition, this.size, candidates, this.recent.size > 0 ? this.recent : undefined, keys, !probeExtracted);
    return this.named(raw, probeExtracted);
  }

  /**
   * The gallery as a search on another thread reads it, until `release()`. Meanwhile enrolments
   * and removals go on: new subjects' postings are appended where that search skips them (numbers
   * from `since` up: withLater brings its result up to date with them), a removal shows to it or
   * not (named() drops removed candidates); what would move or clear the arrays it reads (a chain
   * compaction, a merge) waits for the last release, and restore() throws.
   */
  pin(): GalleryView & { since: number; release: () => void } {
    this.pins++;
    let held = true;
    const release = () => {
      if (held && --this.pins === 0) this.mergeIfDue();
      held = false;
    };
    return { gallery: this.id, arrays: this.g, recent: this.recent.size > 0 ? this.recent.view() : null, live: this.size, since: this.g.subjects, release };
  }

  /**
   * A pooled search's result brought up to date with the subjects enrolled since it read the
   * gallery (numbers from its `since`): it ran against the gallery as it stood, and the caller may
   * have enrolled since (earlier messages of the same batch). The later subjects are pre-selected
   * as a search would now (the probe's index keys against their postings only); those that would
   * have made the candidate list are compared 1:1 and join the ranking by their fused score.
   */
  withLater(result: PooledResult, probe: readonly FingerTemplate[], probeExtracted = false, candidates = SEARCH_CANDIDATES): SearchResult {
    const g = this.g;
    if (result.since >= g.subjects) return result;
    const byPosition = byFingerPosition(probe);
    const keys = this.probeKeys.get(probe) ?? indexKeys(byPosition);
    // A later subject is verified when its pre-selection score beats the worst of the pooled
    // candidates (or the pooled search found fewer than `candidates`).
    const worst = result.candidates.length < candidates ? -Infinity : Math.min(...result.candidates.map((c) => c.votes));
    const chosen = this.searcher
      .preselectSince(keys, result.since, this.size, this.recent.size > 0 ? this.recent : undefined, result.since >= this.recent.chainsFrom)
      .filter((c) => c.votes > worst)
      .slice(0, candidates);
    if (chosen.length === 0) return result;
    const probes = new PreparedProbe(byPosition, !probeExtracted);
    const later = chosen.map((c) => this.searcher.verify(probes, c.subject, c.votes));
    const comparisons = countComparisons(later);
    const ranked = [...result.candidates, ...this.named({ candidates: later, comparisons, preselectMs: 0, verifyMs: 0 }).candidates].sort(strongerFirst).slice(0, candidates);
    const hit = ranked.find((c) => this.decides(c, probeExtracted, this.byId.get(c.id))) ?? null;
    return { candidates: ranked, hit, comparisons: result.comparisons + comparisons };
  }

  /** A probe's index keys computed on another thread, kept for its enrolment (as search() keeps its own). */
  keep(probe: readonly FingerTemplate[], keys: (Uint32Array | undefined)[]): void {
    this.probeKeys.set(probe, keys);
  }

  /** Subject id of a subject number (undefined once removed). */
  idOf(subject: number): string | undefined {
    return this.ids[subject];
  }

  /** Subject number of an id (for SearchPool results and ground truth). */
  numberOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  /** The gallery's arrays with every enrolment merged into the main index (what a gallery file holds). */
  arrays(): GalleryArrays {
    if (this.recent.size > 0) this.merge();
    return this.g;
  }

  /** Replaces the contents with arrays read back from a file (see gallery-file.ts); ids by subject number, undefined = removed; every subject a template-path record (files do not say). */
  restore(g: GalleryArrays, ids: (string | undefined)[]): void {
    this.unpinned();
    this.g = g;
    this.ids = ids;
    this.byId = new Map();
    this.extracted = new Set();
    ids.forEach((id, n) => {
      if (id !== undefined && g.alive[n]) this.byId.set(id, n);
    });
    this.recent = new RecentIndex(INDEX_KEYS);
    this.searcher = new GallerySearcher(g);
  }

  /** Raw result -> ids, rounded scores by position, the decision. */
  named(raw: RawResult, probeExtracted = false): SearchResult {
    const round = (v: number) => Math.round(v * 10) / 10;
    // A subject removed while a pooled search read the gallery may be among its candidates.
    const alive = raw.candidates.filter((c) => this.g.alive[c.subject]);
    const candidates = alive.map((c): Candidate => {
      const fingerScores: Record<number, number> = {};
      c.fingerScores.forEach((v, f) => {
        if (!Number.isNaN(v)) fingerScores[f + 1] = round(v);
      });
      return { id: this.ids[c.subject] ?? `#${c.subject}`, score: round(c.score), ...(Number.isNaN(c.tenScore) ? {} : { tenScore: round(c.tenScore) }), fingerScores, votes: c.votes };
    });
    const at = alive.findIndex((c) => this.decides(c, probeExtracted, c.subject));
    return { candidates, hit: at >= 0 ? candidates[at] : null, comparisons: raw.comparisons };
  }

  /**
   * Whether a candidate (subject number `subject`) is a hit for the probe: its fused score reaches
   * the threshold for the pair, or, template path on both sides, its ten-finger sum reaches
   * SEARCH_THRESHOLD_TEN.
   */
  private decides(c: { score: number; tenScore?: number }, probeExtracted: boolean, subject: number | undefined): boolean {
    const recordExtracted = subject !== undefined && this.extracted.has(subject);
    if (c.score >= decisionThreshold(probeExtracted, recordExtracted)) return true;
    return !probeExtracted && !recordExtracted && c.tenScore !== undefined && c.tenScore >= SEARCH_THRESHOLD_TEN;
  }

  private unpinned(): void {
    if (this.pins > 0) throw new Error('the gallery cannot be merged or replaced while a search on another thread reads it');
  }

  /** Main and recent postings merged into a new main index; postings of removed subjects dropped. */
  private merge(): void {
    this.unpinned();
    const g = this.g;
    const recent = this.recent;
    recent.compact(g.alive);
    const r = recent.byKey;
    const old = g.offsets.length === INDEX_KEYS + 1 ? g.offsets : null;
    const offsets = sharedArray(Uint32Array, INDEX_KEYS + 1);
    for (let k = 0; k < INDEX_KEYS; k++) {
      // The recent part was just compacted: its postings are all alive.
      let c = r[k * KEY_FIELDS + 1] - r[k * KEY_FIELDS];
      if (old) for (let i = old[k]; i < old[k + 1]; i++) c += g.alive[g.postings[i]];
      offsets[k + 1] = offsets[k] + c;
    }
    const postings = sharedArray(Uint32Array, offsets[INDEX_KEYS]);
    for (let k = 0; k < INDEX_KEYS; k++) {
      let at = offsets[k];
      if (old) {
        for (let i = old[k]; i < old[k + 1]; i++) {
          const s = g.postings[i];
          if (g.alive[s]) postings[at++] = s;
        }
      }
      for (let i = r[k * KEY_FIELDS]; i < r[k * KEY_FIELDS + 1]; i++) postings[at++] = recent.postings[i];
    }
    g.offsets = offsets;
    g.postings = postings;
    recent.clear();
  }
}

/** Index keys of a subject's fingers, per index position (SEARCH_INDEX_POSITIONS order; undefined where no finger). */
export function indexKeys(byPosition: readonly (FingerTemplate | undefined)[]): (Uint32Array | undefined)[] {
  return SEARCH_INDEX_POSITIONS.map((pos) => (byPosition[pos] ? triplets(byPosition[pos]!) : undefined));
}

/** Fingers indexed by their position 1..10 (unknown positions dropped). */
export function byFingerPosition(fingers: readonly FingerTemplate[]): (FingerTemplate | undefined)[] {
  const out: (FingerTemplate | undefined)[] = new Array(11);
  for (const t of fingers) if (t.fingerPosition && t.fingerPosition >= 1 && t.fingerPosition <= 10) out[t.fingerPosition] = t;
  return out;
}
