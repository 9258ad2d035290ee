import { z } from 'zod';
import { detainerActions } from '../../agencies/ero/officer.ts';
import type { App, RouteDeps } from '../app.ts';
import { principal, requireRole } from '../auth/guard.ts';
import { detainer } from '../services/ero.ts';
import { bearer, caseSchema, errors, tcnParams } from './schemas.ts';

export function postEroCaseDetainer(app: App, { ctx }: RouteDeps): void {
  app.post(
    '/api/ero/cases/:tcn/detainer',
    {
      preHandler: requireRole(ctx, 'ero_officer'),
      schema: {
        summary: 'Detainer actions: lodge an issued detainer with the jail, or lift it, with a reason',
        tags: ['ero'],
        security: bearer,
        params: tcnParams,
        body: z.strictObject({ action: z.enum(detainerActions), reason: z.string().trim().min(3, 'give the reason in words').max(1000) }),
        response: { 200: caseSchema, ...errors },
      },
    },
    async (req) => detainer(ctx, principal(req, 'ero_officer'), req.params.tcn, req.body),
  );
}
