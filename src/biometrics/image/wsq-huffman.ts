/**
 * Canonical Huffman codes as WSQ (like JPEG) defines them: BITS[l] codes of length l, assigned in
 * increasing numeric order, values listed in code order.
 */
export interface HuffmanSpec {
  /** bits[l] = number of codes of length l (index 1..16; index 0 unused). */
  bits: Uint8Array;
  values: Uint8Array;
}

/** Each code's length and value, in table order; null if the lengths overflow a prefix code. */
export function canonicalCodes(bits: Uint8Array): { sizes: number[]; codes: number[] } | null {
  const sizes: number[] = [];
  for (let l = 1; l <= 16; l++) for (let i = 0; i < bits[l]; i++) sizes.push(l);
  const codes: number[] = [];
  let code = 0;
  let si = sizes[0];
  let k = 0;
  while (k < sizes.length) {
    while (k < sizes.length && sizes[k] === si) codes[k++] = code++;
    if (code >= 1 << si) return null;
    code <<= 1;
    si++;
  }
  return { sizes, codes };
}

/**
 * Optimal code lengths for the symbol frequencies, limited to 16 bits, with no code of all ones
 * (a reserved pseudo-symbol takes it, as JPEG Annex K.2 does). Symbols with frequency 0 get no code.
 */
export function buildHuffmanSpec(freq: ArrayLike<number>): HuffmanSpec {
  const n = freq.length;
  const f = new Float64Array(n + 1);
  f.set(freq);
  f[n] = 1; // reserved: keeps the all-ones code unused
  const size = new Int32Array(n + 1);
  const others = new Int32Array(n + 1).fill(-1);
  // The symbols still in play in a binary heap, least frequent first and, among equals, the larger
  // index first: the order in which Annex K's scan for the two least frequent picks them.
  const before = (a: number, b: number) => f[a] < f[b] || (f[a] === f[b] && a > b);
  const heap: number[] = [];
  const push = (v: number) => {
    let i = heap.length;
    heap.push(v);
    while (i > 0 && before(v, heap[(i - 1) >> 1])) {
      heap[i] = heap[(i - 1) >> 1];
      i = (i - 1) >> 1;
    }
    heap[i] = v;
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= heap.length) break;
        if (c + 1 < heap.length && before(heap[c + 1], heap[c])) c++;
        if (!before(heap[c], last)) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  for (let i = 0; i <= n; i++) if (f[i] > 0) push(i);
  while (heap.length > 1) {
    const v1 = pop();
    const v2 = pop();
    f[v1] += f[v2];
    f[v2] = 0;
    push(v1);
    for (let c = v1; ; c = others[c]) {
      size[c]++;
      if (others[c] < 0) {
        others[c] = v2;
        break;
      }
    }
    for (let c = v2; c >= 0; c = others[c]) size[c]++;
  }
  const count = new Array(33).fill(0);
  for (let i = 0; i <= n; i++) if (size[i] > 0) count[Math.min(size[i], 32)]++;
  // Limit lengths to 16 (Annex K.3 adjust_bits), then drop the reserved code from the longest length.
  for (let i = 32; i > 16; i--) {
    while (count[i] > 0) {
      let j = i - 2;
      while (count[j] === 0) j--;
      count[i] -= 2;
      count[i - 1]++;
      count[j + 1] += 2;
      count[j]--;
    }
  }
  let longest = 16;
  while (count[longest] === 0) longest--;
  count[longest]--;
  const bits = new Uint8Array(17);
  for (let l = 1; l <= 16; l++) bits[l] = count[l];
  // Values by code length, then by symbol.
  const values: number[] = [];
  const deepest = Math.max(...size);
  for (let l = 1; l <= deepest; l++) for (let s = 0; s < n; s++) if (size[s] === l) values.push(s);
  return { bits, values: Uint8Array.from(values) };
}
