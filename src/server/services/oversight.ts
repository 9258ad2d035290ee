import { fileComplaint, listAudit, listComplaints, listOptOuts, requestOptOut, verifyAudit } from '../../agencies/oversight/index.ts';
import type { complaintSchema } from '../../agencies/oversight/complaints.ts';
import type { optOutSchema } from '../../agencies/oversight/opt-out.ts';
import { actorOf, type Principal } from '../auth/roles.ts';
import type { ServerContext } from '../context.ts';
import { auditAccess } from './audit.ts';
import type { z } from 'zod';

/** A page of the audit chain, with the verdict of a full verification (the auditor's read is itself audited). */
export async function auditPage(ctx: ServerContext, who: Principal, q: { from: number; limit: number }, why: string) {
  const db = ctx.oversightDb;
  await auditAccess(ctx, who, { action: 'oversight.audit.read', subject: 'audit', ids: [`${q.from}+${q.limit}`] }, why);
  const [entries, verdict] = await Promise.all([listAudit(db, q), verifyAudit(db)]);
  return { verdict, entries };
}

export async function complaints(ctx: ServerContext, who: Principal, why: string) {
  await auditAccess(ctx, who, { action: 'oversight.complaints.read', subject: 'complaints' }, why);
  return { complaints: await listComplaints(ctx.oversightDb) };
}

export async function newComplaint(ctx: ServerContext, who: Principal, input: z.input<typeof complaintSchema>) {
  return fileComplaint(ctx.oversightDb, input, actorOf(who), ctx.now());
}

export async function optOuts(ctx: ServerContext, who: Principal, why: string) {
  await auditAccess(ctx, who, { action: 'oversight.opt_outs.read', subject: 'opt_outs' }, why);
  return { requests: await listOptOuts(ctx.oversightDb) };
}

export async function newOptOut(ctx: ServerContext, who: Principal, input: z.input<typeof optOutSchema>) {
  return requestOptOut(ctx.oversightDb, input, actorOf(who), ctx.now());
}
