import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { principal, purposeOf, requireRole } from '../auth/guard.ts';
import { complaints } from '../services/oversight.ts';
import { bearer, errors } from './schemas.ts';

export const complaintOut = z.object({ id: z.number(), filedAt: z.string(), fips: z.string(), category: z.string(), summary: z.string(), caseIds: z.array(z.string()), status: z.string(), history: z.array(z.object({ at: z.string(), status: z.string(), note: z.string() })) });

export function getOversightComplaints(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/oversight/complaints',
    { preHandler: requireRole(ctx, 'oversight_auditor'), schema: { summary: 'Civil rights and civil liberties complaints with their history', tags: ['oversight'], security: bearer, response: { 200: z.object({ complaints: z.array(complaintOut) }), ...errors } } },
    async (req) => complaints(ctx, principal(req, 'oversight_auditor'), purposeOf(req, 'complaint review')),
  );
}
