import { z } from 'zod';
import type { FingerTemplate, MinutiaType } from '../template/types.ts';

const TYPES: MinutiaType[] = ['ending', 'bifurcation', 'other'];

/**
 * A finger template as compact JSON for caches and worker messages: minutiae flattened to
 * [x, y, angle in milliradians, type 0 ending | 1 bifurcation | 2 other, quality] per minutia.
 */
export const wireTemplateSchema = z.object({
  w: z.number().int().nonnegative(),
  h: z.number().int().nonnegative(),
  ppi: z.number().int().nonnegative(),
  q: z.number().int().min(0).max(100),
  pos: z.number().int().min(0).max(10),
  m: z.array(z.number().int()).refine((a) => a.length % 5 === 0, 'minutiae come in fives'),
});
export type WireTemplate = z.infer<typeof wireTemplateSchema>;

export function toWireTemplate(t: FingerTemplate): WireTemplate {
  const m: number[] = [];
  for (const p of t.minutiae) m.push(Math.round(p.x), Math.round(p.y), Math.round(p.angle * 1000), TYPES.indexOf(p.type), Math.round(p.quality));
  return { w: t.width, h: t.height, ppi: t.ppi, q: Math.round(t.quality), pos: t.fingerPosition ?? 0, m };
}

export function fromWireTemplate(w: WireTemplate): FingerTemplate {
  const minutiae = [];
  for (let i = 0; i < w.m.length; i += 5) minutiae.push({ x: w.m[i], y: w.m[i + 1], angle: w.m[i + 2] / 1000, type: TYPES[w.m[i + 3]] ?? 'other', quality: w.m[i + 4] });
  return { width: w.w, height: w.h, ppi: w.ppi, quality: w.q, minutiae, fingerPosition: w.pos };
}
