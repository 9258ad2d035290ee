import type { GrayImage } from '../image/gray-image.ts';
import { BLOCK, BORDER_MARGIN, MAX_MINUTIAE, MIN_FOREGROUND_BLOCKS, MIN_MEAN_COHERENCE } from '../parameters.ts';
import type { FingerTemplate, Minutia } from '../template/types.ts';
import { blockGrid } from './block-grid.ts';
import { computeGradients } from './gradients.ts';
import { enhanceAndBinarize } from './gabor-enhance.ts';
import { detectMinutiae } from './minutiae-detect.ts';
import { removeFalseMinutiae } from './minutiae-filter.ts';
import { refineDirections } from './minutia-direction.ts';
import { estimateOrientation } from './orientation-field.ts';
import { resampleTo500 } from './resample.ts';
import { estimateRidgePeriod } from './ridge-frequency.ts';
import { computeSegmentationMask } from './segmentation-mask.ts';
import { thin } from './thinning.ts';
import { borderDistance, normalize } from './normalize.ts';

/** Ridges known exactly (a synthetic master's): 1 on ridge pixels of the 500 ppi image, and the ridge period. */
export interface KnownRidges {
  ridges: Uint8Array;
  period: number;
}

/**
 * Minutiae extraction: a short script of stages, each in its own file. Blank, tiny, saturated or
 * structureless images give an empty template with quality 0 and the reason. With `known` ridges
 * (a synthetic master, whose ridge pattern is exact) the period estimate and Gabor enhancement,
 * there to recover ridges from a real impression, are skipped and the given ridges are thinned.
 */
export function extract(input: GrayImage, fingerPosition?: number, known?: KnownRidges): FingerTemplate {
  const empty = (reason: string): FingerTemplate => ({ width: input.width, height: input.height, ppi: input.ppi, quality: 0, minutiae: [], fingerPosition, reason });
  if (input.width < 64 || input.height < 64) return empty(`image ${input.width}x${input.height} is too small for a fingerprint`);
  const { image, scale } = resampleTo500(input);
  const { width, height } = image;
  const normalized = normalize(image);
  if (!normalized) return empty('image is blank or saturated (no grey-level variation)');
  const grid = blockGrid(width, height);
  const { gx, gy, moments } = computeGradients(normalized, grid);
  const mask = computeSegmentationMask(moments, grid);
  const foreground = mask.reduce((s, v) => s + v, 0);
  if (foreground < MIN_FOREGROUND_BLOCKS) return empty(`only ${foreground} blocks of ridge structure found (needs ${MIN_FOREGROUND_BLOCKS})`);
  const field = estimateOrientation(moments, mask, grid);
  let coherenceSum = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) coherenceSum += field.coherence[i];
  const meanCoherence = coherenceSum / foreground;
  if (meanCoherence < MIN_MEAN_COHERENCE) return empty(`no ridge flow (mean orientation coherence ${meanCoherence.toFixed(2)}): not a fingerprint`);
  if (known && (scale !== 1 || known.ridges.length !== width * height)) throw new RangeError('known ridges must be those of a 500 ppi image of the same size');
  const period = known ? new Float32Array(grid.bw * grid.bh).fill(known.period) : estimateRidgePeriod(normalized, mask, field, grid);
  const ridges = known ? known.ridges : enhanceAndBinarize(normalized, mask, field, period, grid);
  const skeleton = thin(ridges, width, height);
  const distance = borderDistance(mask, grid);
  const found = detectMinutiae(skeleton, width, height, (x, y) => distance(x, y) > BORDER_MARGIN);
  const kept = refineDirections(removeFalseMinutiae(found), gx, gy, period, grid);
  const minutiae: Minutia[] = kept.map((m) => {
    const b = Math.floor(m.y / BLOCK) * grid.bw + Math.floor(m.x / BLOCK);
    // Reliable where the ridge flow is coherent and away from the print's edge.
    const quality = Math.round(100 * Math.min(1, field.coherence[b] / 0.8) * Math.min(1, distance(m.x, m.y) / (3 * BORDER_MARGIN)));
    // To the template convention: original pixels, angle counter-clockwise with y up.
    return { x: Math.round(m.x * scale), y: Math.round(m.y * scale), angle: (2 * Math.PI - m.angle) % (2 * Math.PI), type: m.type, quality: Math.max(1, quality) };
  });
  minutiae.sort((a, b) => b.quality - a.quality);
  const quality = Math.round(100 * Math.min(1, meanCoherence / 0.7) * Math.min(1, foreground / 400));
  return { width: input.width, height: input.height, ppi: input.ppi > 0 ? input.ppi : 500, quality, minutiae: minutiae.slice(0, MAX_MINUTIAE), fingerPosition };
}
