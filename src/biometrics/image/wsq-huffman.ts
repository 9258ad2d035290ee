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
  // Each merge makes a tree node (ids n+1.. in merge order, so a parent's id exceeds its children's);
  // group[v] is the node a live symbol v stands for. A symbol's code length is its leaf's depth.
  const parent = new Int32Array(2 * n + 2).fill(-1);
  const group = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) group[i] = i;
  let nodes = n + 1;
  // The symbols still in play in a binary heap, least frequent first and, among equals, the larger
  // index first: the order in which Annex K's scan for the two least frequent picks them. That
  // order is total, so any heap pops the same sequence.
  const heap = new Int32Array(n + 1);
  let size = 0;
  const push = (v: number) => {
    let i = size++;
    while (i > 0 && before(f, v, heap[(i - 1) >> 1])) {
      heap[i] = heap[(i - 1) >> 1];
      i = (i - 1) >> 1;
    }
    heap[i] = v;
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap[--size];
    if (size > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && before(f, heap[c + 1], heap[c])) c++;
        if (!before(f, heap[c], last)) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  for (let i = 0; i <= n; i++) if (f[i] > 0) push(i);
  while (size > 1) {
    const v1 = pop();
    const v2 = pop();
    f[v1] += f[v2];
    f[v2] = 0;
    push(v1);
    parent[group[v1]] = parent[group[v2]] = nodes;
    group[v1] = nodes++;
  }
  const depth = new Int32Array(nodes);
  for (let id = nodes - 1; id >= 0; id--) if (parent[id] >= 0) depth[id] = depth[parent[id]] + 1;
  const length = depth.subarray(0, n + 1);
  const count = new Int32Array(33);
  for (let i = 0; i <= n; i++) if (length[i] > 0) count[Math.min(length[i], 32)]++;
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
  // Values by code length, then by symbol (a counting sort on the length).
  let deepest = 0;
  for (let s = 0; s < n; s++) deepest = Math.max(deepest, length[s]);
  const at = new Int32Array(deepest + 2);
  for (let s = 0; s < n; s++) if (length[s] > 0) at[length[s] + 1]++;
  for (let l = 1; l <= deepest; l++) at[l + 1] += at[l];
  const values = new Uint8Array(at[deepest + 1]);
  for (let s = 0; s < n; s++) if (length[s] > 0) values[at[length[s]]++] = s;
  return { bits, values };
}

/** Heap order: a is less frequent than b or, as frequent, has the larger index. */
function before(f: Float64Array, a: number, b: number): boolean {
  return f[a] < f[b] || (f[a] === f[b] && a > b);
}
