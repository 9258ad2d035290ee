/**
 * The minutiae template every part of the engine exchanges.
 *
 * Conventions (those of ISO/IEC 19794-2:2005, so templates convert without loss):
 * - x, y in pixels of the original image, origin top-left, y grows downward;
 * - angle in radians in [0, 2π), measured counter-clockwise from the +x axis as seen on screen
 *   (so the unit vector in image coordinates is (cos a, -sin a)); a ridge ending points back into
 *   its ridge, a bifurcation away from its stem toward the fork, so an ending and the bifurcation
 *   it becomes under more pressure point the same way;
 * - quality 0..100 (100 best), 0 when unknown.
 */
export type MinutiaType = 'ending' | 'bifurcation' | 'other';

export interface Minutia {
  x: number;
  y: number;
  angle: number;
  type: MinutiaType;
  quality: number;
}

export interface FingerTemplate {
  width: number;
  height: number;
  /** Resolution of the image the minutiae were taken from, pixels per inch. */
  ppi: number;
  /** Whole-template quality 0..100; 0 with `reason` when nothing usable was found. */
  quality: number;
  minutiae: Minutia[];
  /** ANSI/NIST finger position code 0..10 (0 unknown, 1 right thumb ... 10 left little). */
  fingerPosition?: number;
  /** Why the template is empty or poor (blank, tiny, saturated, not a fingerprint...). */
  reason?: string;
}
