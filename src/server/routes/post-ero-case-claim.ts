import type { App, RouteDeps } from '../app.ts';
import { principal, purposeOf, requireRole } from '../auth/guard.ts';
import { claim } from '../services/ero.ts';
import { bearer, caseSchema, errors, tcnParams } from './schemas.ts';

export function postEroCaseClaim(app: App, { ctx }: RouteDeps): void {
  app.post(
    '/api/ero/cases/:tcn/claim',
    { preHandler: requireRole(ctx, 'ero_officer'), schema: { summary: 'Claim a case for review (409 if another officer holds it)', tags: ['ero'], security: bearer, params: tcnParams, response: { 200: caseSchema, ...errors } } },
    async (req) => claim(ctx, principal(req, 'ero_officer'), req.params.tcn, purposeOf(req, 'case review')),
  );
}
