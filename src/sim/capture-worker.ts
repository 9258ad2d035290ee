import { extract } from '../biometrics/extract/index.ts';
import { byFingerPosition, indexKeys } from '../biometrics/search/index.ts';
import { createSubject, createTemplateSubject, impressionTemplates, renderImpression } from '../biometrics/synth/index.ts';
import { packTemplates } from '../biometrics/template/packed.ts';
import type { FingerTemplate } from '../biometrics/template/types.ts';
import { InputError } from '../errors.ts';
import { buildCar, readCar, type CarInput } from '../nist/index.ts';
import type { SubjectMinutiae } from '../biometrics/synth/index.ts';

/**
 * The CPU-heavy work of the images path, run in worker threads (piscina) so that every core works
 * while the bus and the nodes run on the main thread:
 * - `capture`: a booked person's ten master fingers grown once, then each of their bookings' ten
 *   impressions rendered and WSQ-compressed into an ANSI/NIST CAR (what the jail's livescan does);
 * - `extract`: a CAR decoded (WSQ) and its ten fingers extracted (what CJIS does on receipt);
 * - template path: `impressions`, minutiae-level impressions of people's fingers (bookings), and
 *   `keyed`, the same with each one's 1:N index keys (records enrolled in a gallery, which would
 *   otherwise compute the keys on the main thread).
 */
export type CaptureTask =
  | { kind: 'capture'; fingerSeed: number; bookings: { impression: number; car: CarInput }[] }
  | { kind: 'extract'; nist: Uint8Array }
  | { kind: 'impressions'; prints: { fingerSeed: number; impression: number }[] }
  | { kind: 'keyed'; prints: { fingerSeed: number; impression: number }[] };

/** Impressions with their index keys (TenprintGallery.keep takes them). */
export interface KeyedPrints {
  fingers: FingerTemplate[];
  keys: (Uint32Array | undefined)[];
}

/** KeyedPrints as they cross the thread boundary: the fingers packed (packTemplates). */
export type PackedKeyedPrints = Omit<KeyedPrints, 'fingers'> & { fingers: Float64Array };

export interface CaptureResult {
  /** The masters' minutiae (ground truth the person's gallery records are drawn from), without the ridge images. */
  subject: SubjectMinutiae;
  cars: Uint8Array[];
}

/** Extraction's answer: the templates, or why the CAR was refused (an InputError does not survive the thread boundary as a class). */
export type ExtractResult = { prints: FingerTemplate[] } | { refused: string };

export default function run(task: CaptureTask): CaptureResult | ExtractResult | Float64Array[] | PackedKeyedPrints[] {
  if (task.kind === 'impressions' || task.kind === 'keyed') {
    // People come back within a task (a person's records, their bookings in a batch): draw each one's fingers once.
    const subjects = new Map<number, ReturnType<typeof createTemplateSubject>>();
    const fingersOf = (seed: number, impression: number) => {
      let subject = subjects.get(seed);
      if (!subject) subjects.set(seed, (subject = createTemplateSubject(seed)));
      return impressionTemplates(subject, impression);
    };
    const drawn = task.prints.map((p) => fingersOf(p.fingerSeed, p.impression));
    return task.kind === 'impressions' ? drawn.map(packTemplates) : drawn.map((fingers) => ({ fingers: packTemplates(fingers), keys: indexKeys(byFingerPosition(fingers)) }));
  }
  if (task.kind === 'extract') {
    try {
      const submission = readCar(task.nist, 'CAR');
      return { prints: submission.fingers.map((f) => extract(f.image, f.position)) };
    } catch (err) {
      if (err instanceof InputError) return { refused: err.message };
      throw err;
    }
  }
  const s = createSubject(task.fingerSeed);
  const cars = task.bookings.map((b) =>
    buildCar(
      b.car,
      Array.from({ length: 10 }, (_, f) => ({ position: f + 1, image: renderImpression(s, f + 1, b.impression) })),
    ),
  );
  return { subject: { seed: s.seed, fingers: s.fingers.map((m) => ({ width: m.width, height: m.height, patternClass: m.patternClass })), minutiae: s.minutiae }, cars };
}
