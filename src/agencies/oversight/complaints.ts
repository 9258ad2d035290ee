import type { Kysely } from 'kysely';
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import { appendAudit } from './audit.ts';
import type { OversightTables } from './store.ts';

export const complaintStatuses = ['filed', 'acknowledged', 'investigating', 'closed'] as const;
export const complaintCategories = ['civil_rights', 'civil_liberties', 'wrongful_detainer', 'citizen_detained', 'victim_witness', 'other'] as const;

export const complaintSchema = z.object({
  fips: z.string().regex(/^\d{5}$/, 'a five-digit county FIPS code'),
  category: z.enum(complaintCategories),
  summary: z.string().min(1).max(2000),
  caseIds: z.array(z.string().min(1)).default([]),
  /** When the complaint was made (YYYY-MM-DD), if not now: complaints about past months are filed late. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').optional(),
});

export interface Complaint {
  id: number;
  filedAt: string;
  fips: string;
  category: string;
  summary: string;
  caseIds: string[];
  status: string;
  history: { at: string; status: string; note: string }[];
}

/** Files a civil rights / civil liberties complaint, linked to a jurisdiction and cases; audited. */
export async function fileComplaint(db: Kysely<OversightTables>, input: z.input<typeof complaintSchema>, actor: string, now = new Date()): Promise<Complaint> {
  const c = complaintSchema.parse(input);
  const at = c.date ? `${c.date}T00:00:00.000Z` : now.toISOString();
  const id = await db.transaction().execute(async (tx) => {
    const next = Number((await tx.selectFrom('complaints').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0) + 1;
    await tx.insertInto('complaints').values({ id: next, filed_at: at, fips: c.fips, category: c.category, summary: c.summary, case_ids: JSON.stringify(c.caseIds), status: 'filed' }).execute();
    await tx.insertInto('complaint_events').values({ complaint_id: next, at, status: 'filed', note: '' }).execute();
    return next;
  });
  await appendAudit(db, { actor, action: 'complaint.file', subject: `complaint:${id}`, reason: c.category, payload: { fips: c.fips, caseIds: c.caseIds } }, now);
  return (await getComplaint(db, id))!;
}

/** Moves a complaint to a later status (acknowledged, investigating, closed) with a note; audited. */
export async function updateComplaint(db: Kysely<OversightTables>, id: number, status: string, note: string, actor: string, now = new Date()): Promise<Complaint> {
  const current = await getComplaint(db, id);
  if (!current) throw new InputError(`no complaint ${id}`);
  const to = complaintStatuses.indexOf(status as (typeof complaintStatuses)[number]);
  if (to < 0) throw new InputError(`status must be one of ${complaintStatuses.join(', ')} (got '${status}')`);
  if (to <= complaintStatuses.indexOf(current.status as (typeof complaintStatuses)[number])) throw new InputError(`complaint ${id} is already ${current.status}; it cannot go back to ${status}`);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('complaints').set({ status }).where('id', '=', id).execute();
    await tx.insertInto('complaint_events').values({ complaint_id: id, at: now.toISOString(), status, note }).execute();
  });
  await appendAudit(db, { actor, action: `complaint.${status}`, subject: `complaint:${id}`, reason: note }, now);
  return (await getComplaint(db, id))!;
}

export async function getComplaint(db: Kysely<OversightTables>, id: number): Promise<Complaint | undefined> {
  const r = await db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const history = await db.selectFrom('complaint_events').select(['at', 'status', 'note']).where('complaint_id', '=', id).orderBy('at').execute();
  return { id: Number(r.id), filedAt: r.filed_at, fips: r.fips, category: r.category, summary: r.summary, caseIds: JSON.parse(r.case_ids), status: r.status, history };
}

export async function listComplaints(db: Kysely<OversightTables>): Promise<Complaint[]> {
  const ids = await db.selectFrom('complaints').select('id').orderBy('id').execute();
  return Promise.all(ids.map((r) => getComplaint(db, Number(r.id)).then((c) => c!)));
}

/** Complaints filed per county up to the end of a month (YYYY-MM), for reports. */
export async function complaintCounts(db: Kysely<OversightTables>, through: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('complaints').select(['fips', (eb) => eb.fn.countAll<number>().as('n')]).where('filed_at', '<', nextMonth(through)).groupBy('fips').execute();
  return new Map(rows.map((r) => [r.fips, Number(r.n)]));
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
