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
  const f = Array.from(freq, (v) => v);
  f.push(1); // reserved: keeps the all-ones code unused
  const size = new Array(n + 1).fill(0);
  const others = new Array(n + 1).fill(-1);
  // The symbols still in play, in increasing order: the search below visits only these (a block
  // uses a few dozen of the 256 symbols), in the order a scan of all of them would.
  const live: number[] = [];
  for (let i = 0; i <= n; i++) if (f[i] > 0) live.push(i);
  for (;;) {
    // The two least frequent live symbols (ties: the larger index, as Annex K does).
    let v1 = -1;
    let v2 = -1;
    for (const i of live) {
      if (v1 < 0 || f[i] <= f[v1]) (v2 = v1), (v1 = i);
      else if (v2 < 0 || f[i] <= f[v2]) v2 = i;
    }
    if (v2 < 0) break;
    f[v1] += f[v2];
    f[v2] = 0;
    live.splice(live.indexOf(v2), 1);
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
  const symbols = [...Array(n).keys()].filter((s) => size[s] > 0).sort((a, b) => size[a] - size[b] || a - b);
  return { bits, values: Uint8Array.from(symbols) };
}
