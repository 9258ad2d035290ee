/** Error rates from genuine and impostor score samples (higher score = more alike). */
export interface ErrorRates {
  eer: number;
  fmr100: number;
  fmr1000: number;
  zeroFmr: number;
  /** Score thresholds at which FMR is at most 1 %, 0.1 %, 0 (the lowest such threshold). */
  thresholds: { fmr100: number; fmr1000: number; zeroFmr: number };
}

/**
 * EER: where FMR (impostors at or above the threshold) equals FNMR (genuine below it), taken as the
 * mean of the two at the threshold where they cross. FMRx: FNMR at the lowest threshold with
 * FMR <= 1/x. ZeroFMR: FNMR at the lowest threshold with no impostor at or above it.
 */
export function errorRates(genuine: ArrayLike<number>, impostor: ArrayLike<number>): ErrorRates {
  const g = Float64Array.from(genuine).sort();
  const im = Float64Array.from(impostor).sort();
  const fnmrAt = (t: number) => lowerBound(g, t) / g.length;
  const fmrAt = (t: number) => (im.length - lowerBound(im, t)) / im.length;
  const candidates = Float64Array.from(new Set([...g, ...im, Infinity])).sort();
  let eer = 1;
  let bestGap = Infinity;
  for (const t of candidates) {
    const a = fmrAt(t);
    const b = fnmrAt(t);
    const gap = Math.abs(a - b);
    if (gap < bestGap) (bestGap = gap), (eer = (a + b) / 2);
  }
  const thresholdFor = (maxFmr: number) => {
    for (const t of candidates) if (fmrAt(t) <= maxFmr) return t;
    return Infinity;
  };
  const t100 = thresholdFor(0.01);
  const t1000 = thresholdFor(0.001);
  const t0 = thresholdFor(0);
  return { eer, fmr100: fnmrAt(t100), fmr1000: fnmrAt(t1000), zeroFmr: fnmrAt(t0), thresholds: { fmr100: t100, fmr1000: t1000, zeroFmr: t0 } };
}

/** First index whose value is >= t in a sorted array. */
function lowerBound(a: Float64Array, t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** DET curve points (FMR, FNMR) over every distinct threshold. */
export function detCurve(genuine: ArrayLike<number>, impostor: ArrayLike<number>): { fmr: number; fnmr: number }[] {
  const g = Float64Array.from(genuine).sort();
  const im = Float64Array.from(impostor).sort();
  const ts = Float64Array.from(new Set([...g, ...im])).sort();
  return Array.from(ts, (t) => ({ fmr: (im.length - lowerBound(im, t)) / im.length, fnmr: lowerBound(g, t) / g.length }));
}
