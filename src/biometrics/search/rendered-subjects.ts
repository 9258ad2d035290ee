import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { z } from 'zod';
import * as parameters from '../parameters.ts';
import type { FingerTemplate } from '../template/types.ts';
import { fromWireTemplate, wireTemplateSchema } from './wire-template.ts';

/** What a render task asks for: one subject's fingers at these positions, these impressions of each. */
export interface RenderTask {
  seed: number;
  positions: number[];
  impressions: number[];
}

const cachedSchema = z.object({
  seed: z.number().int(),
  positions: z.array(z.number().int().min(1).max(10)),
  impressions: z.array(z.number().int()),
  /** templates[k][f]: impression impressions[k] of finger positions[f]. */
  templates: z.array(z.array(wireTemplateSchema)),
});
export type RenderedSubject = z.infer<typeof cachedSchema>;

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Fingerprint of everything a rendered template depends on: the synthetic generator's and the
 * extractor's sources and the engine parameters those sources name. A change to any of them (for
 * instance the extractor rewrite) makes the cache miss instead of serving stale templates, while a
 * matcher or search parameter, which no rendered template depends on, keeps the cache.
 */
export function renderCacheKey(): string {
  const h = createHash('sha256');
  let sources = '';
  for (const dir of ['../synth', '../extract']) {
    const abs = path.join(here, dir);
    for (const f of readdirSync(abs).filter((f) => f.endsWith('.ts')).sort()) {
      const text = readFileSync(path.join(abs, f), 'utf8');
      h.update(f).update(text);
      sources += text;
    }
  }
  const used = Object.entries(parameters).filter(([k]) => new RegExp(`\\b${k}\\b`).test(sources)).sort(([a], [b]) => a.localeCompare(b));
  h.update(JSON.stringify(used));
  return h.digest('hex').slice(0, 16);
}

/**
 * Templates extracted from rendered impressions (full master -> distorted impression image -> our
 * extractor), cached on disk one file per subject under `dir/<cache key>/` so reruns are cheap and
 * an interrupted run resumes. Missing subjects are rendered on `threads` worker threads.
 * Returns, per requested seed in order, templates[k][f] as in RenderTask.
 */
export async function renderedSubjects(
  tasks: RenderTask[],
  options: { dir: string; threads: number; onProgress?: (done: number, total: number, rendered: number) => void },
): Promise<FingerTemplate[][][]> {
  const folder = path.join(options.dir, renderCacheKey());
  mkdirSync(folder, { recursive: true });
  const file = (t: RenderTask) => path.join(folder, `${t.seed}-${t.positions.join('.')}-${t.impressions.join('.')}.json`);
  const out: FingerTemplate[][][] = new Array(tasks.length);
  const missing: number[] = [];
  tasks.forEach((t, i) => {
    try {
      const cached = cachedSchema.parse(JSON.parse(readFileSync(file(t), 'utf8')));
      out[i] = cached.templates.map((row) => row.map(fromWireTemplate));
    } catch {
      missing.push(i);
    }
  });
  let done = tasks.length - missing.length;
  options.onProgress?.(done, tasks.length, 0);
  if (missing.length === 0) return out;
  const pool = new Piscina({
    filename: new URL('../../worker-entry.mjs', import.meta.url).href,
    workerData: { module: new URL('./render-worker.ts', import.meta.url).href },
    minThreads: options.threads,
    maxThreads: options.threads,
  });
  let rendered = 0;
  try {
    await Promise.all(
      missing.map(async (i) => {
        const result = cachedSchema.parse(await pool.run(tasks[i]));
        // Written whole then renamed: a killed run never leaves a half file that later parses wrong.
        writeFileSync(file(tasks[i]) + '.tmp', JSON.stringify(result));
        renameSync(file(tasks[i]) + '.tmp', file(tasks[i]));
        out[i] = result.templates.map((row) => row.map(fromWireTemplate));
        options.onProgress?.(++done, tasks.length, ++rendered);
      }),
    );
  } finally {
    await pool.destroy();
  }
  return out;
}
