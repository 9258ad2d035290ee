import type { Command } from 'commander';
import { InputError } from '../../errors.ts';
import { optedOutCounties, optOutModes, oversightMigrations, type OptOutMode } from '../../agencies/oversight/index.ts';
import { calibrationReport, CALIBRATION_THROUGH, fitParameters } from '../../sim/calibration.ts';
import { SIM_PARAMETERS } from '../../sim/parameters.ts';
import { loadCounties } from '../../sim/counties.ts';
import { runSimulation } from '../../sim/run.ts';
import { loadConfig } from '../../config/index.ts';
import { runThroughNetwork } from '../../sim/through-network.ts';
import { nationalFigures } from '../../stats/figures.ts';
import { deleteEvents, statsMigrations } from '../../stats/store.ts';
import { openStore } from '../../store/database.ts';
import { openMigratedStore } from '../open-store.ts';
import { emit, note, table } from '../output.ts';

interface SimOptions {
  from: string;
  to: string;
  scale: string;
  seed: string;
  policy?: string;
  safeguards: boolean;
  calibrate?: boolean;
  fit?: string;
  counties?: string;
  optOut: string;
  throughNetwork?: boolean;
  share: string;
  json?: boolean;
}

export function registerSim(program: Command): void {
  program
    .command('sim')
    .description(
      'Replay the Secure Communities rollout over the real county activation dates (fast statistical mode): ' +
        'bookings per county and day in proportion to population, IDENT searches from each activation date, ' +
        'matches decided by the policy version in force, transfers and removals. Its events replace the previous ' +
        "simulation's in the store (SQLite under ./.scomm/ or SCOMM_DATABASE_URL), where `scomm report` reads them.",
    )
    .option('--from <date>', 'first booking day', '2008-10-27')
    .option('--to <date>', 'last booking day', '2013-01-22')
    .option('--scale <f>', 'share of the real booking volume to simulate (1 = all, about 12 M a year)', '1')
    .option('--seed <n>', 'random seed: the same seed gives the same events', '1')
    .option('--policy <id>', 'decide every match under this policy version instead of the one in force on its date')
    .option('--no-safeguards', 'replay without the safeguards (history as it was)')
    .option('--calibrate', `simulate ${'2008-10-27'}..${CALIBRATION_THROUGH} and print every published target beside the model's value`)
    .option('--fit <iterations>', 'with --calibrate: re-fit the calibrated parameters (in memory, at --scale) and print them; the shipped values live in src/sim/parameters.ts')
    .option('--opt-out <mode>', 'recorded opt-out requests (scomm opt-out): honored (prints go to CJIS but not IDENT) or not-honored (as in 2011)', 'not-honored')
    .option('--counties <file>', 'county list CSV (default: ../shared/data/jurisdictions/counties.csv)')
    .option('--through-network', 'drive a sampled share of the bookings through the real agency nodes (template fast path); the oversight node writes their statistics events (source network), the fast mode the rest')
    .option('--share <f>', 'with --through-network: share of the real booking volume that goes through the nodes (0.00002: about 1,000 bookings over the whole rollout)', '0.00002')
    .option('--json', 'machine-readable output')
    .action(async (opts: SimOptions) => {
      const scale = Number(opts.scale);
      if (!(scale > 0 && scale <= 10)) throw new InputError(`--scale must be in (0, 10] (got '${opts.scale}')`);
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new InputError(`--seed must be a whole number (got '${opts.seed}')`);
      const counties = loadCounties(opts.counties);
      if (opts.fit !== undefined) {
        if (!opts.calibrate) throw new InputError('--fit goes with --calibrate');
        const iterations = Number(opts.fit);
        if (!Number.isInteger(iterations) || iterations < 1 || iterations > 50) throw new InputError(`--fit takes a number of iterations from 1 to 50 (got '${opts.fit}')`);
        const fit = await fitParameters(counties, {
          seed, scale, iterations, start: SIM_PARAMETERS,
          onIteration: (i, rows) => note(`fit: iteration ${i + 1}: largest error ${(100 * Math.max(...rows.map((r) => Math.abs(r.error)))).toFixed(1)} %`),
        });
        emit(opts, fit, () => JSON.stringify(fit.params, null, 2));
        return;
      }
      const from = opts.calibrate ? '2008-10-27' : opts.from;
      const to = opts.calibrate ? CALIBRATION_THROUGH : opts.to;
      if (!(optOutModes as readonly string[]).includes(opts.optOut)) throw new InputError(`--opt-out must be honored or not-honored (got '${opts.optOut}')`);
      const store = await openMigratedStore([...statsMigrations, ...oversightMigrations]);
      try {
        let last = -1;
        const optedOut = await optedOutCounties(store.db, opts.optOut as OptOutMode);
        if (optedOut.size) note(`sim: opt-out requests honored for ${optedOut.size} counties (CJIS only, no IDENT search)`);
        const share = opts.throughNetwork ? Number(opts.share) : 0;
        if (opts.throughNetwork) {
          if (!(share > 0 && share <= scale && share <= 0.01)) throw new InputError(`--share must be in (0, min(--scale, 0.01)] (got '${opts.share}')`);
          if (opts.calibrate || opts.policy || !opts.safeguards || optedOut.size) throw new InputError('--through-network runs the nodes as they are: no --calibrate, --policy, --no-safeguards or honored opt-outs');
        }
        const progress = (done: number, total: number) => {
          const pct = Math.floor((100 * done) / total);
          if (pct >= last + 10 || done === total) (last = pct), note(`sim: ${done}/${total} months (${pct} %)`);
        };
        const summary = await runSimulation(store.db, { counties, from, to, scale: scale - share, seed, policyId: opts.policy, safeguards: opts.safeguards, optedOut, onProgress: progress });
        if (opts.throughNetwork) {
          await deleteEvents(store.db, 'network');
          let lastNote = 0;
          const network = await runThroughNetwork({
            counties, from, to, share, seed,
            oversightStore: () => openStore(loadConfig().store),
            onProgress: (done, total, phase) => {
              if (done === total || performance.now() - lastNote > 2000) (lastNote = performance.now()), note(`sim: network: ${phase} ${done}/${total}`);
            },
          });
          const [all, fromNetwork] = await Promise.all([nationalFigures(store.db, {}), nationalFigures(store.db, { source: 'network' })]);
          const out = {
            ...summary, scale, share,
            bookings: all.bookings, submissions: all.submissions, identMatches: all.identMatches, detainers: all.detainers, removals: all.removals,
            removalsByLevel: all.removalsByLevel, nonCriminalShare: all.nonCriminalShare, noRecordTransferShare: all.noRecordTransferShare,
            network: { ...network, events: fromNetwork },
          };
          emit(opts, out, () =>
            table(
              ['figure', 'network events', 'network tables'],
              [
                ['bookings', fromNetwork.bookings, network.tables.bookings],
                ['IDENT submissions', fromNetwork.submissions, network.tables.identSearches],
                ['IDENT matches', fromNetwork.identMatches, network.tables.identMatches],
                ['  level 1 / 2 / 3 / none', fmtLevels(fromNetwork.matchesByLevel), fmtLevels(network.tables.casesByLevel)],
                ['detainers', fromNetwork.detainers, network.tables.detainers],
                ['counties / nodes', network.counties, network.nodes],
                ['IDENT ground truth', `${network.groundTruth.matchesCorrect} correct, ${network.groundTruth.falseMatches} false, ${network.groundTruth.missedMatches} missed`, `of ${network.groundTruth.inIdentAndSearched} in IDENT`],
                ['time', `${network.ms} ms (${network.bookingsPerSecond} bookings/s)`, ''],
              ],
            ) + `\nall events (fast mode at scale ${summary.scale} + network at ${share}): ${all.bookings} bookings, ${all.identMatches} IDENT matches, ${all.removals} removals`,
          );
          return;
        }
        if (!opts.calibrate) {
          emit(opts, summary, () =>
            table(
              ['figure', 'value'],
              [
                ['period', `${summary.from} .. ${summary.to} (scale ${summary.scale})`],
                ['bookings', summary.bookings],
                ['IDENT submissions', summary.submissions],
                ['IDENT matches', summary.identMatches],
                ['detainers', summary.detainers],
                ['removals', summary.removals],
                ['  level 1 / 2 / 3', `${summary.removalsByLevel.level1} / ${summary.removalsByLevel.level2} / ${summary.removalsByLevel.level3}`],
                ['  non-criminal', `${summary.removalsByLevel.nonCriminal} (${(100 * summary.nonCriminalShare).toFixed(1)} %)`],
                ['jurisdictions active', `${summary.jurisdictionsActive} counties in ${summary.statesActive} states`],
                ['time', `${summary.ms} ms`],
              ],
            ),
          );
          return;
        }
        const rows = await calibrationReport(store.db, counties, scale);
        const worst = Math.max(...rows.map((r) => Math.abs(r.error)));
        emit(opts, { summary, calibration: rows, maxAbsError: worst }, () =>
          table(
            ['target', 'as of', 'published', 'model', 'error'],
            rows.map((r) => [r.figure, r.asOf, fmt(r.target), fmt(r.model), `${(100 * r.error).toFixed(1)} %`]),
          ) + `\nlargest error: ${(100 * worst).toFixed(1)} %`,
        );
      } finally {
        await store.close();
      }
    });
}

function fmtLevels(l: { level1: number; level2: number; level3: number; nonCriminal: number }): string {
  return `${l.level1} / ${l.level2} / ${l.level3} / ${l.nonCriminal}`;
}

function fmt(x: number | string): string {
  return typeof x === 'string' ? x : x < 1 ? x.toFixed(3) : String(Math.round(x));
}
