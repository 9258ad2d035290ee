/**
 * Decision thresholds of compareTemplates, named by the false match rate they give: a score at or
 * above THRESHOLD_FMR_x is reached by at most 1/x of impostor comparisons (the higher of the two
 * directions, as `scomm eval` and `scomm match` take it).
 *
 * How they were obtained (2026-12-02, this matcher and extractor; re-run with
 * bench/thresholds.bench.ts after any change to either): all-pairs impostor scores of (a) the four
 * FVC2002 B databases, 11,520 comparisons, and (b) a synthetic set (`scomm synth --subjects 10
 * --impressions 8`, 100 fingers x 8 impressions, 316,800 comparisons). Each threshold is the score
 * reached by 1 %, 0.1 %, 0.01 % of the pooled 328,320 impostors. FVC alone is too small for the
 * 0.01 % point (one score), so that point rests on the synthetic impostors. The synthetic impostors
 * score much higher than the real ones (each FVC database's own 1 % point is 38-53 and its 0.1 %
 * point 57-70; the synthetic set's 84.4 and 104.1), so on prints like FVC's these thresholds are
 * conservative and cost genuine matches: FNMR on DB1..DB4_B is 4.3 / 7.5 / 23.6 / 6.8 % at
 * THRESHOLD_FMR_100, 10.0 / 8.9 / 35.7 / 13.6 % at THRESHOLD_FMR_1000 and 13.6 / 9.3 / 45.4 /
 * 20.0 % at THRESHOLD_FMR_10000 (synthetic set: 2.2 / 3.9 / 6.3 %).
 */
export const THRESHOLD_FMR_100 = 84.1;
export const THRESHOLD_FMR_1000 = 103.7;
export const THRESHOLD_FMR_10000 = 119.5;
export const DEFAULT_THRESHOLD = THRESHOLD_FMR_10000;
