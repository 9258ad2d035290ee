/**
 * Pre-selection (triplet-index voting) of this tree against an older one, in one process, on
 * galleries of template-path subjects (minutiae-level masters, impression 1 of the index and verify
 * positions enrolled; mates searched with impression 2, as `scomm demo --templates` does). Per
 * gallery size and per tree, interleaved call by call (timings on a shared machine drift; only
 * same-process ratios mean anything): preselect ms per search with the index merged, and with the
 * last tenth of the subjects in the recent part (compacted postings and chains, as between merges
 * in the demo). Per search, from the merged index: postings read, probe keys, and the mate's rank
 * by pre-selection score (share within SEARCH_CANDIDATES, within SEARCH_DEEPER_CANDIDATES, missed).
 * Both trees must give the same candidates; a tree that changes the key numbering is read through
 * its own indexKeys.
 * Run: BASELINE=/tmp/base-index npx tsx bench/index.bench.ts [sizes, default 20000,60000] [probes, default 300]
 * (git archive REV | tar -x -C DIR, node_modules linked). Four galleries per size (two trees, two
 * states): 20,000 subjects took 10 minutes and 5.7 GB resident on a loaded 2-core machine; 60,000
 * passed 17 GB while building, more than a shared machine spares (run it alone, or one size at a time).
 */
import path from 'node:path';
import { SEARCH_CANDIDATES, SEARCH_DEEPER_CANDIDATES, SEARCH_INDEX_POSITIONS, SEARCH_STOP_SHARE, SEARCH_VERIFY_POSITIONS } from '../src/biometrics/parameters.ts';
import { createTemplateSubject, impressionTemplates } from '../src/biometrics/synth/index.ts';
import type { FingerTemplate } from '../src/biometrics/template/types.ts';

type Gallery = import('../src/biometrics/search/gallery.ts').TenprintGallery;
interface Tree {
  name: string;
  gallery: typeof import('../src/biometrics/search/gallery.ts');
  searcher: typeof import('../src/biometrics/search/searcher.ts');
  keysPerPosition: number;
}
async function load(name: string, dir: string): Promise<Tree> {
  const gallery = await import(path.join(dir, 'src/biometrics/search/gallery.ts'));
  const searcher = await import(path.join(dir, 'src/biometrics/search/searcher.ts'));
  const { TRIPLET_KEYS } = await import(path.join(dir, 'src/biometrics/search/triplets.ts'));
  return { name, gallery, searcher, keysPerPosition: TRIPLET_KEYS };
}
const here = path.dirname(new URL(import.meta.url).pathname);
const trees = [await load('this', path.join(here, '..'))];
if (process.env.BASELINE) trees.unshift(await load('baseline', path.resolve(process.env.BASELINE)));
const sizes = (process.argv[2] ?? '20000,60000').split(',').map(Number);
const probeCount = Number(process.argv[3] ?? 300);
const positions = [...new Set([...SEARCH_INDEX_POSITIONS, ...SEARCH_VERIFY_POSITIONS])];
const fingersOf = (seed: number, impression: number): FingerTemplate[] => impressionTemplates(createTemplateSubject(seed), impression).filter((t) => positions.includes(t.fingerPosition!));

