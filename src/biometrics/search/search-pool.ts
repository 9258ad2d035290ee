import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { SEARCH_CANDIDATES, SEARCH_THRESHOLD } from '../parameters.ts';
import type { FingerTemplate } from '../template/types.ts';
import type { SearchResult, TenprintGallery } from './gallery.ts';
import type { RawResult } from './searcher.ts';
import type { SearchTask } from './search-worker.ts';

/**
 * Searches of one gallery on worker threads (piscina). The gallery's arrays are SharedArrayBuffers
 * handed to every thread once: the threads read the same memory, nothing is copied per thread or
 * per search. Removals show at once (they clear a shared flag); enrolments after the pool was
 * made need refresh() (the index is rebuilt in new arrays). Safe to call search() concurrently;
 * up to `threads` searches run in parallel.
 */
export class SearchPool {
  private pool: Piscina;

  constructor(
    private gallery: TenprintGallery,
    readonly threads = availableParallelism(),
    private cacheSize = 0,
  ) {
    this.pool = this.start();
  }

  private start(): Piscina {
    return new Piscina({
      filename: new URL('../../worker-entry.mjs', import.meta.url).href,
      workerData: { module: new URL('./search-worker.ts', import.meta.url).href, arrays: this.gallery.arrays(), cacheSize: this.cacheSize },
      minThreads: this.threads,
      maxThreads: this.threads,
    });
  }

  /** Raw result (subject numbers) with the time the search took on its thread. */
  searchRaw(probe: FingerTemplate[], candidates = SEARCH_CANDIDATES): Promise<RawResult> {
    const task: SearchTask = { probe, live: this.gallery.size, candidates };
    return this.pool.run(task) as Promise<RawResult>;
  }

  async search(probe: FingerTemplate[], threshold = SEARCH_THRESHOLD, candidates = SEARCH_CANDIDATES): Promise<SearchResult> {
    return this.gallery.named(await this.searchRaw(probe, candidates), threshold);
  }

  /** New threads over the gallery as it is now (after enrolments). */
  async refresh(): Promise<void> {
    const old = this.pool;
    this.pool = this.start();
    await old.destroy();
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
