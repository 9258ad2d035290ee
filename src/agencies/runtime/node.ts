import { sql, type Kysely, type Transaction } from 'kysely';
import type { Bus } from '../../bus/index.ts';
import { parseEnvelope, type Envelope } from '../../messages/index.ts';
import { migrate, type NamedMigration } from '../../store/migrations.ts';
import type { Store } from '../../store/database.ts';

/** What a handler may do besides writing its tables: send messages, and change in-memory state with the transaction. */
export interface HandlerContext {
  send(message: Envelope): void;
  /**
   * An in-memory change that follows the tables (a search gallery enrolment): applied now, so the
   * next messages of the same transaction see it, and undone if the transaction rolls back.
   */
  provisional(apply: () => void, undo: () => void): void;
  /** The outcome of the node's prepare() for the message being handled (undefined without one). */
  prepared?: Promise<unknown>;
}

export type MessageHandler = (tx: Transaction<any>, message: Envelope, ctx: HandlerContext) => Promise<void>;

/** What makes a node an agency: its address, its tables, how it handles a message, and what it loads at start. */
export interface NodeSpec {
  address: string;
  migrations: NamedMigration[];
  handle: MessageHandler;
  /**
   * Brings in-memory state (a search gallery) in line with the committed tables: at start, and
   * again after a commit whose outcome the node could not know (the change may be in the tables
   * while its provisional in-memory part was undone). Must be idempotent.
   */
  load?: (db: Kysely<any>) => Promise<void>;
  /**
   * Work a message needs that reads none of the node's tables (decoding prints, a 1:N search on
   * worker threads): started for every message of a delivered batch at once, so the batch's
   * searches run in parallel rather than one after another, and while the first messages are
   * handled. The handler awaits its outcome as ctx.prepared (a failure rejects it there); what the
   * handlers change meanwhile must be safe for that work to read (a gallery is: see
   * TenprintGallery.pin). It may run for a message that turns out to be a repeat.
   */
  prepare?: (message: Envelope) => Promise<unknown> | undefined;
}

