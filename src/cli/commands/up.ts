import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { InputError } from '../../errors.ts';
import { demoCounties, networkSpecs } from '../../sim/network.ts';
import { loadCounties } from '../../sim/counties.ts';
import { runUp } from '../../sim/up.ts';
import { emit, note, table } from '../output.ts';

const DEFAULT_DATABASE = 'postgres://127.0.0.1:5432/test';
const DEFAULT_NATS = 'nats://127.0.0.1:4222';

export function registerUp(program: Command): void {
  program
    .command('up')
    .description(
      'Start the network as separate processes (one `scomm node start` per agency node: a booking agency and a SIB per ' +
        'state, CJIS, IDENT, LESC, the ERO field offices, oversight) over NATS JetStream and PostgreSQL, enrol a synthetic ' +
        'population, stream N bookings through the booking agencies at --rate per second, optionally SIGKILL nodes and ' +
        'start them again, and report what the stores say: completed, lost, duplicate effects, end-to-end latency (CAR ' +
        'submitted -> final answer, IDR or SRE, recorded at the booking agency) and where the time goes. Bookings carry ' +
        'minutiae templates (the template fast path; the rendered-image path is `scomm demo`). ' +
        `Uses SCOMM_DATABASE_URL and SCOMM_NATS_URL, or ${DEFAULT_DATABASE} and ${DEFAULT_NATS} when unset. ` +
        'Each run has its own namespace (schemas <ns>_*, streams <ns>_*), removed at the end unless --keep.',
    )
    .option('--bookings <n>', 'bookings to stream', '1000')
    .option('--rate <r>', 'bookings submitted per second', '100')
    .option('--kill <agency@seconds>', 'SIGKILL this node (ident, cjis, lesc, oversight, sib:TX, booking:TX4820100, ero:HOU) at this second of the stream, then start it again; repeatable', collect, [])
    .option('--states <n>', 'booking agencies (one county each) and states, the first N of TX CA IL FL AZ NY GA WA NC CO', '6')
    .option('--templates', 'template fast path (the only path up runs; accepted for symmetry with demo)')
    .option('--seed <n>', 'random seed of the population and bookings', '1')
    .option('--stall <seconds>', 'give up on unanswered bookings after this long without progress', '60')
    .option('--keep', 'keep the schemas and streams of the run (to inspect them)')
    .option('--json', 'machine-readable output: bookings, completed, lost, duplicateEffects, restarts, p50EndToEndMs, p95EndToEndMs, hops, ...')
    .action(async (opts: { bookings: string; rate: string; kill: string[]; states: string; seed: string; stall: string; keep?: boolean; json?: boolean }) => {
      const bookings = whole('--bookings', opts.bookings, 1, 10_000_000);
      const rate = Number(opts.rate);
      if (!(rate > 0 && rate <= 100_000)) throw new InputError(`--rate must be a number of bookings per second above 0 (got '${opts.rate}')`);
      const states = whole('--states', opts.states, 1, 10);
      const seed = whole('--seed', opts.seed, 0, 2 ** 31);
      const stallSeconds = whole('--stall', opts.stall, 1, 3600);
      const counties = demoCounties(loadCounties()).slice(0, states);
      const addresses = networkSpecs(counties).specs.map((s) => s.address);
      const kills = opts.kill.map((k) => {
        const m = /^([a-z]+(?::[A-Za-z0-9]+)?)@(\d+(?:\.\d+)?)$/.exec(k);
        if (!m) throw new InputError(`--kill must be AGENCY@SECONDS, e.g. ident@5 (got '${k}')`);
        const wanted = m[1].includes(':') ? m[1].replace(/:(.*)$/, (_, id: string) => `:${id.toUpperCase()}`) : m[1];
        const address = addresses.find((a) => a === wanted) ?? addresses.find((a) => a.split(':')[0] === wanted);
        if (!address) throw new InputError(`--kill: no node '${m[1]}' in this network (nodes: ${addresses.join(', ')})`);
        return { address, atSeconds: Number(m[2]) };
      });
      const config = loadConfig();
      const databaseUrl = config.store.kind === 'postgres' ? config.store.url : DEFAULT_DATABASE;
      const natsUrl = config.transport.kind === 'nats' ? config.transport.url : DEFAULT_NATS;
      const namespace = `up_${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
      const s = await runUp({
        bookings,
        rate,
        kills,
        states,
        seed,
        databaseUrl,
        natsUrl,
        namespace,
        dir: path.join(config.dataDir, 'up', namespace),
        keep: Boolean(opts.keep),
        stallSeconds,
        progress: note,
      });
      emit(opts, s, () =>
        [
          `scomm up: ${s.bookings} bookings through ${s.processes} node processes at ${s.achievedRate}/s (asked ${s.rate}/s) in ${s.streamSeconds} s of stream`,
          table(
            ['figure', 'value'],
            [
              ['completed / lost / rejected', `${s.completed} / ${s.lost} / ${s.rejected}`],
              ['duplicate effects', s.duplicateEffects],
              ['restarts (crashes)', `${s.restarts} (${s.crashes})`],
              ['dead letters', s.deadLetters],
              ['end to end p50 / p95 / max ms', `${s.p50EndToEndMs} / ${s.p95EndToEndMs} / ${s.maxEndToEndMs}`],
              ...Object.entries(s.hops).map(([hop, h]): [string, string] => [`  ${hop} p50 / p95 ms`, `${h.p50} / ${h.p95} (n ${h.n})`]),
              ['population enrolled (s)', `${s.population} (${s.seedSeconds} s)`],
              ['node logs', s.logs],
            ],
          ),
        ].join('\n'),
      );
    });
}

function collect(v: string, all: string[]): string[] {
  return [...all, v];
}

function whole(flag: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InputError(`${flag} must be a whole number from ${min} to ${max} (got '${v}')`);
  return n;
}
