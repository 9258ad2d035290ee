/**
 * Load on the HTTP API: the public statistics route and the ERO case queue (authenticated, scoped,
 * every request audited), driven by autocannon from a separate process against 127.0.0.1 at a fixed
 * overall rate, bounded in time. Baseline in the same run: GET /healthz (no auth, no store).
 * Target (issue 9): p99 <= 50 ms at 500 requests/s.
 *
 *   npx tsx bench/server-load.bench.ts [--rate 500] [--seconds 20] [--connections 10] [--bookings 1000]
 *
 * The server runs the whole network in this process on file-backed SQLite stores (as `scomm serve`
 * does), with synthetic traffic so the field office's queue holds real cases, and a rollout
 * simulation (scale 0.01) for the statistics.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer } from '../src/server/app.ts';
import { hostNetwork } from '../src/server/host.ts';
import { seedTraffic } from '../src/server/seed.ts';
import { loadCounties } from '../src/sim/counties.ts';
import { runSimulation } from '../src/sim/run.ts';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '500' }, seconds: { type: 'string', default: '20' }, connections: { type: 'string', default: '10' }, bookings: { type: 'string', default: '1000' } } });
const rate = Number(values.rate);
const seconds = Math.min(60, Number(values.seconds));
const connections = Number(values.connections);

const dir = mkdtempSync(path.join(tmpdir(), 'scomm-load-'));
const counties = loadCounties();
const t0 = performance.now();
const ctx = await hostNetwork({ dir: path.join(dir, 'nodes'), store: { kind: 'sqlite', file: path.join(dir, 'scomm.db') }, serverStore: { kind: 'sqlite', file: path.join(dir, 'server.db') }, counties, limits: { rateLimitPerMinute: 10_000_000 } });
await runSimulation(ctx.statsDb, { counties, from: '2008-10-27', to: '2013-01-22', scale: 0.01, seed: 1 });
await seedTraffic(ctx, { bookings: Number(values.bookings), seed: 1 });
const app = await buildServer(ctx);
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const ero = (await ctx.credentials.create({ role: 'ero_officer', fieldOffice: 'HOU' })).token;
// Warm-up: the statistics of the month are computed once, as the first visitor after a start would.
await app.inject({ url: '/api/public/stats?month=2011-06' });
const queue = await app.inject({ url: '/api/ero/cases', headers: { authorization: `Bearer ${ero}` } });
const cases = (queue.json() as { total: number; cases: unknown[] });
console.error(`setup ${Math.round(performance.now() - t0)} ms; HOU queue ${cases.total} cases (${cases.cases.length} per page, ${queue.body.length} bytes)`);

interface Result { requests: { average: number; total: number }; latency: { p50: number; p90: number; p99: number; max: number }; non2xx: number; errors: number; timeouts: number }

/** autocannon in its own process (so its work does not share the server's event loop). */
function cannon(pathname: string, headers: Record<string, string> = {}): Promise<Result> {
  const args = [path.resolve('node_modules/autocannon/autocannon.js'), '-j', '-R', String(rate), '-c', String(connections), '-d', String(seconds), ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), `${url}${pathname}`];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`autocannon exited ${code}`))));
  });
}

const rows: Record<string, unknown>[] = [];
for (const [name, pathname, headers] of [
  ['GET /healthz (baseline)', '/healthz', {}],
  ['GET /api/public/stats', '/api/public/stats?month=2011-06', {}],
  ['GET /api/ero/cases', '/api/ero/cases', { authorization: `Bearer ${ero}` }],
] as const) {
  const r = await cannon(pathname, headers);
  rows.push({ route: name, targetRate: rate, requestsPerSecond: Math.round(r.requests.average), total: r.requests.total, p50Ms: r.latency.p50, p90Ms: r.latency.p90, p99Ms: r.latency.p99, maxMs: r.latency.max, non2xx: r.non2xx, errors: r.errors + r.timeouts, meetsTarget: r.latency.p99 <= 50 && r.requests.average >= rate * 0.95 && r.non2xx === 0 });
  console.error(`${name}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms`);
}
const base = rows[0].p99Ms as number;
for (const r of rows) r.p99VsBaseline = base > 0 ? Math.round(((r.p99Ms as number) / base) * 10) / 10 : null;
console.log(JSON.stringify({ connections, seconds, rows }, null, 2));
await app.close();
await ctx.close();
rmSync(dir, { recursive: true, force: true });
