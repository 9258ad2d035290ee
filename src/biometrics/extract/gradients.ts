/** Sobel gradients of a float image (zero at the outermost pixels). */
export function computeGradients(img: Float32Array, width: number, height: number): { gx: Float32Array; gy: Float32Array } {
  const gx = new Float32Array(width * height);
  const gy = new Float32Array(width * height);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const a = img[i - width - 1], b = img[i - width], c = img[i - width + 1];
      const d = img[i - 1], f = img[i + 1];
      const g = img[i + width - 1], h = img[i + width], k = img[i + width + 1];
      gx[i] = c + 2 * f + k - a - 2 * d - g;
      gy[i] = g + 2 * h + k - a - 2 * b - c;
    }
  }
  return { gx, gy };
}
