import { createTemplateSubject, impressionTemplates } from '../synth/index.ts';
import type { FingerTemplate } from '../template/types.ts';
import { byFingerPosition, indexKeys } from './gallery.ts';

export interface BuildTask {
  seeds: number[];
  impression: number;
}

export interface BuiltSubject {
  fingers: FingerTemplate[];
  keys: (Uint32Array | undefined)[];
}

/** Worker task: template-path gallery subjects (minutiae-level masters, one impression each) with their index keys. */
export default function build(task: BuildTask): BuiltSubject[] {
  return task.seeds.map((seed) => {
    const fingers = impressionTemplates(createTemplateSubject(seed), task.impression);
    return { fingers, keys: indexKeys(byFingerPosition(fingers)) };
  });
}
