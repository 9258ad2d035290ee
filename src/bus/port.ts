import type { Envelope } from '../messages/index.ts';

/** A node's message handler: resolves when the message's effects are committed; throws to be retried. */
export type Handler = (message: Envelope) => Promise<void>;

/**
 * Handles several delivered messages at once (a node commits them in one store transaction) and
 * resolves with each one's outcome, in order: undefined when its effects are committed, else the
 * error (that message alone is retried or dead-lettered).
 */
export type BatchHandler = (messages: Envelope[]) => Promise<(unknown | undefined)[]>;

/**
 * The transport port every adapter implements (in-process by default, NATS JetStream in distributed
 * mode). Delivery is at least once: a handler may see a message again, and nodes make that harmless
 * (inbox of handled message ids). A message whose handler keeps failing goes to the dead-letter queue.
 */
export interface Bus {
  /** Resolves once the transport holds the message durably (in-process: once its handler committed). */
  publish(message: Envelope): Promise<void>;
  subscribe(address: string, handler: Handler): void;
  /** As subscribe, with whatever is waiting at the address (at most maxBatch messages, in delivery order) handed over at once. */
  subscribeBatch(address: string, handler: BatchHandler, maxBatch: number): void;
  /** Resolves when nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void>;
  deadLetters(): { message: Envelope; error: string }[];
  close(): Promise<void>;
}

export interface RetryPolicy {
  attempts: number;
  /** First delay; doubles on each attempt. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 20 };
