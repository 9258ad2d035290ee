/** An 8-bit grayscale image, row-major, 0 = black. `ppi` is pixels per inch (500 for most fingerprint scanners). */
export interface GrayImage {
  width: number;
  height: number;
  ppi: number;
  pixels: Uint8Array;
}

export function createGrayImage(width: number, height: number, ppi = 500, fill = 255): GrayImage {
  const pixels = new Uint8Array(width * height);
  if (fill !== 0) pixels.fill(fill);
  return { width, height, ppi, pixels };
}
