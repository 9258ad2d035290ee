/**
 * Decision thresholds named by the false match rate they give. Calibrated on 2026-11-25 from the
 * 11,520 impostor comparisons of the four FVC2002 B databases (all-pairs, our extractor, the
 * higher of both directions): the score exceeded by 1 %, 0.1 % and 0.01 % of them. The 0.01 %
 * point rests on a single impostor score and should be re-measured on a larger impostor set
 * (the synthetic generator's, for instance) before it is trusted.
 */
export const THRESHOLD_FMR_100 = 22;
export const THRESHOLD_FMR_1000 = 32.8;
export const THRESHOLD_FMR_10000 = 52.3;
export const DEFAULT_THRESHOLD = THRESHOLD_FMR_10000;
