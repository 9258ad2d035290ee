import { extract } from '../extract/index.ts';
import { createFingerMaster, renderFingerImpression } from '../synth/index.ts';
import type { RenderedSubject, RenderTask } from './rendered-subjects.ts';
import { toWireTemplate } from './wire-template.ts';

/** Worker task: grow the masters of the asked fingers, render each impression, extract it. */
export default function renderSubject(task: RenderTask): RenderedSubject {
  const masters = task.positions.map((pos) => createFingerMaster(task.seed, pos));
  const templates = task.impressions.map((imp) => masters.map((m, f) => toWireTemplate(extract(renderFingerImpression(task.seed, task.positions[f], m, imp), task.positions[f]))));
  return { ...task, templates };
}
