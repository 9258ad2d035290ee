import { workerData } from 'node:worker_threads';
import type { FingerTemplate } from '../template/types.ts';
import type { GalleryArrays } from './gallery-arrays.ts';
import { byFingerPosition } from './gallery.ts';
import { GallerySearcher, type RawResult } from './searcher.ts';

export interface SearchTask {
  probe: FingerTemplate[];
  /** Live subjects (the stop-word length depends on it). */
  live: number;
  candidates: number;
}

// The arrays arrive once per thread through workerData; being SharedArrayBuffers they are the gallery itself, not a copy.
const searcher = new GallerySearcher((workerData as { arrays: GalleryArrays }).arrays, (workerData as { cacheSize: number }).cacheSize);

/** Worker task: one search on this thread's searcher; the time it took on the thread is in the result. */
export default function search(task: SearchTask): RawResult {
  return searcher.search(byFingerPosition(task.probe), task.live, task.candidates);
}
