import { z } from 'zod';
import { officerActions } from '../../agencies/ero/officer.ts';
import type { App, RouteDeps } from '../app.ts';
import { principal, requireRole } from '../auth/guard.ts';
import { decide } from '../services/ero.ts';
import { bearer, caseSchema, errors, tcnParams } from './schemas.ts';

export function postEroCaseDecision(app: App, { ctx }: RouteDeps): void {
  app.post(
    '/api/ero/cases/:tcn/decision',
    {
      preHandler: requireRole(ctx, 'ero_officer'),
      schema: {
        summary: 'Decide a case with a reason; a detainer decision issues the detainer (never for a US citizen or a victim or witness: 409)',
        tags: ['ero'],
        security: bearer,
        params: tcnParams,
        body: z.strictObject({ action: z.enum(officerActions), reason: z.string().trim().min(3, 'give the reason in words').max(1000) }),
        response: { 200: caseSchema, ...errors },
      },
    },
    async (req) => decide(ctx, principal(req, 'ero_officer'), req.params.tcn, req.body),
  );
}
