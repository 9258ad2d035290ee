import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { OversightTables } from './store.ts';

export const auditEntrySchema = z.object({
  actor: z.string().min(1),
  action: z.string().min(1),
  subject: z.string().min(1),
  reason: z.string().default(''),
  payload: z.unknown().optional(),
});
export type AuditInput = z.input<typeof auditEntrySchema>;

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  reason: string;
  payload: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditVerdict {
  valid: boolean;
  entries: number;
  firstBad?: { seq: number; problem: string };
}

const GENESIS = '0'.repeat(64);

/** sha256 over the entry's content and the previous entry's hash: each entry seals all before it. */
function entryHash(e: Omit<AuditEntry, 'hash' | 'payload'> & { payload: string }): string {
  return createHash('sha256').update(JSON.stringify([e.seq, e.at, e.actor, e.action, e.subject, e.reason, e.payload, e.prevHash])).digest('hex');
}

/**
 * Appends one entry to the tamper-evident audit chain (decisions, detainers, data access, policy
 * changes). In one transaction with the head update, so the chain never forks or loses its head.
 */
export async function appendAudit(db: Kysely<OversightTables>, input: AuditInput, now: Date = new Date()): Promise<AuditEntry> {
  return db.transaction().execute((tx) => appendAuditIn(tx, input, now));
}

/** appendAudit inside a transaction the caller already holds (a node handling a message). */
export async function appendAuditIn(tx: Transaction<OversightTables>, input: AuditInput, now: Date = new Date()): Promise<AuditEntry> {
  const e = auditEntrySchema.parse(input);
  {
    const head = await tx.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS;
    const payload = JSON.stringify(e.payload ?? null);
    const row = { seq, at: now.toISOString(), actor: e.actor, action: e.action, subject: e.subject, reason: e.reason, payload, prev_hash: prevHash };
    const hash = entryHash({ ...row, prevHash });
    await tx.insertInto('audit_log').values({ ...row, hash }).execute();
    if (head) await tx.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute();
    else await tx.insertInto('audit_head').values({ id: 1, seq, hash }).execute();
    return { seq, at: row.at, actor: e.actor, action: e.action, subject: e.subject, reason: e.reason, payload: e.payload ?? null, prevHash, hash };
  }
}

/**
 * Recomputes the chain from the first entry: every hash, every link, no gap in the sequence, and
 * the last entry equal to the recorded head. The first entry that fails is named.
 */
export async function verifyAudit(db: Kysely<OversightTables>, pageSize = 5000): Promise<AuditVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { valid: false, entries: expectedSeq - 1, firstBad: { seq: expectedSeq, problem: `entry ${expectedSeq} is missing (next present is ${seq})` } };
      if (r.prev_hash !== prevHash) return { valid: false, entries: seq - 1, firstBad: { seq, problem: 'its link to the previous entry does not match' } };
      if (entryHash({ seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, reason: r.reason, payload: r.payload, prevHash: r.prev_hash }) !== r.hash) {
        return { valid: false, entries: seq - 1, firstBad: { seq, problem: 'its content does not match its hash (altered)' } };
      }
      prevHash = r.hash;
      expectedSeq++;
    }
    if (rows.length < pageSize) break;
  }
  const entries = expectedSeq - 1;
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  const headSeq = head ? Number(head.seq) : 0;
  if (headSeq !== entries || (head && head.hash !== prevHash)) {
    return { valid: false, entries, firstBad: { seq: entries + 1, problem: `the chain ends at entry ${entries} but its head says ${headSeq}: entries were removed` } };
  }
  return { valid: true, entries };
}

export async function listAudit(db: Kysely<OversightTables>, opts: { from?: number; limit?: number } = {}): Promise<AuditEntry[]> {
  const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', opts.from ?? 1).orderBy('seq').limit(opts.limit ?? 100).execute();
  return rows.map((r) => ({ seq: Number(r.seq), at: r.at, actor: r.actor, action: r.action, subject: r.subject, reason: r.reason, payload: JSON.parse(r.payload), prevHash: r.prev_hash, hash: r.hash }));
}
