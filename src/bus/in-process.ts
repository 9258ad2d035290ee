import type { Envelope } from '../messages/index.ts';
import { DEFAULT_RETRY, type BatchHandler, type Bus, type Handler, type RetryPolicy } from './port.ts';

export interface InProcessOptions {
  retry?: RetryPolicy;
  /**
   * Test harness for at-least-once semantics: deliver every message twice, and take queued
   * messages in an order drawn from this generator instead of arrival order.
   */
  chaos?: { duplicate: boolean; random: () => number };
  onDeadLetter?: (message: Envelope, error: string) => void;
}

interface Pending {
  message: Envelope;
  attempt: number;
  done: () => void;
}

/**
 * The default transport: one queue per address, each drained by one consumer at a time (a node
 * handles its inbox in order, as a JetStream durable consumer does), all addresses concurrently; a
 * batch subscriber gets what is queued, up to its batch size. A failed message is retried with
 * exponential backoff, then dead-lettered.
 */
export class InProcessBus implements Bus {
  private handlers = new Map<string, { handle: BatchHandler; maxBatch: number }>();
  private queues = new Map<string, Pending[]>();
  private busy = new Set<string>();
  private outstanding = 0;
  private waiters: (() => void)[] = [];
  private dead: { message: Envelope; error: string }[] = [];
  private closed = false;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: InProcessOptions = {}) {
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  subscribe(address: string, handler: Handler): void {
    this.subscribeBatch(address, ([m]) => handler(m).then(() => [undefined], (err: unknown) => [err]), 1);
  }

  subscribeBatch(address: string, handle: BatchHandler, maxBatch: number): void {
    this.handlers.set(address, { handle, maxBatch });
    this.pump(address);
  }

  publish(message: Envelope): Promise<void> {
    if (this.closed) return Promise.reject(new Error('bus closed'));
    const copies = this.options.chaos?.duplicate ? 2 : 1;
    const delivered: Promise<void>[] = [];
    for (let c = 0; c < copies; c++) {
      delivered.push(new Promise<void>((done) => this.enqueue({ message: structuredClone(message), attempt: 0, done })));
    }
    return Promise.all(delivered).then(() => undefined);
  }

  idle(): Promise<void> {
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  deadLetters(): { message: Envelope; error: string }[] {
    return [...this.dead];
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private enqueue(p: Pending): void {
    this.outstanding++;
    this.queue(p);
  }

  /** Puts a message (already counted as outstanding) in its address's queue. */
  private queue(p: Pending): void {
    const q = this.queues.get(p.message.to) ?? [];
    q.push(p);
    this.queues.set(p.message.to, q);
    this.pump(p.message.to);
  }

  private settle(): void {
    if (--this.outstanding === 0) for (const w of this.waiters.splice(0)) w();
  }

  private pump(address: string): void {
    if (this.busy.has(address)) return;
    const handler = this.handlers.get(address);
    const q = this.queues.get(address);
    if (!handler || !q || q.length === 0) return;
    const batch: Pending[] = [];
    while (q.length > 0 && batch.length < handler.maxBatch) {
      const at = this.options.chaos ? Math.floor(this.options.chaos.random() * q.length) : 0;
      batch.push(q.splice(at, 1)[0]);
    }
    this.busy.add(address);
    // A fresh turn of the event loop per batch keeps deep chains from growing the stack.
    setImmediate(() => {
      handler
        .handle(batch.map((p) => p.message))
        .catch((err: unknown) => batch.map(() => err))
        .then((outcomes) => {
          this.busy.delete(address);
          batch.forEach((p, i) => (outcomes[i] === undefined ? this.succeeded(p) : this.failed(p, outcomes[i])));
          this.pump(address);
        });
    });
  }

  private succeeded(p: Pending): void {
    p.done();
    this.settle();
  }

  private failed(p: Pending, err: unknown): void {
    const error = err instanceof Error ? err.message : String(err);
    if (p.attempt + 1 >= this.retry.attempts) {
      this.dead.push({ message: p.message, error });
      this.options.onDeadLetter?.(p.message, error);
      p.done();
      this.settle();
    } else {
      // Still outstanding while it waits for its retry, so idle() does not resolve in between.
      const delay = this.retry.backoffMs * 2 ** p.attempt;
      setTimeout(() => this.queue({ ...p, attempt: p.attempt + 1 }), delay);
    }
  }
}
