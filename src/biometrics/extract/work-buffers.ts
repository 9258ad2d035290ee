type Typed = Float32Array | Float64Array | Int32Array | Uint8Array;
const buffers = new Map<string, Typed>();

/**
 * A work buffer of at least `length` elements kept between extractions under `name`: fresh
 * megabytes per image cost page faults and zeroing, and garbage collections that pause the
 * caller. Its contents are whatever the last image left: callers write every element they read.
 * Safe because an extraction runs to completion before the next starts, each worker thread has
 * its own module, and no template holds on to a buffer.
 */
export function workBuffer<T extends Typed>(name: string, length: number, Kind: new (length: number) => T): T {
  let b = buffers.get(name) as T | undefined;
  if (!b || b.length < length) buffers.set(name, (b = new Kind(length)));
  return b.subarray(0, length) as T;
}
