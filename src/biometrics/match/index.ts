/** The 1:1 matcher: prepare a template once, compare it many times. */
export { packCandidate, packedCandidateBytes, prepareTemplate, unpackCandidate, type PreparedTemplate } from './prepared-template.ts';
export { compareTemplates } from './compare.ts';
export { THRESHOLD_FMR_100, THRESHOLD_FMR_1000, THRESHOLD_FMR_10000, DEFAULT_THRESHOLD } from './thresholds.ts';
