import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { InputError } from '../../errors.ts';
import { buildServer } from '../../server/app.ts';
import { hostNetwork, serverStoreOf } from '../../server/host.ts';
import { seedTraffic } from '../../server/seed.ts';
import { loadCounties } from '../../sim/counties.ts';
import { note } from '../output.ts';

const whole = (name: string, v: string, min: number, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InputError(`${name} must be a whole number from ${min} to ${max} (got '${v}')`);
  return n;
};

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'HTTP API and dashboard over the whole agency network in this process: bookings submitted over HTTP travel through every node. ' +
        'Node stores in --dir; the audit chain, complaints, opt-outs and statistics in the configured store (shared with the CLI); credentials in the server store. ' +
        'OpenAPI at /openapi.json, Swagger UI at /docs, dashboard at /.',
    )
    .option('--port <n>', 'TCP port (0 = any free port)', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--dir <dir>', 'folder of the nodes\' stores (default: <data dir>/serve)')
    .option('--seed-bookings <n>', 'at start, enrol a synthetic population and run this many synthetic bookings (so queues are not empty)', '0')
    .option('--seed <n>', 'random seed of the synthetic traffic', '1')
    .option('--rate-limit <n>', 'requests per minute per client token or address', '3000')
    .option('--counties <file>', 'county list CSV (default: ../shared/data/jurisdictions/counties.csv)')
    .option('--json', 'print {"url"} on stdout once listening')
    .action(async (opts: { port: string; host: string; dir?: string; seedBookings: string; seed: string; rateLimit: string; counties?: string; json?: boolean }) => {
      const port = whole('--port', opts.port, 0, 65535);
      const seedBookings = whole('--seed-bookings', opts.seedBookings, 0, 100_000);
      const seed = whole('--seed', opts.seed, 0, 1_000_000);
      const rateLimitPerMinute = whole('--rate-limit', opts.rateLimit, 1, 10_000_000);
      const config = loadConfig();
      const ctx = await hostNetwork({
        dir: opts.dir ?? path.join(config.dataDir, 'serve'),
        store: config.store,
        serverStore: serverStoreOf(config),
        counties: loadCounties(opts.counties),
        limits: { rateLimitPerMinute },
      });
      if (seedBookings > 0) {
        let last = 0;
        await seedTraffic(ctx, { bookings: seedBookings, seed, progress: (d, t, phase) => {
          if (performance.now() - last > 1000 || d === t) (last = performance.now()), note(`serve: ${phase} ${d}/${t}`);
        } });
      }
      const app = await buildServer(ctx, { logger: config.logLevel === 'silent' ? false : { level: config.logLevel } });
      const url = await app.listen({ port, host: opts.host });
      if (opts.json) process.stdout.write(JSON.stringify({ url }) + '\n');
      else note(`scomm serve: listening on ${url} (dashboard ${url}/, API docs ${url}/docs)`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await app.close();
      await ctx.close();
    });
}
