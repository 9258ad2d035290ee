import { z } from 'zod';
import { appendAudit } from '../../agencies/oversight/index.ts';
import type { App, RouteDeps } from '../app.ts';
import { requireRole } from '../auth/guard.ts';
import { actorOf } from '../auth/roles.ts';
import { NotFoundError } from '../errors.ts';
import { credentialOut } from './get-admin-credentials.ts';
import { bearer, errors } from './schemas.ts';

export function postAdminCredentialUnlock(app: App, { ctx }: RouteDeps): void {
  app.post(
    '/api/admin/credentials/:id/unlock',
    {
      preHandler: requireRole(ctx, 'admin'),
      schema: { summary: 'Unlock a credential locked by failed logins', tags: ['admin'], security: bearer, params: z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, 'must be a credential id') }), response: { 200: credentialOut, ...errors } },
    },
    async (req) => {
      if (!(await ctx.credentials.unlock(req.params.id))) throw new NotFoundError(`no credential ${req.params.id}`);
      await appendAudit(ctx.oversightDb, { actor: actorOf(req.principal!), action: 'credential.unlock', subject: `credential:${req.params.id}`, reason: 'unlocked by an admin' }, ctx.now());
      return (await ctx.credentials.get(req.params.id))!;
    },
  );
}
