import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { SEARCH_CANDIDATES, SEARCH_INDEX_POSITIONS, SEARCH_VERIFY_POSITIONS } from '../parameters.ts';
import { packTemplates } from '../template/packed.ts';
import type { FingerTemplate } from '../template/types.ts';
import type { PooledResult, TenprintGallery } from './gallery.ts';
import type { RawResult } from './searcher.ts';
import type { SearchTask } from './search-worker.ts';

/** The positions a search of a probe extracted from images reads (it gets no ten-finger second look): only these fingers are sent to a thread. */
const SEARCHED = new Set([...SEARCH_INDEX_POSITIONS, ...SEARCH_VERIFY_POSITIONS]);

/**
 * Searches on worker threads (piscina), of any number of galleries. A gallery's arrays are
 * SharedArrayBuffers: each task hands the thread the gallery as it stands (pin()), and the thread
 * reads that memory in place, nothing copied but the probe; so a search sees every enrolment made
 * before it, with no rebuild. The gallery refuses changes until the search is done. Up to `threads`
 * searches run at once; a thread keeps `cacheSize` prepared fingers per gallery.
 */
export class SearchPool {
  private pool: Piscina;

  constructor(
    readonly threads = availableParallelism(),
    cacheSize = 0,
  ) {
    this.pool = new Piscina({
      filename: new URL('../../worker-entry.mjs', import.meta.url).href,
      workerData: { module: new URL('./search-worker.ts', import.meta.url).href, cacheSize },
      minThreads: threads,
      maxThreads: threads,
    });
  }

  /**
   * Raw result (subject numbers) with the time the search took on its thread, and `since`: the
   * gallery's next subject number when the search read it (see TenprintGallery.withLater).
   */
  async searchRaw(gallery: TenprintGallery, probe: FingerTemplate[], probeExtracted = false, candidates = SEARCH_CANDIDATES): Promise<RawResult & { since: number }> {
    const { release, since, ...view } = gallery.pin();
    try {
      const fingers = probeExtracted ? probe.filter((t) => t.fingerPosition !== undefined && SEARCHED.has(t.fingerPosition)) : probe;
      const task: SearchTask = { ...view, probe: packTemplates(fingers), tenFingers: !probeExtracted, candidates };
      const result = (await this.pool.run(task)) as RawResult & { keys: (Uint32Array | undefined)[] };
      gallery.keep(probe, result.keys);
      return { ...result, since };
    } finally {
      release();
    }
  }

  async search(gallery: TenprintGallery, probe: FingerTemplate[], probeExtracted = false, candidates = SEARCH_CANDIDATES): Promise<PooledResult> {
    const raw = await this.searchRaw(gallery, probe, probeExtracted, candidates);
    return { ...gallery.named(raw, probeExtracted), since: raw.since };
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
