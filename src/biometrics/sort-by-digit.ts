/** Where each digit's run starts, reused by every pass (one sort at a time per thread). */
const digitStart = new Uint32Array(1 << 11);

/**
 * One pass of a least-significant-digit radix sort: the first `count` values of `from` into `to`,
 * stably ordered by their `bits` bits (at most 11) from bit `shift` up. Passes from the low digit
 * to the high one sort unsigned integers; for a few hundred values several times faster than
 * TypedArray.prototype.sort.
 */
export function sortByDigit(from: Uint32Array, to: Uint32Array, count: number, shift: number, bits: number): void {
  const mask = (1 << bits) - 1;
  digitStart.fill(0, 0, mask + 1);
  for (let q = 0; q < count; q++) digitStart[(from[q] >>> shift) & mask]++;
  for (let b = 0, start = 0; b <= mask; b++) {
    const c = digitStart[b];
    digitStart[b] = start;
    start += c;
  }
  for (let q = 0; q < count; q++) to[digitStart[(from[q] >>> shift) & mask]++] = from[q];
}
