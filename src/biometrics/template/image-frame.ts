import type { FingerTemplate } from './types.ts';

/**
 * The template's minutiae in the pixel frame of an image of width x height. A record states the
 * image size its coordinates refer to; third-party templates are sometimes taken from a resized
 * copy of the image (the FVC2002 .iso files: every database at its own stretched size), so their
 * minutiae must be mapped back before they are compared with anything taken from the image itself.
 * Directions follow the stretch (a ridge's slope scales by sy / sx).
 */
export function toImageFrame(t: FingerTemplate, width: number, height: number): FingerTemplate {
  if (t.width === width && t.height === height) return t;
  const sx = t.width / width;
  const sy = t.height / height;
  const minutiae = t.minutiae.map((m) => {
    const a = Math.atan2(Math.sin(m.angle) / sy, Math.cos(m.angle) / sx);
    return { ...m, x: m.x / sx, y: m.y / sy, angle: a < 0 ? a + 2 * Math.PI : a };
  });
  return { ...t, width, height, minutiae };
}
