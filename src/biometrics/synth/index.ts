import { extract } from '../extract/index.ts';
import type { GrayImage } from '../image/gray-image.ts';
import type { FingerTemplate, Minutia } from '../template/types.ts';
import { Rng } from '../../random.ts';
import { drawImpression, renderWith, toImpression } from './impression.ts';
import { createMaster, createMinutiaeMaster, type MasterFinger, type PatternClass } from './master.ts';

export { createMaster, createMinutiaeMaster, type MasterFinger, type MinutiaeMaster, type PatternClass } from './master.ts';

/** A synthetic person's ten fingers (positions 1..10) known by their masters' minutiae. */
export interface SubjectMinutiae {
  seed: number;
  fingers: { width: number; height: number; patternClass: PatternClass }[];
  /** Each master's minutiae: the ground truth every impression is taken from. */
  minutiae: Minutia[][];
}

/** A synthetic person's ten fingers, each a full master fingerprint that images can be rendered from. */
export interface SyntheticSubject extends SubjectMinutiae {
  fingers: MasterFinger[];
}

/** Ten master fingers, deterministic from the seed. */
export function createSubject(seed: number): SyntheticSubject {
  const fingers = Array.from({ length: 10 }, (_, f) => createMaster(hashSeed(seed, f + 1)));
  return { seed, fingers, minutiae: fingers.map((m) => masterMinutiae(m)) };
}

/**
 * Ten minutiae-level masters (see createMinutiaeMaster): for the template fast path, where millions
 * of fingers are needed and no image is rendered. Same pattern classes as createSubject(seed).
 */
export function createTemplateSubject(seed: number): SubjectMinutiae {
  const fingers = Array.from({ length: 10 }, (_, f) => createMinutiaeMaster(hashSeed(seed, f + 1)));
  return { seed, fingers, minutiae: fingers.map((m) => m.minutiae) };
}

/** One impression of one finger (position 1..10) as a 500 ppi grayscale image. */
export function renderImpression(subject: SyntheticSubject, fingerPosition: number, impressionSeed: number): GrayImage {
  const master = subject.fingers[fingerPosition - 1];
  if (!master) throw new RangeError(`finger position ${fingerPosition} is not 1..10`);
  return renderFingerImpression(subject.seed, fingerPosition, master, impressionSeed);
}

/**
 * The master of one finger of subject `seed`, the same as createSubject(seed).fingers[position - 1]
 * but without growing the other nine or extracting its minutiae: for searches that read only some
 * fingers (a master costs ~200 ms to grow).
 */
export function createFingerMaster(seed: number, fingerPosition: number): MasterFinger {
  if (!Number.isInteger(fingerPosition) || fingerPosition < 1 || fingerPosition > 10) throw new RangeError(`finger position ${fingerPosition} is not 1..10`);
  return createMaster(hashSeed(seed, fingerPosition));
}

/** An impression of a master made by createFingerMaster(seed, position): the same image renderImpression gives. */
export function renderFingerImpression(seed: number, fingerPosition: number, master: MasterFinger, impressionSeed: number): GrayImage {
  const s = hashSeed(seed * 31 + fingerPosition, impressionSeed);
  return renderWith(master, drawImpression(master, s), s);
}

/**
 * The ten templates of one impression without rendering it (the fast path for large galleries and
 * booking streams): the master's minutiae moved by the same impression model as the image would be,
 * cut to its contact area, with missed and spurious minutiae and position and angle jitter as an
 * extractor on a real impression would give.
 */
export function impressionTemplates(subject: SubjectMinutiae, impressionSeed: number): FingerTemplate[] {
  return subject.fingers.map((master, f) => {
    const seed = hashSeed(subject.seed * 31 + f + 1, impressionSeed);
    const model = drawImpression(master, seed);
    const rng = new Rng(seed ^ 0x7e4a);
    const { width: w, height: h } = master;
    const out: Minutia[] = [];
    for (const m of subject.minutiae[f]) {
      const [x, y] = toImpression(model, w, h, m.x, m.y);
      const ex = (x - model.contact.cx) / model.contact.rx;
      const ey = (y - model.contact.cy) / model.contact.ry;
      if (ex * ex + ey * ey > 0.8 || rng.chance(0.15)) continue;
      const angle = (((m.angle - model.angle + rng.normal(0, 0.12)) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
      out.push({ x: Math.round(x + rng.normal(0, 2.5)), y: Math.round(y + rng.normal(0, 2.5)), angle, type: rng.chance(0.1) ? (m.type === 'ending' ? 'bifurcation' : 'ending') : m.type, quality: m.quality });
    }
    for (let k = rng.int(5); k > 0; k--) {
      const t = rng.range(0, 2 * Math.PI);
      const r = Math.sqrt(rng.next()) * 0.8;
      out.push({ x: Math.round(model.contact.cx + r * Math.cos(t) * model.contact.rx), y: Math.round(model.contact.cy + r * Math.sin(t) * model.contact.ry), angle: rng.range(0, 2 * Math.PI), type: rng.chance(0.5) ? 'ending' : 'bifurcation', quality: 30 });
    }
    return { width: w, height: h, ppi: 500, quality: out.length >= 12 ? 80 : 40, minutiae: out, fingerPosition: f + 1 };
  });
}

export function patternClassOf(subject: SubjectMinutiae, fingerPosition: number): PatternClass {
  return subject.fingers[fingerPosition - 1].patternClass;
}

/** The clean master rendered (ridges dark) and run through the extractor, its ridges given as they are. */
function masterMinutiae(m: MasterFinger): Minutia[] {
  const pixels = new Uint8Array(m.width * m.height);
  const ridges = new Uint8Array(m.width * m.height);
  for (let i = 0; i < pixels.length; i++) {
    ridges[i] = m.mask[i] && m.ridges[i] > 0 ? 1 : 0;
    pixels[i] = m.mask[i] ? (ridges[i] ? 40 : 220) : 230;
  }
  return extract({ width: m.width, height: m.height, ppi: 500, pixels }, undefined, { ridges, period: m.period }).minutiae;
}

function hashSeed(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  return Math.imul(h, 0x27d4eb2f) >>> 0;
}
