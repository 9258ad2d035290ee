/**
 * Zhang-Suen thinning to a one-pixel skeleton, with both sub-iterations' deletion rules tabulated
 * over the 256 neighbourhoods. Neighbours P2..P9 run clockwise from north: bit i is P(i+2).
 */
const DELETE_1 = new Uint8Array(256);
const DELETE_2 = new Uint8Array(256);
for (let n = 0; n < 256; n++) {
  const p = (i: number) => (n >> (i - 2)) & 1; // p(2)..p(9)
  let b = 0;
  for (let i = 2; i <= 9; i++) b += p(i);
  let a = 0;
  for (let i = 2; i <= 9; i++) if (p(i) === 0 && p(i === 9 ? 2 : i + 1) === 1) a++;
  const base = b >= 2 && b <= 6 && a === 1;
  DELETE_1[n] = base && p(2) * p(4) * p(6) === 0 && p(4) * p(6) * p(8) === 0 ? 1 : 0;
  DELETE_2[n] = base && p(2) * p(4) * p(8) === 0 && p(2) * p(6) * p(8) === 0 ? 1 : 0;
}

export function thin(bin: Uint8Array, width: number, height: number): Uint8Array {
  const img = bin.slice();
  // The border row/column is cleared so neighbourhoods never leave the image.
  for (let x = 0; x < width; x++) img[x] = img[(height - 1) * width + x] = 0;
  for (let y = 0; y < height; y++) img[y * width] = img[y * width + width - 1] = 0;
  // Only set pixels can be deleted: scan a list of them rather than the whole image on every pass,
  // dropping the pixels the previous sub-iteration deleted as it goes.
  const live = new Int32Array(width * height);
  let count = 0;
  for (let y = 1; y < height - 1; y++) for (let x = 1; x < width - 1; x++) if (img[y * width + x]) live[count++] = y * width + x;
  const remove = new Int32Array(count);
  for (let changed = true; changed; ) {
    changed = false;
    for (const table of [DELETE_1, DELETE_2]) {
      let removed = 0;
      let kept = 0;
      for (let j = 0; j < count; j++) {
        const i = live[j];
        if (!img[i]) continue;
        live[kept++] = i;
        // Both rules keep a pixel whose four edge neighbours are all set (each needs one of them clear).
        const n = img[i - width];
        const e = img[i + 1];
        const s = img[i + width];
        const w = img[i - 1];
        if (n & e & s & w) continue;
        // The `neighbourhood` byte, from the four already read and the diagonals.
        const code = n | (img[i - width + 1] << 1) | (e << 2) | (img[i + width + 1] << 3) | (s << 4) | (img[i + width - 1] << 5) | (w << 6) | (img[i - width - 1] << 7);
        if (table[code]) remove[removed++] = i;
      }
      count = kept;
      for (let j = 0; j < removed; j++) img[remove[j]] = 0;
      if (removed) changed = true;
    }
  }
  return img;
}

/** The 8 neighbours of pixel i as a byte: bit 0 = N, then clockwise NE, E, SE, S, SW, W, NW. */
export function neighbourhood(img: Uint8Array, i: number, width: number): number {
  return (
    img[i - width] |
    (img[i - width + 1] << 1) |
    (img[i + 1] << 2) |
    (img[i + width + 1] << 3) |
    (img[i + width] << 4) |
    (img[i + width - 1] << 5) |
    (img[i - 1] << 6) |
    (img[i - width - 1] << 7)
  );
}
