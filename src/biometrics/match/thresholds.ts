/**
 * Decision thresholds of compareTemplates, named by the false match rate they give: a score at or
 * above THRESHOLD_FMR_x is reached by at most 1/x of impostor comparisons (the higher of the two
 * directions, as `scomm eval` and `scomm match` take it).
 *
 * How they were obtained (2026-12-01, this matcher, the extractor of commit 03a015d): all-pairs
 * impostor scores of (a) the four FVC2002 B databases, 11,520 comparisons, and (b) a synthetic set
 * (`scomm synth --subjects 10 --impressions 8`, 100 fingers x 8 impressions, 316,800 comparisons).
 * Each threshold is the score exceeded by 1 %, 0.1 %, 0.01 % of the pooled 328,320 impostors.
 * FVC alone is too small for the 0.01 % point (one score), so that point rests on the synthetic
 * impostors. The synthetic impostors score much higher than the real ones (FVC alone gives 51.8 and
 * 70.2 at 1 % and 0.1 %; no FVC impostor reaches THRESHOLD_FMR_1000), so on prints like FVC's these
 * thresholds are conservative and cost genuine matches: FNMR on DB1..DB4_B is 5.0 / 7.5 / 27.5 /
 * 8.9 % at THRESHOLD_FMR_100, 10.4 / 8.9 / 37.9 / 16.8 % at THRESHOLD_FMR_1000 and 17.1 / 10.7 /
 * 48.9 / 26.4 % at THRESHOLD_FMR_10000.
 */
export const THRESHOLD_FMR_100 = 93.8;
export const THRESHOLD_FMR_1000 = 114.1;
export const THRESHOLD_FMR_10000 = 132.4;
export const DEFAULT_THRESHOLD = THRESHOLD_FMR_10000;