/** Inbox (ids of handled messages) and outbox (messages to send), in every node's own store. */
const runtimeMigrations = (owner: string): NamedMigration[] => [
  {
    name: `${owner}-0000-inbox-outbox`,
    up: async (db: Kysely<any>) => {
      await db.schema.createTable('inbox').ifNotExists().addColumn('id', 'varchar(200)', (c) => c.primaryKey()).addColumn('handled_at', 'text', (c) => c.notNull()).execute();
      await db.schema
        .createTable('outbox')
        .ifNotExists()
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('delivered', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('outbox_pending').ifNotExists().on('outbox').columns(['delivered', 'seq']).execute();
    },
  },
];

/**
 * One agency node's plumbing. A message is handled in one transaction with the record that it was
 * handled (inbox) and the messages it causes (outbox): either all of it commits or none of it, so a
 * message is sent if and only if the state change that produced it committed, and a message seen
 * twice (at-least-once delivery, a resend after a crash) has no second effect. The relay publishes
 * outbox rows and marks them delivered once the transport holds them; on start, whatever was not
 * yet delivered is sent again.
 */
export class AgencyNode {
  private inFlight = new Set<number>();
  private pending = new Set<Promise<void>>();
  private nextSeq = 0;
  /** Outbox rows the transport holds that the table does not yet say are delivered (see markDelivered). */
  private acked = new Set<number>();
  private marking: Promise<void> | null = null;
  private markTimer: NodeJS.Timeout | null = null;
  /** Set when a commit failed after the transaction's work was done: it may have committed. */
  private unsure = false;
  readonly db: Kysely<any>;

  readonly address: string;

  constructor(
    private readonly spec: NodeSpec,
    readonly store: Store,
    private readonly bus: Bus,
    /**
     * Also resend undelivered outbox rows this often (ms), not only at start and after a commit of
     * unknown outcome: a publish that failed (the broker away) goes out again without a restart.
     */
    private readonly resendEveryMs?: number,
  ) {
    this.db = store.db;
    this.address = spec.address;
  }

  /** Migrates the node's store, subscribes to its inbox and resends what a previous run left undelivered. */
  async start(): Promise<void> {
    const owner = this.address.split(':')[0];
    await migrate(this.db, [...runtimeMigrations(`${owner}rt`), ...this.spec.migrations]);
    await this.spec.load?.(this.db);
    const last = await this.db.selectFrom('outbox').select(sql<number>`max(seq)`.as('m')).executeTakeFirst();
    this.nextSeq = Number(last?.m ?? 0);
    this.bus.subscribeBatch(this.address, (ms) => this.receiveBatch(ms), INBOX_BATCH);
    await this.relay();
    if (this.resendEveryMs) setInterval(() => void this.relay().catch(() => undefined), this.resendEveryMs).unref();
  }

  /** Handles one delivered message (validated at the boundary; an invalid one throws and is dead-lettered). */
  async receive(raw: Envelope): Promise<void> {
    const [outcome] = await this.receiveBatch([raw]);
    if (outcome !== undefined) throw outcome;
  }

  /**
   * Handles delivered messages in one transaction: one commit (and one inbox statement) for the
   * lot, where a transaction per message made the commit the cost of a message. If the batch fails,
   * each message is handled again on its own, so one that cannot be handled fails alone. Resolves
   * with each message's outcome (undefined = committed; see BatchHandler).
   */
  async receiveBatch(raws: Envelope[]): Promise<(unknown | undefined)[]> {
    const outcomes: (unknown | undefined)[] = raws.map(() => undefined);
    const valid: { i: number; message: Envelope }[] = [];
    raws.forEach((raw, i) => {
      try {
        valid.push({ i, message: parseEnvelope(raw) });
      } catch (err) {
        outcomes[i] = err;
      }
    });
    const prepared = new Map<string, Promise<unknown>>();
    if (this.spec.prepare) {
      for (const { message } of valid) {
        if (prepared.has(message.id)) continue;
        let p: Promise<unknown> | undefined;
        try {
          p = this.spec.prepare(message);
        } catch (err) {
          p = Promise.reject(err);
        }
        if (!p) continue;
        // Awaited by the handler; a rejection it never reaches (a repeat) is not an unhandled one.
        p.catch(() => undefined);
        prepared.set(message.id, p);
      }
    }
    if (valid.length > 1) {
      try {
        await this.transact((tx, ctx) => this.handleNew(tx, ctx, valid.map((v) => v.message), prepared));
        return outcomes;
      } catch {
        // Which one failed is found out below, one transaction each.
      }
    }
    for (const { i, message } of valid) {
      try {
        await this.transact((tx, ctx) => this.handleNew(tx, ctx, [message], prepared));
      } catch (err) {
        outcomes[i] = err;
      }
    }
    return outcomes;
  }

  /** Records the messages' ids in the inbox (one statement) and handles, in order, those not seen before. */
  private async handleNew(tx: Transaction<any>, ctx: HandlerContext, messages: Envelope[], prepared: Map<string, Promise<unknown>>): Promise<void> {
    const handledAt = new Date().toISOString();
    const ids = [...new Set(messages.map((m) => m.id))];
    const inserted = await tx
      .insertInto('inbox')
      .values(ids.map((id) => ({ id, handled_at: handledAt })))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    const fresh = new Set(inserted.map((r) => r.id as string));
    for (const m of messages) {
      // Delete as handled: a second copy in the same batch is a repeat.
      if (fresh.delete(m.id)) await this.spec.handle(tx, m, { ...ctx, prepared: prepared.get(m.id) });
    }
  }

  /** A local command (a booking officer's action): its state change and its messages in one transaction. */
  async command(fn: (tx: Transaction<any>, ctx: HandlerContext) => Promise<void>): Promise<void> {
    await this.transact(fn);
  }

  /** Resolves when every relayed message has been marked delivered. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    await this.writeMarks();
  }

  private async transact(fn: (tx: Transaction<any>, ctx: HandlerContext) => Promise<void>): Promise<void> {
    if (this.unsure) {
      // Before anything else is handled (the repeat of that message would be skipped as seen):
      // in-memory state from the tables, and whatever the commit may have put in the outbox.
      await this.spec.load?.(this.db);
      await this.relay();
      this.unsure = false;
    }
    const out: Envelope[] = [];
    const undo: (() => void)[] = [];
    const ctx: HandlerContext = {
      send: (m) => out.push(m),
      provisional: (apply, revert) => {
        apply();
        undo.push(revert);
      },
    };
    let seqs: number[];
    let marks: number[] = [];
    let done = false;
    try {
      seqs = await this.db.transaction().execute(async (tx) => {
        // Rows the transport acknowledged since the last transaction are marked in this one: no
        // commit of their own.
        marks = [...this.acked];
        await this.mark(tx, marks);
        await fn(tx, ctx);
        const seqs = out.map(() => ++this.nextSeq);
        // One statement for the outbox rows, in chunks well under the dialects' parameter limits.
        for (let k = 0; k < out.length; k += OUTBOX_CHUNK) {
          await tx.insertInto('outbox').values(out.slice(k, k + OUTBOX_CHUNK).map((m, j) => ({ seq: seqs[k + j], message: JSON.stringify(m) }))).execute();
        }
        done = true;
        return seqs;
      });
    } catch (err) {
      for (const f of undo.reverse()) f();
      // The work was done, so the COMMIT itself failed (a connection dropped during it): the
      // tables may hold the change. The next transaction first brings the rest in line with them.
      if (done) this.unsure = true;
      throw err;
    }
    for (const seq of marks) this.acked.delete(seq);
    // Sequence numbers handed out inside a rolled-back transaction are simply skipped.
    seqs.forEach((seq, i) => this.publish(seq, out[i]));
  }

  private async relay(): Promise<void> {
    const rows = await this.db.selectFrom('outbox').select(['seq', 'message']).where('delivered', '=', 0).orderBy('seq').execute();
    for (const r of rows) if (!this.acked.has(Number(r.seq))) this.publish(Number(r.seq), JSON.parse(r.message) as Envelope);
  }

  private publish(seq: number, message: Envelope): void {
    if (this.inFlight.has(seq)) return;
    this.inFlight.add(seq);
    const p = this.bus
      .publish(message)
      .then(() => this.markDelivered(seq))
      .then(
        () => undefined,
        // Not marked: the next start sends it again, and the receiver's inbox absorbs the repeat.
        () => undefined,
      )
      .finally(() => {
        this.inFlight.delete(seq);
        this.pending.delete(p);
      });
    this.pending.add(p);
  }

  /**
   * Records that the transport holds an outbox row. The row is marked delivered in the node's next
   * transaction, or on its own (many rows per statement) if none comes within MARK_DELAY_MS: a
   * busy node pays no commit for its marks. A mark lost to a crash only means a resend, which the
   * receiver's inbox absorbs; until it is written, relay() does not send the row again.
   */
  private markDelivered(seq: number): void {
    this.acked.add(seq);
    this.markTimer ??= setTimeout(() => {
      this.markTimer = null;
      void this.writeMarks().catch(() => undefined);
    }, MARK_DELAY_MS).unref();
  }

  /** Writes the pending marks in statements of their own (the rows the transport acknowledged while they were written go in the next round). */
  private writeMarks(): Promise<void> {
    this.marking ??= Promise.resolve().then(async () => {
      try {
        while (this.acked.size > 0) {
          const seqs = [...this.acked];
          await this.mark(this.db, seqs);
          for (const seq of seqs) this.acked.delete(seq);
        }
      } finally {
        this.marking = null;
      }
    });
    return this.marking;
  }

  /** Marks outbox rows delivered, MARK_BATCH per statement. */
  private async mark(db: Kysely<any>, seqs: number[]): Promise<void> {
    for (let k = 0; k < seqs.length; k += MARK_BATCH) await db.updateTable('outbox').set({ delivered: 1 }).where('seq', 'in', seqs.slice(k, k + MARK_BATCH)).execute();
  }
}

/** Outbox rows marked delivered per statement (well under SQLite's and PostgreSQL's parameter limits). */
const MARK_BATCH = 500;
/** How long an acknowledged row waits for the node's next transaction to mark it before it is marked on its own. */
const MARK_DELAY_MS = 200;
/** Outbox rows inserted per statement (two parameters each). */
const OUTBOX_CHUNK = 200;
/**
 * Inbox messages handled per transaction at most: enough that a commit is shared by many
 * messages, few enough that a batch of 1:N searches (CJIS, IDENT) holds its first message for
 * well under a second.
 */
const INBOX_BATCH = 32;

/** Rows are JSON text in every dialect. */
export const json = {
  write: (v: unknown): string => JSON.stringify(v),
};
