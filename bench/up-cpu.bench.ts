/**
 * Where `scomm up`'s CPU goes: CPU-milliseconds per booking of every node process, of PostgreSQL
 * (all its processes, and the backends of the run by application_name) and of nats-server, read
 * from /proc (utime + stime) while bookings are answered, so the startup and seeding are left out.
 * With BASELINE=dir (another tree, e.g. `git archive 776a841 | tar -x -C /tmp/base` and a
 * node_modules symlink), the two trees run in alternation with the same arguments, `runs` times
 * each: on a shared machine wall time drifts, CPU per booking much less.
 *
 *   [BASELINE=/tmp/base] npx tsx bench/up-cpu.bench.ts [runs=1] -- --bookings 1800 --rate 30
 *
 * Linux only; needs PostgreSQL (psql on the PATH, for the backends' names) and NATS, as `scomm up`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

const [runsArg, ...rest] = process.argv.slice(2);
const runs = Number(runsArg ?? 1);
const upArgs = rest[0] === '--' ? rest.slice(1) : rest;
const trees = [path.resolve(import.meta.dirname, '..'), ...(process.env.BASELINE ? [path.resolve(process.env.BASELINE)] : [])];
const TICK_MS = 10;

interface Proc {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime, ms. */
  cpu: number;
  /** Of its waited-for children, ms. */
  children: number;
}

function proc(pid: number): Proc | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { pid, comm: s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')), ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS };
  } catch {
    return null; // gone meanwhile
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

interface Snapshot {
  answered: number;
  nodes: Record<string, number>;
  /** Node processes that exited (killed and restarted) and were waited for by up. */
  reaped: number;
  up: number;
  postgres: number;
  backends: number;
  nats: number;
}

function snapshot(upPid: number, answered: number): Snapshot {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => proc(Number(d)))
    .filter((p): p is Proc => p !== null);
  const up = all.find((p) => p.pid === upPid);
  const nodes: Record<string, number> = {};
  let namespace: string | undefined;
  for (const k of all.filter((p) => p.ppid === upPid)) {
    const c = cmdline(k.pid);
    const m = /--agency (\S+)(?: --(?:ori|state|field-office) (\S+))?/.exec(c);
    namespace ??= /--namespace (\S+)/.exec(c)?.[1];
    const name = m ? (m[2] ? `${m[1]}:${m[2]}` : m[1]) : k.comm;
    nodes[name] = (nodes[name] ?? 0) + k.cpu;
  }
  const pg = all.filter((p) => p.comm === 'postgres');
  // Backends that ended are in the postmaster's children's time.
  const postmaster = pg.find((p) => !pg.some((q) => q.pid === p.ppid));
  const names = backendNames();
  return {
    answered,
    nodes,
    reaped: up?.children ?? 0,
    up: up?.cpu ?? 0,
    postgres: pg.reduce((s, p) => s + p.cpu, 0) + (postmaster?.children ?? 0),
    backends: namespace ? pg.filter((p) => names.get(p.pid)?.includes(namespace)).reduce((s, p) => s + p.cpu, 0) : 0,
    nats: all.filter((p) => p.comm === 'nats-server').reduce((s, p) => s + p.cpu, 0),
  };
}

function backendNames(): Map<number, string> {
  try {
    const out = execFileSync('psql', ['-h', '127.0.0.1', '-d', 'test', '-At', '-c', 'select pid, application_name from pg_stat_activity'], { encoding: 'utf8' });
    return new Map(
      out
        .trim()
        .split('\n')
        .map((l) => l.split('|'))
        .map(([pid, name]) => [Number(pid), name ?? '']),
    );
  } catch {
    return new Map();
  }
}

/** One `scomm up` from a tree: its summary, and CPU per booking between its first progress line and the one where every booking was answered. */
async function measure(tree: string) {
  const child = spawn(process.execPath, [path.join(tree, 'bin/scomm.js'), 'up', ...upArgs, '--json'], { cwd: tree, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const snaps: Snapshot[] = [];
  let lastLine = '';
  createInterface({ input: child.stderr }).on('line', (line) => {
    lastLine = line;
    const m = /up: submitted \d+\/\d+, answered (\d+)|up: answered (\d+)\//.exec(line);
    if (m) snaps.push(snapshot(child.pid!, Number(m[1] ?? m[2])));
  });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0 || snaps.length < 2) throw new Error(`scomm up in ${tree} exited with ${code} after ${snaps.length} progress lines: ${lastLine}`);
  const s = JSON.parse(out);
  const first = snaps[0];
  const last = snaps.find((x) => x.answered >= s.bookings - s.rejected) ?? snaps[snaps.length - 1];
  const n = last.answered - first.answered;
  const per = (f: (x: Snapshot) => number) => Math.round(((f(last) - f(first)) / n) * 10) / 10;
  const nodesOf = (x: Snapshot) => Object.values(x.nodes).reduce((a, b) => a + b, 0) + x.reaped;
  // By kind of node (all booking agencies together ...); a node killed meanwhile counts its new process only (its old one is in `nodes`).
  const byKind: Record<string, number> = {};
  for (const name of Object.keys(last.nodes)) byKind[name.split(':')[0]] = (byKind[name.split(':')[0]] ?? 0) + (last.nodes[name] - (first.nodes[name] ?? 0)) / n;
  for (const k of Object.keys(byKind)) byKind[k] = Math.round(byKind[k] * 10) / 10;
  const network = per(nodesOf) + per((x) => x.postgres) + per((x) => x.nats);
  return {
    tree,
    answered: n,
    cpuMsPerBooking: { network: Math.round(network * 10) / 10, nodes: per(nodesOf), byKind, postgres: per((x) => x.postgres), runBackends: per((x) => x.backends), natsServer: per((x) => x.nats), submitter: per((x) => x.up) },
    completed: s.completed,
    lost: s.lost,
    duplicateEffects: s.duplicateEffects,
    p50EndToEndMs: s.p50EndToEndMs,
    p95EndToEndMs: s.p95EndToEndMs,
    maxEndToEndMs: s.maxEndToEndMs,
    loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ')[0],
  };
}

const results = [];
for (let i = 0; i < runs; i++) for (const tree of trees) results.push(await measure(tree));
console.log(JSON.stringify({ args: upArgs.join(' '), results }, null, 2));
