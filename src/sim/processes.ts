import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** The command-line entry point the node processes run (the same `scomm` a user runs). */
const scommBin = path.resolve(import.meta.dirname, '../../bin/scomm.js');

export interface ProcessNetworkOptions {
  namespace: string;
  databaseUrl: string;
  natsUrl: string;
  /** Each node's stderr (its pino log) goes to `<logDir>/<address>.log`. */
  logDir: string;
  logLevel?: string;
  /** A node that exits without being told to: restarted, and reported here. */
  onUnexpectedExit?: (address: string, code: number | null, signal: string | null) => void;
}

interface Child {
  process: ChildProcess;
  exited: Promise<void>;
  expected: boolean;
}

/** `scomm node start` arguments for a node address ('booking:TX4820100' -> --agency booking --ori TX4820100). */
export function nodeArgs(address: string): string[] {
  const [agency, id] = address.split(':');
  const flag = { booking: '--ori', sib: '--state', ero: '--field-office' }[agency];
  return ['--agency', agency, ...(flag && id ? [flag, id] : [])];
}

/**
 * A local network of node processes, one `scomm node start` per agency node, each with its log file.
 * start() resolves once the node said it is ready (migrated, gallery loaded, consuming its inbox);
 * kill() is SIGKILL (no cleanup at all, as a crash); a node that dies unasked is started again.
 */
export class ProcessNetwork {
  private children = new Map<string, Child>();
  private logs = new Map<string, WriteStream>();
  private stopping = false;

  constructor(private readonly o: ProcessNetworkOptions) {
    mkdirSync(o.logDir, { recursive: true });
  }

  get addresses(): string[] {
    return [...this.children.keys()];
  }

  pid(address: string): number | undefined {
    return this.children.get(address)?.process.pid;
  }

  async start(address: string, readyTimeoutMs = 120_000): Promise<void> {
    let log = this.logs.get(address);
    if (!log) this.logs.set(address, (log = createWriteStream(path.join(this.o.logDir, `${address.replace(/:/g, '-')}.log`), { flags: 'a' })));
    const child = spawn(process.execPath, [scommBin, 'node', 'start', ...nodeArgs(address), '--namespace', this.o.namespace, '--json'], {
      env: { ...process.env, SCOMM_DATABASE_URL: this.o.databaseUrl, SCOMM_NATS_URL: this.o.natsUrl, SCOMM_LOG_LEVEL: this.o.logLevel ?? 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.pipe(log, { end: false });
    const entry: Child = { process: child, expected: false, exited: new Promise((r) => child.once('exit', () => r())) };
    this.children.set(address, entry);
    child.once('exit', (code, signal) => {
      if (entry.expected || this.stopping || this.children.get(address) !== entry) return;
      this.o.onUnexpectedExit?.(address, code, signal);
      void this.start(address).catch(() => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${address} was not ready in ${readyTimeoutMs / 1000} s (see ${this.o.logDir})`)), readyTimeoutMs);
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        if (!line.includes('"ready"')) return;
        clearTimeout(timer);
        resolve();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${address} exited with code ${code} before it was ready (see ${path.join(this.o.logDir, `${address.replace(/:/g, '-')}.log`)})`));
      });
    });
  }

  /** SIGKILL: the node gets no chance to finish anything. Resolves once it is gone. */
  async kill(address: string): Promise<void> {
    const c = this.children.get(address);
    if (!c) throw new Error(`no node process '${address}'`);
    c.expected = true;
    c.process.kill('SIGKILL');
    await c.exited;
  }

  /** SIGTERM to every node (each delivers what it can and closes), SIGKILL after the grace period. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const all = [...this.children.values()];
    for (const c of all) {
      c.expected = true;
      c.process.kill('SIGTERM');
    }
    const timer = setTimeout(() => all.forEach((c) => c.process.kill('SIGKILL')), graceMs);
    await Promise.all(all.map((c) => c.exited));
    clearTimeout(timer);
    for (const l of this.logs.values()) l.end();
  }
}
