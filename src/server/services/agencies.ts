import type { Principal } from '../auth/roles.ts';
import type { ServerContext } from '../context.ts';
import { auditAccess } from './audit.ts';

/** The state bureau's traffic: every submission it forwarded, with the agency and (after an IAR) the field office. */
export async function sibSubmissions(ctx: ServerContext, who: Extract<Principal, { role: 'sib_operator' }>, limit: number, why: string) {
  const node = ctx.nodeAt(`sib:${who.state}`);
  if (!node) return { total: 0, submissions: [] };
  const [rows, total] = await Promise.all([
    node.db.selectFrom('sib_submission').select(['tcn', 'ori', 'field_office']).orderBy('tcn', 'desc').limit(limit).execute(),
    node.db.selectFrom('sib_submission').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await auditAccess(ctx, who, { action: 'sib.submissions.list', subject: `sib:${who.state}`, ids: rows.map((r) => r.tcn) }, why);
  return { total: Number(total.n), submissions: rows.map((r) => ({ tcn: r.tcn as string, ori: r.ori as string, fieldOffice: (r.field_office as string | null) ?? null })) };
}

/** LESC's status determinations: one per Immigration Alien Query, with the field office it went to. */
export async function lescQueries(ctx: ServerContext, who: Extract<Principal, { role: 'lesc_analyst' }>, limit: number, why: string) {
  const node = ctx.nodeAt('lesc');
  if (!node) return { total: 0, queries: [] };
  const [rows, total] = await Promise.all([
    node.db.selectFrom('lesc_query').select(['tcn', 'status', 'field_office']).orderBy('tcn', 'desc').limit(limit).execute(),
    node.db.selectFrom('lesc_query').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await auditAccess(ctx, who, { action: 'lesc.queries.list', subject: 'lesc', ids: rows.map((r) => r.tcn) }, why);
  return { total: Number(total.n), queries: rows.map((r) => ({ tcn: r.tcn as string, status: r.status as string, fieldOffice: r.field_office as string })) };
}
