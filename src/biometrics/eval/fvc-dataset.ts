import { readdirSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../errors.ts';

/** One impression of an FVC-style folder: `F_I.ext` is impression I of finger F. */
export interface Impression {
  finger: string;
  impression: number;
  file: string;
}

const NAME = /^(\d+)_(\d+)\.(tif|tiff|png|pgm|bmp|wsq)$/i;

/** The impressions of a folder, in finger then impression order. */
export function listImpressions(dir: string): Impression[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new InputError(`cannot read folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const out = names.flatMap((n) => {
    const m = NAME.exec(n);
    return m ? [{ finger: m[1], impression: Number(m[2]), file: path.join(dir, n) }] : [];
  });
  if (out.length === 0) throw new InputError(`${dir} holds no FVC-style images (F_I.tif, F_I.png, ...)`);
  return out.sort((a, b) => Number(a.finger) - Number(b.finger) || a.impression - b.impression);
}

/**
 * The all-pairs protocol: every pair of impressions of the same finger is genuine, every pair of
 * impressions of different fingers an impostor comparison (each unordered pair once).
 */
export function allPairs(items: Impression[]): { genuine: [number, number][]; impostor: [number, number][] } {
  const genuine: [number, number][] = [];
  const impostor: [number, number][] = [];
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) (items[a].finger === items[b].finger ? genuine : impostor).push([a, b]);
  }
  return { genuine, impostor };
}
