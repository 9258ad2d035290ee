/**
 * Offers j, at distance d (or any measure that orders like it), to i's list of its `k` nearest so
 * far: the lists are `k` slots per point in nearJ / nearD, ascending, count[i] long. A tie keeps the
 * earlier offer first, so lists offered candidates in index order prefer the lower index.
 */
export function addNearest(count: Uint8Array, nearJ: Int32Array, nearD: Float64Array, k: number, i: number, j: number, d: number): void {
  const first = i * k;
  const c = count[i];
  if (c === k && d >= nearD[first + k - 1]) return;
  let at = first + (c < k ? (count[i] = c + 1) - 1 : k - 1);
  while (at > first && nearD[at - 1] > d) {
    nearD[at] = nearD[at - 1];
    nearJ[at] = nearJ[at - 1];
    at--;
  }
  nearD[at] = d;
  nearJ[at] = j;
}
