import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.ts';
import { runDemo } from '../../sim/demo.ts';
import { emit, note, table } from '../output.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Run the whole interoperability network in one process: booking agencies (ten counties of ten states), their ' +
        'State Identification Bureaus, FBI CJIS (criminal master file, 1:N search), DHS IDENT, ICE LESC, ERO field ' +
        'offices (policy decisions, detainers) and oversight (audit chain), each node with its own SQLite store under ' +
        '--dir, talking only through messages. A synthetic population with known ground truth is enrolled first, then ' +
        'N bookings travel end to end; dispositions on minor traffic bookings follow. By default each booking\'s ten ' +
        'prints are rendered, WSQ-compressed into an ANSI/NIST CAR, decoded and extracted; --templates skips the images.',
    )
    .option('--bookings <n>', 'bookings to run', '1000')
    .option('--templates', 'template fast path: minutiae templates instead of images, WSQ and ANSI/NIST')
    .option('--seed <n>', 'random seed of the population and bookings', '1')
    .option('--dir <dir>', 'folder of the nodes\' stores', path.join('.scomm', 'demo'))
    .option('--resume', 'finish an interrupted run in --dir (same --bookings and --seed): every booking completes once')
    .option('--json', 'machine-readable output (bookings, sre, identMatches, iaq, iar, detainersIssued, detainersBlocked, byLevel, auditChainValid, groundTruth, ...)')
    .action(async (opts: { bookings: string; templates?: boolean; seed: string; dir: string; resume?: boolean; json?: boolean }) => {
      const bookings = Number(opts.bookings);
      if (!Number.isInteger(bookings) || bookings < 1 || bookings > 10_000_000) throw new InputError(`--bookings must be a whole number from 1 to 10,000,000 (got '${opts.bookings}')`);
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed) || seed < 0) throw new InputError(`--seed must be a whole number (got '${opts.seed}')`);
      let last = 0;
      const s = await runDemo({
        bookings,
        templates: Boolean(opts.templates),
        seed,
        dir: opts.dir,
        resume: Boolean(opts.resume),
        progress: (done, total, phase) => {
          const now = performance.now();
          if (now - last < 1000 && done < total) return;
          last = now;
          note(`demo: ${phase} ${done}/${total}`);
        },
      });
      emit(opts, s, () =>
        [
          `scomm demo: ${s.bookings} bookings through every agency (${s.mode}, population ${s.population}) in ${(s.ms / 1000).toFixed(1)} s (${s.bookingsPerSecond} bookings/s; CPU ${(s.cpuMs / 1000).toFixed(1)} s)`,
          table(
            ['figure', 'value'],
            [
              ['SRE (criminal history answers)', s.sre],
              ['ERRT (rejections)', s.errt],
              ['IDENT searches (activated counties)', s.identSearches],
              ['IDENT matches', s.identMatches],
              ['IAQ / IAR', `${s.iaq} / ${s.iar}`],
              ['level 1 / 2 / 3 / none', `${s.byLevel.level1} / ${s.byLevel.level2} / ${s.byLevel.level3} / ${s.byLevel.none}`],
              ['actions', Object.entries(s.byAction).map(([k, v]) => `${k} ${v}`).join(', ')],
              ['detainers issued (honored / declined)', `${s.detainersIssued} (${s.detainersHonored} / ${s.detainersDeclined})`],
              ['decisions held by a safeguard or the traffic rule', s.detainersBlocked],
              ['dispositions reported', s.dispositions],
              ['audit chain', `${s.auditChainValid ? 'valid' : 'BROKEN'}, ${s.auditEntries} entries`],
              ['dead letters', s.deadLetters],
              ['ground truth: IDENT matches correct / false / missed', `${s.groundTruth.identMatchesCorrect} / ${s.groundTruth.falseMatches} / ${s.groundTruth.missedMatches}`],
              ['ground truth: CJIS hits correct / false', `${s.groundTruth.cjisHitsCorrect} / ${s.groundTruth.cjisFalseHits}`],
            ],
          ),
        ].join('\n'),
      );
    });
}
