/**
 * Decision thresholds named by the false match rate they give (provisional, from the 11,520 FVC2002
 * B impostor comparisons with our extractor; recalibrated below once synthetic impostors are in).
 */
export const THRESHOLD_FMR_100 = 10.3;
export const THRESHOLD_FMR_1000 = 14.1;
export const THRESHOLD_FMR_10000 = 18.4;
export const DEFAULT_THRESHOLD = THRESHOLD_FMR_10000;
