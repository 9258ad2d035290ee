/** 1:N tenprint search: triplet index for pre-selection, 1:1 verification, score fusion; shared-memory worker threads; files. */
export { TenprintGallery, byFingerPosition, indexKeys, type Candidate, type PooledResult, type SearchResult } from './gallery.ts';
export { GallerySearcher, type RawCandidate, type RawResult } from './searcher.ts';
export { SearchPool } from './search-pool.ts';
export { loadGallery, saveGallery } from './gallery-file.ts';
export { runSearchBench, thresholdAtFpir, type SearchBenchOptions } from './search-bench.ts';
export { triplets } from './triplets.ts';
