import { z } from 'zod';
import { appendAudit } from '../../agencies/oversight/index.ts';
import type { App, RouteDeps } from '../app.ts';
import { requireRole } from '../auth/guard.ts';
import { actorOf, credentialRequestSchema } from '../auth/roles.ts';
import { bearer, errors } from './schemas.ts';

export function postAdminCredentials(app: App, { ctx }: RouteDeps): void {
  app.post(
    '/api/admin/credentials',
    {
      preHandler: requireRole(ctx, 'admin'),
      schema: { summary: 'Create a credential: {role, ori | state | fieldOffice}; the token is shown once', tags: ['admin'], security: bearer, body: credentialRequestSchema, response: { 201: z.object({ id: z.string(), token: z.string() }), ...errors } },
    },
    async (req, reply) => {
      const created = await ctx.credentials.create(req.body);
      await appendAudit(ctx.oversightDb, { actor: actorOf(req.principal!), action: 'credential.create', subject: `credential:${created.id}`, reason: req.body.role }, ctx.now());
      return reply.status(201).send(created);
    },
  );
}
