import { workerData } from 'node:worker_threads';
import { unpackTemplates } from '../template/packed.ts';
import { byFingerPosition, indexKeys, type GalleryView } from './gallery.ts';
import { GallerySearcher, type RawResult } from './searcher.ts';

export interface SearchTask extends GalleryView {
  /** The probe's fingers (packTemplates). */
  probe: Float64Array;
  /** Whether close calls get the ten-finger second look (template-path probes). */
  tenFingers: boolean;
  candidates: number;
}

const cacheSize = (workerData as { cacheSize: number }).cacheSize;
/** One searcher per gallery: its prepared-finger cache is by slot, which only means something within one gallery. */
const searchers = new Map<number, GallerySearcher>();

/** Worker task: one search of the gallery as the task hands it over (shared memory); the probe's index keys come back for its enrolment. */
export default function search(task: SearchTask): RawResult & { keys: (Uint32Array | undefined)[] } {
  let searcher = searchers.get(task.gallery);
  if (searcher) searcher.use(task.arrays);
  else searchers.set(task.gallery, (searcher = new GallerySearcher(task.arrays, cacheSize)));
  const byPosition = byFingerPosition(unpackTemplates(task.probe));
  const keys = indexKeys(byPosition);
  return { ...searcher.search(byPosition, task.live, task.candidates, task.recent, keys, task.tenFingers), keys };
}
