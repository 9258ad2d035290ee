import type { GrayImage } from '../image/gray-image.ts';
import { BASE_PPI, RESAMPLE_TOLERANCE } from '../parameters.ts';

/** The image at 500 ppi (bilinear) and the factor from its coordinates back to the original's. */
export function resampleTo500(image: GrayImage): { image: GrayImage; scale: number } {
  const ppi = image.ppi > 0 ? image.ppi : BASE_PPI;
  if (Math.abs(ppi / BASE_PPI - 1) <= RESAMPLE_TOLERANCE) return { image, scale: 1 };
  const scale = ppi / BASE_PPI;
  const width = Math.max(1, Math.round(image.width / scale));
  const height = Math.max(1, Math.round(image.height / scale));
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.max(0, (y + 0.5) * scale - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(image.height - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, (x + 0.5) * scale - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(image.width - 1, x0 + 1);
      const fx = sx - x0;
      const p = image.pixels;
      const top = p[y0 * image.width + x0] * (1 - fx) + p[y0 * image.width + x1] * fx;
      const bottom = p[y1 * image.width + x0] * (1 - fx) + p[y1 * image.width + x1] * fx;
      pixels[y * width + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { image: { width, height, ppi: BASE_PPI, pixels }, scale };
}
