import type { App, RouteDeps } from '../app.ts';
import { principal, purposeOf, requireRole } from '../auth/guard.ts';
import { getCase } from '../services/ero.ts';
import { bearer, caseSchema, errors, tcnParams } from './schemas.ts';

export function getEroCase(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/ero/cases/:tcn',
    { preHandler: requireRole(ctx, 'ero_officer'), schema: { summary: 'One case of the field office, with its explanation and history', tags: ['ero'], security: bearer, params: tcnParams, response: { 200: caseSchema, ...errors } } },
    async (req) => getCase(ctx, principal(req, 'ero_officer'), req.params.tcn, purposeOf(req, 'case review')),
  );
}
