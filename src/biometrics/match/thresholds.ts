/**
 * Decision thresholds of compareTemplates, named by the false match rate they give: a score at or
 * above THRESHOLD_FMR_x is reached by at most 1/x of impostor comparisons (the higher of the two
 * directions, as `scomm eval` and `scomm match` take it).
 *
 * How they were obtained (2026-12-01, this matcher, our extractor): all-pairs impostor scores of
 * (a) the four FVC2002 B databases, 11,520 comparisons, and (b) a synthetic set
 * (`scomm synth --subjects 10 --impressions 8`, 100 fingers x 8 impressions, 316,800 comparisons).
 * Each threshold is the score exceeded by 1 %, 0.1 %, 0.01 % of the pooled 328,320 impostors.
 * FVC alone is too small for the 0.01 % point (one score), so that point rests on the synthetic
 * impostors. The synthetic impostors score higher than the real ones (FVC alone gives 47.4, 68.1 at
 * 1 % and 0.1 %), so on prints like FVC's these thresholds are conservative: at THRESHOLD_FMR_100
 * only 0.009 % of the FVC impostors match.
 */
export const THRESHOLD_FMR_100 = 82.1;
export const THRESHOLD_FMR_1000 = 101;
export const THRESHOLD_FMR_10000 = 116.9;
export const DEFAULT_THRESHOLD = THRESHOLD_FMR_10000;
