import { compareTemplates, prepareTemplate, type PreparedTemplate } from '../match/index.ts';
import { SEARCH_CANDIDATES, SEARCH_INDEX_POSITIONS, SEARCH_PREPARED_CACHE, SEARCH_STOP_SHARE, SEARCH_THRESHOLD, SEARCH_VERIFY_POSITIONS } from '../parameters.ts';
import type { FingerTemplate } from '../template/types.ts';
import { triplets } from './triplets.ts';

/** One candidate of a search: subject id, fused score, and each verified finger's score. */
export interface Candidate {
  id: string;
  score: number;
  fingerScores: Record<number, number>;
  votes: number;
}

export interface SearchResult {
  /** Ranked best first (at most SEARCH_CANDIDATES). */
  candidates: Candidate[];
  /** The best candidate when its fused score reaches the threshold, else null. */
  hit: Candidate | null;
  comparisons: number;
}

/**
 * A tenprint gallery and its search. Per subject up to ten finger templates by position (1..10).
 *
 * Search is two-stage, as in tenprint AFIS: (1) pre-selection: every gallery finger of the index
 * positions is entered in an inverted index by the quantised shape of its minutia triplets; a probe
 * finger's triplets vote for the subjects whose same finger shares them; (2) the best-voted subjects
 * are compared 1:1 on the verify positions and the per-finger scores fused (sum): the subject score.
 * The decision threshold on the fused score is calibrated to a false positive identification rate
 * (see SEARCH_THRESHOLD).
 */
export class TenprintGallery {
  private ids: string[] = [];
  private byId = new Map<string, number>();
  private templates: (FingerTemplate | undefined)[][] = [];
  private alive: boolean[] = [];
  /** Index keys entered per subject: subjects with many keys collect more chance votes. */
  private keyCount: number[] = [];
  /** Per index position: triplet key -> subject numbers (may repeat; stale ones are filtered). */
  private postings: Map<number, number[]>[] = SEARCH_INDEX_POSITIONS.map(() => new Map());
  /** Prepared gallery fingers most recently verified (subject * 11 + position), oldest first. */
  private prepared = new Map<number, PreparedTemplate>();
  private votes = new Uint16Array(1024);
  private touched = new Int32Array(1024);

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Enrols (or replaces) a subject's fingers; templates carry their fingerPosition. */
  enrol(id: string, fingers: FingerTemplate[]): void {
    if (this.byId.has(id)) this.remove(id);
    const n = this.ids.length;
    this.ids.push(id);
    this.byId.set(id, n);
    this.alive.push(true);
    const byPosition = byFingerPosition(fingers);
    this.templates.push(byPosition);
    let keys = 0;
    SEARCH_INDEX_POSITIONS.forEach((pos, k) => {
      const t = byPosition[pos];
      if (!t) return;
      const map = this.postings[k];
      for (const key of triplets(t)) {
        keys++;
        const list = map.get(key);
        if (list) {
          if (list[list.length - 1] !== n) list.push(n);
        } else map.set(key, [n]);
      }
    });
    this.keyCount.push(keys);
    if (n >= this.votes.length) {
      this.votes = new Uint16Array(this.votes.length * 2);
      this.touched = new Int32Array(this.votes.length);
    }
  }

  remove(id: string): boolean {
    const n = this.byId.get(id);
    if (n === undefined) return false;
    this.byId.delete(id);
    this.alive[n] = false;
    this.templates[n] = [];
    for (let pos = 1; pos <= 10; pos++) this.prepared.delete(n * 11 + pos);
    return true;
  }

  /** A gallery finger prepared for comparison, kept in a bounded cache: the same people are searched for again. */
  private preparedFinger(n: number, pos: number, t: FingerTemplate): PreparedTemplate {
    const key = n * 11 + pos;
    let p = this.prepared.get(key);
    if (p) {
      this.prepared.delete(key);
    } else {
      p = prepareTemplate(t);
      if (this.prepared.size >= SEARCH_PREPARED_CACHE) this.prepared.delete(this.prepared.keys().next().value!);
    }
    this.prepared.set(key, p);
    return p;
  }

  search(probe: FingerTemplate[], threshold = SEARCH_THRESHOLD): SearchResult {
    const byPosition = byFingerPosition(probe);
    const votes = this.votes;
    const touched = this.touched;
    let nTouched = 0;
    const stopLength = Math.max(50, this.ids.length * SEARCH_STOP_SHARE);
    SEARCH_INDEX_POSITIONS.forEach((pos, k) => {
      const t = byPosition[pos];
      if (!t) return;
      const map = this.postings[k];
      for (const key of triplets(t)) {
        const list = map.get(key);
        // Keys most fingers share say nothing about who this is (stop words).
        if (!list || list.length > stopLength) continue;
        for (let i = 0; i < list.length; i++) {
          const s = list[i];
          if (votes[s] === 0) touched[nTouched++] = s;
          if (votes[s] < 65535) votes[s]++;
        }
      }
    });
    // Best-voted live subjects (partial selection; votes are reset as they are read).
    const top: { n: number; v: number }[] = [];
    for (let i = 0; i < nTouched; i++) {
      const s = touched[i];
      const v = votes[s] / Math.sqrt(this.keyCount[s] + 1);
      votes[s] = 0;
      if (!this.alive[s]) continue;
      if (top.length < SEARCH_CANDIDATES) top.push({ n: s, v });
      else {
        let worst = 0;
        for (let j = 1; j < top.length; j++) if (top[j].v < top[worst].v) worst = j;
        if (v > top[worst].v) top[worst] = { n: s, v };
      }
    }
    const prepared = new Map<number, PreparedTemplate>();
    for (const pos of SEARCH_VERIFY_POSITIONS) {
      const t = byPosition[pos];
      if (t) prepared.set(pos, prepareTemplate(t));
    }
    let comparisons = 0;
    const candidates: Candidate[] = top.map(({ n, v }) => {
      const fingerScores: Record<number, number> = {};
      let score = 0;
      for (const [pos, p] of prepared) {
        const g = this.templates[n][pos];
        if (!g) continue;
        const s = compareTemplates(p, this.preparedFinger(n, pos, g));
        comparisons++;
        fingerScores[pos] = Math.round(s * 10) / 10;
        score += s;
      }
      return { id: this.ids[n], score: Math.round(score * 10) / 10, fingerScores, votes: v };
    });
    candidates.sort((a, b) => b.score - a.score);
    const hit = candidates.length > 0 && candidates[0].score >= threshold ? candidates[0] : null;
    return { candidates, hit, comparisons };
  }
}

/** Fingers indexed by their position 1..10 (unknown positions dropped). */
function byFingerPosition(fingers: FingerTemplate[]): (FingerTemplate | undefined)[] {
  const out: (FingerTemplate | undefined)[] = new Array(11);
  for (const t of fingers) if (t.fingerPosition) out[t.fingerPosition] = t;
  return out;
}
