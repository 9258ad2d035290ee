import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, headers, nanos, type NatsConnection } from '@nats-io/transport-node';
import { pino, type Logger } from 'pino';
import client from 'prom-client';
import { InputError } from '../errors.ts';
import type { Envelope } from '../messages/index.ts';
import { DEFAULT_RETRY, type BatchHandler, type Bus, type Handler, type RetryPolicy } from './port.ts';

export interface NatsBusOptions {
  /** nats://host:port (several comma-separated for a cluster), or a connection the caller owns. */
  url: string | NatsConnection;
  /**
   * Prefix of every stream and subject this network uses (lower-case letters, digits, _ and -), so
   * that runs, tests and other networks on one server never share an inbox.
   */
  namespace: string;
  /** Deliveries before a message is dead-lettered, and the first redelivery delay (doubling, capped at 30 s). */
  retry?: RetryPolicy;
  /**
   * Failures of the infrastructure rather than of the message (a dropped database connection): they
   * are redelivered with backoff but never count toward the dead letter.
   */
  transient?: (err: unknown) => boolean;
  /** A message not acknowledged in this time (the node died holding it) is redelivered. */
  ackWaitMs?: number;
  /** How long the stream remembers a message id: a resend within it is dropped by the server. */
  duplicateWindowMs?: number;
  /** Stream replicas: 1 on one server, 3 on a cluster. */
  replicas?: number;
  /**
   * How long a batch subscriber that was idle waits, once a message arrived, for more to handle
   * with it (ms; 0: at once). Each hop's latency grows by up to this much.
   */
  lingerMs?: number;
  logger?: Logger;
}

const NAMESPACE = /^[a-z0-9][a-z0-9_-]{0,40}$/;
const CONSUMER = 'node';
const MAX_NAK_DELAY_MS = 30_000;
const DEFAULT_LINGER_MS = 10;

/** Dead letters and redeliveries, per address (a bounded label set: one value per node). */
const deadLetterCounter = singleton('scomm_bus_dead_letters_total', (name) => new client.Counter({ name, help: 'Messages moved to the dead-letter stream after failing every delivery', labelNames: ['address'] }));
const redeliveryCounter = singleton('scomm_bus_redeliveries_total', (name) => new client.Counter({ name, help: 'Messages handed back to the broker for a later redelivery after a failed handler', labelNames: ['address'] }));

function singleton<T extends client.Metric>(name: string, make: (name: string) => T): T {
  return (client.register.getSingleMetric(name) as T | undefined) ?? make(name);
}

/** JetStream names: a node address ('booking:TX4820100') as one subject token and stream-name part. */
const token = (address: string) => address.replace(/:/g, '_');

/**
 * The distributed transport: NATS JetStream.
 *
 * One stream per node inbox (`<ns>_inbox_<address>`, subject `<ns>.inbox.<address>`), work-queue
 * retention (a message leaves the stream once its node acknowledged it), file storage, and one
 * durable pull consumer with explicit acknowledgement. One stream per inbox rather than one stream
 * with a subject per inbox: on a cluster each stream has its own leader, so the inboxes' writes
 * spread over the servers instead of all going through one; each inbox has its own limits, and a
 * backlog or a purge at one node never touches another's.
 *
 * - publish resolves once the stream stored the message (the PubAck); while the server is away it
 *   keeps retrying with backoff (the outbox row stays undelivered until then), so a NATS restart
 *   delays messages and loses none. The envelope id (TCN, type, recipient) is the Nats-Msg-Id: a
 *   resend within the duplicate window is dropped by the server; the node's inbox table remains the
 *   real guard beyond it.
 * - A node handles its messages in stream order, the ones already received together (a batch
 *   subscriber, up to its batch size), and acknowledges each after its handler committed. A failed handler's message is handed back with a delay (nak) that doubles
 *   per delivery; after `retry.attempts` deliveries, or at once for a message that cannot be valid
 *   (unparseable, failing its schema), it goes to the dead-letter stream `<ns>_dead` (subject
 *   `<ns>.dead.<address>`, headers Scomm-Error and Scomm-Deliveries), with an error log line
 *   (`alert: 'dead_letter'`) and the `scomm_bus_dead_letters_total` counter; the rest flows on. A
 *   message delivered more often than that without any outcome (its node died each time) is
 *   dead-lettered before it is handled again. Failures the `transient` option recognises (a dropped
 *   database connection) are redelivered without counting toward the dead letter.
 */
