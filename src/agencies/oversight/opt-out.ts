import type { Kysely } from 'kysely';
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import { appendAudit } from './audit.ts';
import type { OversightTables } from './store.ts';

/**
 * Opt-out requests by jurisdictions, with their history. What a request changes is a policy
 * option, not the record: `honored` (prints still go to CJIS but not to IDENT; the simulator applies
 * a pending request to its whole period)
 * or `not-honored` (as in 2011, when ICE ruled participation mandatory).
 */
export const optOutModes = ['honored', 'not-honored'] as const;
export type OptOutMode = (typeof optOutModes)[number];

export const optOutSchema = z.object({
  fips: z.string().regex(/^\d{5}$/, 'a five-digit county FIPS code'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
  requestedBy: z.string().min(1).max(200),
  note: z.string().max(2000).default(''),
});

export interface OptOutRequest {
  id: number;
  fips: string;
  requestedAt: string;
  requestedBy: string;
  status: string;
  note: string;
  history: { at: string; status: string; note: string }[];
}

export async function requestOptOut(db: Kysely<OversightTables>, input: z.input<typeof optOutSchema>, actor: string, now = new Date()): Promise<OptOutRequest> {
  const r = optOutSchema.parse(input);
  const existing = await db.selectFrom('opt_out_requests').select('id').where('fips', '=', r.fips).where('status', '=', 'requested').executeTakeFirst();
  if (existing) throw new InputError(`county ${r.fips} already has opt-out request ${existing.id} pending`);
  const id = await db.transaction().execute(async (tx) => {
    const next = Number((await tx.selectFrom('opt_out_requests').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0) + 1;
    await tx.insertInto('opt_out_requests').values({ id: next, fips: r.fips, requested_at: r.date, requested_by: r.requestedBy, status: 'requested', note: r.note }).execute();
    await tx.insertInto('opt_out_events').values({ request_id: next, at: now.toISOString(), status: 'requested', note: r.note }).execute();
    return next;
  });
  await appendAudit(db, { actor, action: 'opt_out.request', subject: `county:${r.fips}`, reason: r.note, payload: { id, date: r.date, requestedBy: r.requestedBy } }, now);
  return (await listOptOuts(db)).find((o) => o.id === id)!;
}

export async function withdrawOptOut(db: Kysely<OversightTables>, id: number, note: string, actor: string, now = new Date()): Promise<void> {
  const row = await db.selectFrom('opt_out_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new InputError(`no opt-out request ${id}`);
  if (row.status !== 'requested') throw new InputError(`opt-out request ${id} is already ${row.status}`);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('opt_out_requests').set({ status: 'withdrawn' }).where('id', '=', id).execute();
    await tx.insertInto('opt_out_events').values({ request_id: id, at: now.toISOString(), status: 'withdrawn', note }).execute();
  });
  await appendAudit(db, { actor, action: 'opt_out.withdraw', subject: `county:${row.fips}`, reason: note, payload: { id } }, now);
}

export async function listOptOuts(db: Kysely<OversightTables>): Promise<OptOutRequest[]> {
  const rows = await db.selectFrom('opt_out_requests').selectAll().orderBy('id').execute();
  const events = await db.selectFrom('opt_out_events').selectAll().orderBy('at').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    fips: r.fips,
    requestedAt: r.requested_at,
    requestedBy: r.requested_by,
    status: r.status,
    note: r.note,
    history: events.filter((e) => Number(e.request_id) === Number(r.id)).map((e) => ({ at: e.at, status: e.status, note: e.note })),
  }));
}

/** Counties whose pending request takes effect under `honored` (all of them; none when not honored). */
export async function optedOutCounties(db: Kysely<OversightTables>, mode: OptOutMode): Promise<Set<string>> {
  if (mode === 'not-honored') return new Set();
  return new Set((await listOptOuts(db)).filter((o) => o.status === 'requested').map((o) => o.fips));
}
