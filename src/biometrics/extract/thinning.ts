import { workBuffer } from './work-buffers.ts';

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

/**
 * A sub-iteration's deletions depend on the image as the previous one left it, so a pixel's outcome
 * under a rule can change only once a neighbour has gone since that rule last looked at it, in the
 * last two sub-iterations. The first passes scan every set pixel; once few pixels go, only the
 * neighbours of the last two sub-iterations' deletions are looked at: the same deletions, without
 * rescanning the skeleton (the last third of the passes delete a handful of pixels). The skeleton
 * is a work buffer (valid until the next extraction); `bin` is left as it was.
 */
export function thin(bin: Uint8Array, width: number, height: number): Uint8Array {
  const img = workBuffer('thin image', bin.length, Uint8Array);
  img.set(bin);
  // The border row/column is cleared so neighbourhoods never leave the image.
  for (let x = 0; x < width; x++) img[x] = img[(height - 1) * width + x] = 0;
  for (let y = 0; y < height; y++) img[y * width] = img[y * width + width - 1] = 0;
  const size = width * height;
  // Set pixels, in a list rather than the whole image on every pass; the pixels a sub-iteration
  // deleted leave it during the next scan.
  const live = workBuffer('thin live', size, Int32Array);
  let count = 0;
  // Most pixels are clear (background and valleys): read four bytes at a time, as detectMinutiae
  // does, and only the words holding a set pixel are looked into. The border is already clear, so
  // the bytes after the last whole word (in the bottom row) hold nothing.
  const words = new Uint32Array(img.buffer, img.byteOffset, size >> 2);
  for (let w = 0; w < words.length; w++) {
    if (words[w] === 0) continue;
    for (let i = 4 * w; i < 4 * w + 4; i++) if (img[i]) live[count++] = i;
  }
  // The deletions of the last two sub-iterations: sub-iteration t's in gone[t & 1], goneCount[t & 1] of them.
  const gone = [workBuffer('thin gone 0', count, Int32Array), workBuffer('thin gone 1', count, Int32Array)];
  const goneCount = [0, 0];
  const offsets = [-width - 1, -width, -width + 1, -1, 1, width - 1, width, width + 1];
  let t = 0;
  // Both rules run in turn until two sub-iterations in a row delete nothing (then none ever will).
  for (let quiet = 0; quiet < 2; t++) {
    // Once the last two sub-iterations' deletions have fewer neighbours than the list has pixels.
    if (t >= 2 && 8 * (goneCount[0] + goneCount[1]) < count) break;
    const table = t & 1 ? DELETE_2 : DELETE_1;
    const out = gone[t & 1];
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
      if (table[code]) out[removed++] = i;
    }
    count = kept;
    for (let j = 0; j < removed; j++) img[out[j]] = 0;
    goneCount[t & 1] = removed;
    quiet = removed ? 0 : quiet + 1;
  }
  if (goneCount[0] + goneCount[1] > 0) {
    // Few deletions now: look only at the set neighbours of the last two sub-iterations' deletions.
    const seen = workBuffer('thin seen', size, Int32Array).fill(0);
    const look = workBuffer('thin look', size, Int32Array);
    for (let quiet = 0; quiet < 2; t++) {
      let looks = 0;
      for (const parity of [0, 1]) {
        const list = gone[parity];
        for (let j = 0; j < goneCount[parity]; j++) {
          for (const o of offsets) {
            const i = list[j] + o;
            if (img[i] && seen[i] !== t + 1) (seen[i] = t + 1), (look[looks++] = i);
          }
        }
      }
      const table = t & 1 ? DELETE_2 : DELETE_1;
      // Sub-iteration t - 2's deletions are read: this one's may take their place.
      const out = gone[t & 1];
      let removed = 0;
      for (let j = 0; j < looks; j++) {
        const i = look[j];
        if (table[neighbourhood(img, i, width)]) out[removed++] = i;
      }
      for (let j = 0; j < removed; j++) img[out[j]] = 0;
      goneCount[t & 1] = removed;
      quiet = removed ? 0 : quiet + 1;
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
