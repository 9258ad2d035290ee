import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { SEARCH_CANDIDATES } from '../../biometrics/parameters.ts';
import { runSearchBench } from '../../biometrics/search/search-bench.ts';
import { InputError } from '../../errors.ts';
import { emit, note, table } from '../output.ts';

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;

export function registerBench(program: Command): void {
  const bench = program.command('bench').description('Benchmarks of the engine at scale.');
  bench
    .command('search')
    .description(
      'Builds an N-subject tenprint gallery and runs mated and non-mated 1:N searches on worker threads sharing it. ' +
        'The first --rendered subjects come from rendered impressions (full synthetic masters -> distorted impression ' +
        'images -> our extractor; only the fingers the search reads are rendered): enrolled from impression 1, searched ' +
        'with impression 2 (mated), then removed and searched again (non-mated). The rest of the gallery is minutiae-level ' +
        'masters. The threshold is calibrated from the non-mated best scores to --fpir; FNIR is measured at it. Rendered ' +
        'templates and built galleries are cached under --cache (reruns are cheap; changed engine sources invalidate them). ' +
        'Re-derive SEARCH_THRESHOLD with: scomm bench search --subjects 100000 --json (key threshold).',
    )
    .requiredOption('--subjects <n>', 'gallery subjects (ten fingers each)')
    .option('--rendered <n>', 'rendered subjects: the mated and non-mated searches (default min(1000, subjects))')
    .option('--held-out <n>', 'extra non-mated searches with template-path probes of people never enrolled', '1000')
    .option('--template-mated <n>', 'extra mated searches with template-path probes (default 1000 - rendered, so at least 1000 mated searches in all)')
    .option('--fpir <rate>', 'target false positive identification rate of the calibrated threshold', '0.001')
    .option('--threads <n>', 'worker threads', String(availableParallelism()))
    .option('--candidates <n>', 'candidates verified 1:1 per search', String(SEARCH_CANDIDATES))
    .option('--single-position <p>', 'finger position of the single-finger searches', '2')
    .option('--seed <n>', 'random seed', '1')
    .option('--cache <dir>', 'cache of rendered templates and built galleries', '.scomm/bench-cache')
    .option('--json', 'machine-readable output: {subjects, fingers, queries, p50Ms, p95Ms, fnir, fpir, buildMs, memoryMB, threshold, rank1, singleFinger, ...}')
    .action(async (opts: { subjects: string; rendered?: string; heldOut: string; templateMated?: string; fpir: string; threads: string; candidates: string; singlePosition: string; seed: string; cache: string; json?: boolean }) => {
      const int = (name: string, v: string, min: number, max: number) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < min || n > max) throw new InputError(`${name} must be a whole number from ${min} to ${max} (got '${v}')`);
        return n;
      };
      const subjects = int('--subjects', opts.subjects, 1, 2_000_000);
      const rendered = int('--rendered', opts.rendered ?? String(Math.min(1000, subjects)), 1, Math.min(1000, subjects));
      const fpir = Number(opts.fpir);
      if (!(fpir > 0 && fpir < 1)) throw new InputError(`--fpir must be a rate between 0 and 1 (got '${opts.fpir}')`);
      const singlePosition = int('--single-position', opts.singlePosition, 1, 10);
      const r = await runSearchBench({
        subjects,
        rendered,
        heldOut: int('--held-out', opts.heldOut, 0, 1_000_000),
        templateMated: int('--template-mated', opts.templateMated ?? String(Math.max(0, 1000 - rendered)), 0, 1_000_000),
        fpir,
        threads: int('--threads', opts.threads, 1, 64),
        candidates: int('--candidates', opts.candidates, 1, 10_000),
        singlePosition,
        seed: int('--seed', opts.seed, 1, 400),
        cacheDir: opts.cache,
        onProgress: note,
      });
      emit(opts, r, () =>
        table(
          ['search', 'subjects', 'p50 ms', 'p95 ms', 'threshold', 'FNIR', 'FPIR', 'rank-1'],
          [
            ['tenprint', r.subjects, r.p50Ms, r.p95Ms, r.threshold, pct(r.fnir), pct(r.fpir), pct(r.rank1)],
            [`finger ${r.singleFinger.position}`, r.subjects, r.singleFinger.p50Ms, r.singleFinger.p95Ms, r.singleFinger.threshold, pct(r.singleFinger.fnir), pct(r.singleFinger.fpir), pct(r.singleFinger.rank1)],
          ],
        ) +
          `\nrendered: ${r.rendered.mated} mated (FNIR ${pct(r.rendered.fnir)}) + ${r.rendered.nonMated} non-mated (FPIR ${pct(r.rendered.fpir)}); ` +
          `template path: ${r.templatePath.mated} mated (FNIR ${pct(r.templatePath.fnir)}) + ${r.templatePath.nonMated} non-mated (FPIR ${pct(r.templatePath.fpir)})\n` +
          `gallery ${r.galleryMB} MB (${r.bytesPerSubject} B/subject), process ${r.memoryMB} MB, build ${(r.buildMs / 1000).toFixed(1)} s${r.galleryFromCache ? ' (from cache)' : ''}`,
      );
    });
}