const subjects: FingerTemplate[][] = [];
for (const size of sizes) {
  const t0 = performance.now();
  for (let s = subjects.length; s < size; s++) subjects.push(fingersOf(s, 1));
  const recentFrom = Math.round(size * 0.9);
  // Per tree: a gallery merged at recentFrom and enrolled on (recent part), and one merged whole.
  const galleries: { tree: Tree; state: string; gallery: Gallery }[] = [];
  for (const tree of trees) {
    const tiered = new tree.gallery.TenprintGallery();
    const merged = new tree.gallery.TenprintGallery();
    for (let s = 0; s < size; s++) {
      const keys = tree.gallery.indexKeys(tree.gallery.byFingerPosition(subjects[s]));
      tiered.enrolWithKeys(`S${s}`, subjects[s], keys);
      merged.enrolWithKeys(`S${s}`, subjects[s], keys);
      if (s + 1 === recentFrom) tiered.arrays();
    }
    merged.arrays();
    galleries.push({ tree, state: 'recent', gallery: tiered }, { tree, state: 'merged', gallery: merged });
  }
  const buildS = (performance.now() - t0) / 1000;
  const mates = Array.from({ length: probeCount }, (_, i) => Math.floor(((i + 0.5) * size) / probeCount));
  const probes = mates.map((s) => fingersOf(s, 2));
  const runs = galleries.map(({ tree, state, gallery }) => {
    const view = gallery.pin();
    return { tree, state, view, searcher: new tree.searcher.GallerySearcher(view.arrays, 0), keys: probes.map((p) => tree.gallery.indexKeys(tree.gallery.byFingerPosition(p))), ms: 0, candidates: [] as string[] };
  });
  const rounds = 3;
  for (let r = 0; r < rounds; r++) {
    probes.forEach((p, i) => {
      for (let q = 0; q < runs.length; q++) {
        const run = runs[(i + r + q) % runs.length];
        const res = run.searcher.search(run.tree.gallery.byFingerPosition(p), run.view.live, SEARCH_CANDIDATES, run.view.recent, run.keys[i], true);
        if (r > 0) run.ms += res.preselectMs;
        if (r === 1) run.candidates.push(res.candidates.map((c) => `${c.subject}:${c.votes}`).join());
      }
    });
  }
  const same = runs.every((run) => run.candidates.every((c, i) => c === runs[0].candidates[i]));
  // Ranks and postings from this tree's merged index (every tree and state gives the same votes when `same`).
  const mine = runs.find((r) => r.tree.name === 'this' && r.state === 'merged')!;
  const ranks = rankMates(mine.view.arrays, mine.tree.keysPerPosition, mine.view.live, mine.keys, mates);
  const ms = Object.fromEntries(runs.map((r) => [`${r.tree.name} ${r.state}`, +(r.ms / probes.length / (rounds - 1)).toFixed(3)]));
  const ratio = (state: string) => (trees.length > 1 ? +(runs.find((r) => r.tree.name === 'baseline' && r.state === state)!.ms / runs.find((r) => r.tree.name === 'this' && r.state === state)!.ms).toFixed(2) : undefined);
  console.log(JSON.stringify({ subjects: size, recentFrom, probes: probes.length, buildS: +buildS.toFixed(0), sameCandidates: same, preselectMs: ms, speedupMerged: ratio('merged'), speedupRecent: ratio('recent'), ...ranks }));
  for (const run of runs) run.view.release();
}

/** The searcher's votes restated over a merged index: postings read per search, probe keys, and each mate's rank by normalised votes (ties: lower subject first). */
function rankMates(g: { subjects: number; alive: Uint8Array; keyCount: Uint32Array; offsets: Uint32Array; postings: Uint32Array }, keysPerPosition: number, live: number, keys: (Uint32Array | undefined)[][], mates: number[]) {
  const votes = new Uint16Array(g.subjects);
  const stop = Math.max(50, live * SEARCH_STOP_SHARE);
  let read = 0;
  let probeKeys = 0;
  const ranks = mates.map((mate, i) => {
    keys[i].forEach((list, k) => {
      if (!list) return;
      probeKeys += list.length;
      for (const key of list) {
        const from = g.offsets[k * keysPerPosition + key];
        const to = g.offsets[k * keysPerPosition + key + 1];
        if (to - from > stop) continue;
        read += to - from;
        for (let p = from; p < to; p++) votes[g.postings[p]]++;
      }
    });
    const score = (s: number) => votes[s] / Math.sqrt(g.keyCount[s] + 1);
    const mine = score(mate);
    let rank = 0;
    for (let s = 0; s < g.subjects; s++) if (g.alive[s] && votes[s] > 0 && (score(s) > mine || (score(s) === mine && s < mate))) rank++;
    const out = votes[mate] === 0 ? Infinity : rank;
    votes.fill(0);
    return out;
  });
  const share = (n: number) => +(ranks.filter((r) => r < n).length / ranks.length).toFixed(4);
  return { postingsRead: Math.round(read / mates.length), probeKeys: Math.round(probeKeys / mates.length), mateWithin8: share(SEARCH_CANDIDATES), mateWithin24: share(SEARCH_DEEPER_CANDIDATES), matesMissed: ranks.filter((r) => r >= SEARCH_DEEPER_CANDIDATES).length, worstRanks: ranks.sort((a, b) => b - a).slice(0, 5) };
}
