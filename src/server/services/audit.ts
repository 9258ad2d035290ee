import { appendAudit } from '../../agencies/oversight/index.ts';
import { actorOf, type Principal } from '../auth/roles.ts';
import type { ServerContext } from '../context.ts';

/**
 * Records an access to personal data in the audit chain: who (role, scope, credential), what
 * (action and subject ids, never the data itself) and why (the purpose the client gave, else the
 * route's). Called before the data leaves: if the chain cannot be written, nothing is released.
 */
export async function auditAccess(ctx: ServerContext, who: Principal, what: { action: string; subject: string; ids?: string[] }, why: string): Promise<void> {
  await appendAudit(ctx.oversightDb, { actor: actorOf(who), action: what.action, subject: what.subject, reason: why, payload: what.ids ? { ids: what.ids } : null }, ctx.now());
}
