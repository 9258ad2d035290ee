/** ITU-R BT.601 luma from 8-bit RGB, in integer arithmetic (weights sum to 1024). */
export function luma(r: number, g: number, b: number): number {
  return (306 * r + 601 * g + 117 * b + 512) >> 10;
}

/** Grayscale pixels from interleaved RGBA, compositing transparent pixels on white (paper). */
export function rgbaToGray(rgba: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0, j = 0; i < count; i++, j += 4) {
    const a = rgba[j + 3];
    const y = luma(rgba[j], rgba[j + 1], rgba[j + 2]);
    out[i] = a === 255 ? y : Math.round((y * a + 255 * (255 - a)) / 255);
  }
  return out;
}
