import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Body } from '../messages/index.ts';
import { unpackTemplates } from '../biometrics/template/packed.ts';
import type { FingerTemplate } from '../biometrics/template/types.ts';
import { InputError } from '../errors.ts';
import type { CarInput } from '../nist/index.ts';
import type { CaptureResult, CaptureTask, ExtractResult, KeyedPrints, PackedKeyedPrints } from './capture-worker.ts';

/**
 * Worker threads for the synthetic captures (see capture-worker.ts): one per core. On the images
 * path, shared by the booking agencies' capture and CJIS's extraction, so both cores work while the
 * main thread runs the bus; on the template path, they draw the minutiae-level prints.
 */
export class CapturePool {
  private readonly pool = new Piscina<CaptureTask, CaptureResult | ExtractResult | Float64Array[] | PackedKeyedPrints[]>({
    filename: new URL('../worker-entry.mjs', import.meta.url).href,
    workerData: { module: new URL('./capture-worker.ts', import.meta.url).href },
    maxThreads: availableParallelism(),
    minThreads: availableParallelism(),
    // Tasks are seconds long: a deep queue costs nothing, and keeps every thread fed.
    maxQueue: Infinity,
  });

  /** One person's masters grown once and each of their bookings' CAR rendered and compressed. */
  capture(fingerSeed: number, bookings: { impression: number; car: CarInput }[]): Promise<CaptureResult> {
    return this.pool.run({ kind: 'capture', fingerSeed, bookings }) as Promise<CaptureResult>;
  }

  /** A CAR's prints decoded and extracted off the main thread; a malformed CAR throws InputError. */
  prints = async (car: Body<'car'>): Promise<FingerTemplate[]> => {
    const r = (await this.pool.run({ kind: 'extract', nist: Buffer.from(car.nist!, 'base64') })) as ExtractResult;
    if ('refused' in r) throw new InputError(r.refused);
    return r.prints;
  };

  /** Minutiae-level impressions (template path), in the order asked. */
  async impressions(prints: { fingerSeed: number; impression: number }[]): Promise<FingerTemplate[][]> {
    return ((await this.pool.run({ kind: 'impressions', prints })) as Float64Array[]).map(unpackTemplates);
  }

  /** impressions() with each one's 1:N index keys, for enrolment in a gallery (TenprintGallery.keep). */
  async keyed(prints: { fingerSeed: number; impression: number }[]): Promise<KeyedPrints[]> {
    return ((await this.pool.run({ kind: 'keyed', prints })) as PackedKeyedPrints[]).map((k) => ({ fingers: unpackTemplates(k.fingers), keys: k.keys }));
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