export class NatsJetStreamBus implements Bus {
  private streams = new Map<string, Promise<void>>();
  private consumers: ConsumerMessages[] = [];
  private loops: Promise<void>[] = [];
  private publishing = 0;
  private handling = 0;
  private dead: { message: Envelope; error: string }[] = [];
  private closed = false;
  private readonly retry: RetryPolicy;
  private readonly log: Logger;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly ownsConnection: boolean,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly o: NatsBusOptions,
  ) {
    this.retry = o.retry ?? DEFAULT_RETRY;
    this.log = (o.logger ?? pino({ level: 'warn' })).child({ component: 'bus', namespace: o.namespace });
  }

  /** Connects (reconnecting forever after a loss) and checks that the server has JetStream. */
  static async connect(o: NatsBusOptions): Promise<NatsJetStreamBus> {
    if (!NAMESPACE.test(o.namespace)) throw new InputError(`bus namespace '${o.namespace}' must be lower-case letters, digits, _ and - (at most 41)`);
    const owns = typeof o.url === 'string';
    const nc = typeof o.url === 'string' ? await connectNats(o.url) : o.url;
    try {
      const jsm = await jetstreamManager(nc);
      return new NatsJetStreamBus(nc, owns, jetstream(nc), jsm, o);
    } catch (err) {
      if (owns) await nc.close();
      throw new Error(`NATS at ${typeof o.url === 'string' ? o.url : 'the given connection'} has no JetStream (start nats-server with -js): ${(err as Error).message}`);
    }
  }

  /** Deliveries without any outcome before the crash-loop guard dead-letters (more room when transient failures are retried freely). */
  private get maxDeliveries(): number {
    return this.o.transient ? this.retry.attempts * 10 : this.retry.attempts;
  }

  get namespace(): string {
    return this.o.namespace;
  }

  subject(address: string): string {
    return `${this.o.namespace}.inbox.${token(address)}`;
  }

  stream(address: string): string {
    return `${this.o.namespace}_inbox_${token(address)}`;
  }

  get deadLetterStream(): string {
    return `${this.o.namespace}_dead`;
  }

  async publish(message: Envelope): Promise<void> {
    if (this.closed) throw new Error('bus closed');
    this.publishing++;
    try {
      await this.storeDurably(this.subject(message.to), JSON.stringify(message), message.id, (again) => this.ensureInbox(message.to, again));
    } finally {
      this.publishing--;
    }
  }

  subscribe(address: string, handler: Handler): void {
    this.subscribeBatch(address, ([m]) => handler(m).then(() => [undefined], (err: unknown) => [err]), 1);
  }

  subscribeBatch(address: string, handler: BatchHandler, maxBatch: number): void {
    const loop = this.consume(address, handler, maxBatch).catch((err: unknown) => {
      if (!this.closed) this.log.fatal({ address, err }, 'consumer stopped');
    });
    this.loops.push(loop);
  }

  /**
   * Resolves when every inbox of the namespace at the server is empty (work-queue streams hold
   * exactly the messages not yet acknowledged, including those waiting for a redelivery) and this
   * process is neither publishing nor handling. Another process's publish between its handler's
   * acknowledgement and the PubAck of what it sent is not visible here: observers in another process
   * (scomm up) watch the stores instead. While the server is away this waits for it.
   */
  async idle(): Promise<void> {
    for (let quiet = 0; quiet < 2; ) {
      // A server that is restarting (its JetStream API not answering yet) counts as busy: idle waits
      // for it, as publishing does, rather than failing.
      const stored = await this.backlog().catch(() => 1);
      const busy = this.publishing + this.handling + stored;
      // Twice in a row: a handler's outbox publish starts right after its message is acknowledged.
      quiet = busy === 0 ? quiet + 1 : 0;
      if (quiet < 2) await sleep(busy === 0 ? 20 : 50);
    }
  }

  /** Messages stored in the namespace's inboxes and not yet acknowledged. */
  async backlog(): Promise<number> {
    let n = 0;
    for await (const s of this.jsm.streams.list(`${this.o.namespace}.inbox.>`)) n += s.state.messages;
    return n;
  }

  deadLetters(): { message: Envelope; error: string }[] {
    return [...this.dead];
  }

  /** Every dead letter of the namespace, whichever process wrote it (operators, tests, scomm up). */
  async readDeadLetters(): Promise<{ address: string; message: unknown; error: string; deliveries: number }[]> {
    const out: { address: string; message: unknown; error: string; deliveries: number }[] = [];
    let info;
    try {
      info = await this.jsm.streams.info(this.deadLetterStream);
    } catch {
      return out;
    }
    for (let seq = info.state.first_seq; seq > 0 && seq <= info.state.last_seq; seq++) {
      const m = await this.jsm.streams.getMessage(this.deadLetterStream, { seq });
      if (!m) continue;
      let message: unknown;
      try {
        message = m.json();
      } catch {
        message = m.string();
      }
      out.push({ address: m.header.get('Scomm-Address'), message, error: m.header.get('Scomm-Error'), deliveries: Number(m.header.get('Scomm-Deliveries')) });
    }
    return out;
  }

  /** Deletes every stream of the namespace (a finished run or test). */
  async destroyNamespace(): Promise<number> {
    const names: string[] = [];
    for await (const s of this.jsm.streams.list()) if (s.config.name.startsWith(`${this.o.namespace}_`)) names.push(s.config.name);
    for (const name of names) await this.jsm.streams.delete(name);
    this.streams.clear();
    return names.length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.consumers) await c.close().catch(() => undefined);
    await Promise.all(this.loops);
    if (this.ownsConnection) await this.nc.close();
  }

  private async consume(address: string, handler: BatchHandler, maxBatch: number): Promise<void> {
    const stream = this.stream(address);
    const lingerMs = maxBatch > 1 ? (this.o.lingerMs ?? DEFAULT_LINGER_MS) : 0;
    const config = {
      durable_name: CONSUMER,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.o.ackWaitMs ?? 30_000),
      // A safety net behind our own count (see deliver): the server stops after a few more.
      max_deliver: this.maxDeliveries + 3,
      max_ack_pending: 1000,
    };
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        await this.ensureInbox(address, attempt > 0);
        await this.jsm.consumers.add(stream, config).catch(() => this.jsm.consumers.update(stream, CONSUMER, config));
        const consumer = await this.js.consumers.get(stream, CONSUMER);
        const messages = await consumer.consume({ max_messages: 200 });
        this.consumers.push(messages);
        // The iterator fills `waiting` while a batch is handled; the next batch takes what is there.
        // Bounded, so a message never waits here long enough for its ack to time out.
        const waiting: JsMsg[] = [];
        const signal: { wake?: () => void; taken?: () => void; ended?: boolean } = {};
        const received = (async () => {
          try {
            for await (const m of messages) {
              waiting.push(m);
              signal.wake?.();
              // Woken when the handler takes a batch (polling here cost a busy node 200 wakeups a second).
              while (waiting.length >= 2 * maxBatch && !this.closed) await new Promise<void>((r) => (signal.taken = r));
              if (this.closed) break;
            }
          } finally {
            signal.ended = true;
            signal.wake?.();
          }
        })();
        // Awaited (and so rethrown) after the loop; marked handled now, so it never counts as unhandled meanwhile.
        received.catch(() => undefined);
        try {
          while (!this.closed) {
            if (waiting.length === 0) {
              if (signal.ended) break;
              await new Promise<void>((r) => (signal.wake = r));
              signal.wake = undefined;
              // What arrives within the linger joins this batch: one transaction, one commit and one
              // flush of acks and publishes for the lot, where a node that woke per message paid each
              // of those (and its cold caches) per message.
              if (lingerMs > 0 && waiting.length < maxBatch && !signal.ended) await sleep(lingerMs);
              continue;
            }
            attempt = 0;
            const batch = waiting.splice(0, maxBatch);
            signal.taken?.();
            signal.taken = undefined;
            await this.deliver(address, handler, batch);
          }
        } finally {
          // The iterator may be held at its bound: let it see the end.
          signal.taken?.();
        }
        await received;
      } catch (err) {
        // The server away (restart) or the consumer lost: set it up again, with backoff.
        if (this.closed) return;
        this.log.warn({ address, attempt, err: (err as Error).message }, 'consumer interrupted, resuming');
        await sleep(Math.min(2000, 100 * 2 ** attempt));
      }
    }
  }

  private async deliver(address: string, handler: BatchHandler, batch: JsMsg[]): Promise<void> {
    this.handling += batch.length;
    try {
      const take: { m: JsMsg; message: Envelope; deliveries: number }[] = [];
      for (const m of batch) {
        const deliveries = m.info.deliveryCount;
        let message: Envelope;
        try {
          message = m.json<Envelope>();
        } catch {
          await this.deadLetter(address, m, m.string(), 'not JSON', deliveries);
          continue;
        }
        if (deliveries > this.maxDeliveries) await this.deadLetter(address, m, message, `delivered ${deliveries} times without an outcome (did the node stop while handling it?)`, deliveries);
        else take.push({ m, message, deliveries });
      }
      if (take.length === 0) return;
      const outcomes = await handler(take.map((t) => t.message)).catch((err: unknown) => take.map(() => err));
      for (let i = 0; i < take.length; i++) {
        const { m, message, deliveries } = take[i];
        const err = outcomes[i];
        if (err === undefined) {
          m.ack();
          continue;
        }
        const error = err instanceof Error ? err.message : String(err);
        // A message that fails its schema can never succeed: retrying it only delays the dead letter.
        const transient = this.o.transient?.(err) ?? false;
        if (!transient && (err instanceof InputError || deliveries >= this.retry.attempts)) {
          await this.deadLetter(address, m, message, error, deliveries);
          continue;
        }
        // Infrastructure comes back on its own time: retried at most every 2 s rather than backing off to 30 s.
        const delay = Math.min(transient ? 2000 : MAX_NAK_DELAY_MS, this.retry.backoffMs * 2 ** (deliveries - 1));
        redeliveryCounter.inc({ address });
        this.log.warn({ address, id: message.id, tcn: message.tcn, deliveries, delayMs: delay, error }, 'handler failed, redelivery scheduled');
        m.nak(delay);
      }
    } finally {
      this.handling -= batch.length;
    }
  }

  /** Stores the message in the dead-letter stream, then removes it from the inbox (never the other way round). */
  private async deadLetter(address: string, m: JsMsg, message: Envelope | string, error: string, deliveries: number): Promise<void> {
    const h = headers();
    h.set('Scomm-Address', address);
    h.set('Scomm-Error', error.slice(0, 1000).replace(/[\r\n]+/g, ' '));
    h.set('Scomm-Deliveries', String(deliveries));
    const id = typeof message === 'string' ? `${this.stream(address)}/${m.seq}` : message.id;
    try {
      await this.storeDurably(`${this.o.namespace}.dead.${token(address)}`, m.data, `dead/${id}`, (again) => this.ensureDeadLetters(again), h, 3);
    } catch (err) {
      this.log.error({ address, err }, 'dead letter could not be stored; redelivery instead');
      m.nak(1000);
      return;
    }
    // No reason text: servers before 2.10 ignore a +TERM that carries one.
    m.term();
    if (typeof message !== 'string') this.dead.push({ message, error });
    deadLetterCounter.inc({ address });
    this.log.error({ alert: 'dead_letter', address, id: typeof message === 'string' ? undefined : message.id, tcn: typeof message === 'string' ? undefined : message.tcn, deliveries, error }, 'message dead-lettered');
  }

  /** Publishes until the stream acknowledges storing it; retried with backoff (same msg id: at most one copy stored). */
  private async storeDurably(subject: string, data: string | Uint8Array, msgID: string, ensure: (again: boolean) => Promise<void>, h?: ReturnType<typeof headers>, maxAttempts = Infinity): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        // After a failure, check the stream again: a server without a persistent store loses it.
        await ensure(attempt > 0);
        await this.js.publish(subject, data, { msgID, timeout: 5000, ...(h ? { headers: h } : {}) });
        return;
      } catch (err) {
        if (this.closed || attempt + 1 >= maxAttempts) throw err;
        if (attempt === 0 || attempt % 10 === 0) this.log.warn({ subject, attempt, err: (err as Error).message }, 'publish failed, retrying');
        await sleep(Math.min(2000, 50 * 2 ** attempt));
      }
    }
  }

  private ensureInbox(address: string, again = false): Promise<void> {
    return this.ensureStream(again, { name: this.stream(address), subjects: [this.subject(address)], retention: RetentionPolicy.Workqueue });
  }

  private ensureDeadLetters(again = false): Promise<void> {
    return this.ensureStream(again, { name: this.deadLetterStream, subjects: [`${this.o.namespace}.dead.>`], retention: RetentionPolicy.Limits });
  }

  /** Creates the stream once per process (idempotent at the server: the same config is accepted again). */
  private ensureStream(again: boolean, c: { name: string; subjects: string[]; retention: RetentionPolicy }): Promise<void> {
    const key = c.name;
    let p = again ? undefined : this.streams.get(key);
    if (!p) {
      p = this.jsm.streams
        .add({ ...c, storage: StorageType.File, num_replicas: this.o.replicas ?? 1, duplicate_window: nanos(this.o.duplicateWindowMs ?? 120_000) })
        .then(() => undefined)
        .catch(async (err: unknown) => {
          // Already there with another config (replicas, window): use it as it is.
          await this.jsm.streams.info(c.name).catch(() => {
            throw err;
          });
        });
      p.catch(() => this.streams.delete(key));
      this.streams.set(key, p);
    }
    return p;
  }
}

/**
 * A connection that reconnects forever: a node outlives a broker restart. Without async traces: with
 * them every request (each JetStream publish) builds two Error objects for their stack traces, the
 * largest single cost of a publish in a node's profile; our failures are logged by subject instead.
 */
export async function connectNats(url: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: url.split(','), name: 'scomm', maxReconnectAttempts: -1, reconnectTimeWait: 250, timeout: 5000, noAsyncTraces: true });
  } catch (err) {
    throw new Error(`cannot reach NATS at ${url}: ${(err as Error).message}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
