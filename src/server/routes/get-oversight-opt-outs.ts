import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { principal, purposeOf, requireRole } from '../auth/guard.ts';
import { optOuts } from '../services/oversight.ts';
import { bearer, errors } from './schemas.ts';

export const optOutOut = z.object({ id: z.number(), fips: z.string(), requestedAt: z.string(), requestedBy: z.string(), status: z.string(), note: z.string(), history: z.array(z.object({ at: z.string(), status: z.string(), note: z.string() })) });

export function getOversightOptOuts(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/oversight/opt-outs',
    { preHandler: requireRole(ctx, 'oversight_auditor'), schema: { summary: 'Jurisdictions\' opt-out requests with their history', tags: ['oversight'], security: bearer, response: { 200: z.object({ requests: z.array(optOutOut) }), ...errors } } },
    async (req) => optOuts(ctx, principal(req, 'oversight_auditor'), purposeOf(req, 'opt-out review')),
  );
}
