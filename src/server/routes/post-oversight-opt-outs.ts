import { optOutSchema } from '../../agencies/oversight/opt-out.ts';
import type { App, RouteDeps } from '../app.ts';
import { principal, requireRole } from '../auth/guard.ts';
import { newOptOut } from '../services/oversight.ts';
import { optOutOut } from './get-oversight-opt-outs.ts';
import { bearer, errors } from './schemas.ts';

export function postOversightOptOuts(app: App, { ctx }: RouteDeps): void {
  app.post(
    '/api/oversight/opt-outs',
    { preHandler: requireRole(ctx, 'oversight_auditor'), schema: { summary: 'Record a jurisdiction\'s request to opt out of IDENT searches (audited)', tags: ['oversight'], security: bearer, body: optOutSchema, response: { 201: optOutOut, ...errors } } },
    async (req, reply) => reply.status(201).send(await newOptOut(ctx, principal(req, 'oversight_auditor'), req.body)),
  );
}
