/** 1:N tenprint search: triplet index for pre-selection, 1:1 verification, score fusion. */
export { TenprintGallery, type Candidate, type SearchResult } from './gallery.ts';
export { triplets } from './triplets.ts';
