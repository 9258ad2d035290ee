/**
 * Re-derives the matcher's decision thresholds (src/biometrics/match/thresholds.ts): all-pairs
 * impostor scores of every folder given (FVC-style, our extractor), pooled; each threshold is the
 * score that 1 %, 0.1 %, 0.01 % of the pooled impostors reach. Prints them with the FNMR each gives
 * on every folder. Real folders alone are too small for the 0.01 % point, so pass a synthetic set too:
 *
 *   npx scomm synth --subjects 10 --impressions 8 --out /tmp/synth10
 *   npx tsx bench/thresholds.bench.ts ../shared/data/fvc2002/DB{1,2,3,4}_B /tmp/synth10
 */
import { evaluateFolder } from '../src/biometrics/eval/index.ts';

const folders = process.argv.slice(2);
if (folders.length === 0) throw new Error('usage: npx tsx bench/thresholds.bench.ts FOLDER...');
const results = folders.map((f) => {
  process.stderr.write(`${f}\n`);
  return evaluateFolder(f, 'extract');
});
const pooled = Float64Array.from(results.flatMap((r) => r.impostorScores)).sort();
/** The least score reached by at most `rate` of the pooled impostors. */
const at = (rate: number) => {
  const k = Math.floor(rate * pooled.length);
  return k === 0 ? pooled[pooled.length - 1] + 0.1 : pooled[pooled.length - k];
};
const thresholds = { fmr100: at(0.01), fmr1000: at(0.001), fmr10000: at(0.0001) };
const own = (scores: number[], rate: number) => +[...scores].sort((a, b) => b - a)[Math.floor(rate * scores.length)].toFixed(1);
const fnmr = (scores: number[], t: number) => +((100 * scores.filter((s) => s < t).length) / scores.length).toFixed(1);
console.log(
  JSON.stringify(
    {
      impostors: pooled.length,
      thresholds: Object.fromEntries(Object.entries(thresholds).map(([k, v]) => [k, +v.toFixed(1)])),
      folders: results.map((r) => ({
        name: r.name,
        impostors: r.impostor,
        eer: +(100 * r.eer).toFixed(2),
        // The folder's own 1 % and 0.1 % points, beside the pooled ones.
        ownFmr100: own(r.impostorScores, 0.01),
        ownFmr1000: own(r.impostorScores, 0.001),
        fnmrPercent: Object.fromEntries(Object.entries(thresholds).map(([k, v]) => [k, fnmr(r.genuineScores, v)])),
      })),
    },
    null,
    1,
  ),
);
