import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { principal, purposeOf, requireRole } from '../auth/guard.ts';
import { listCases } from '../services/ero.ts';
import { bearer, caseSchema, errors } from './schemas.ts';

export function getEroCases(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/ero/cases',
    {
      preHandler: requireRole(ctx, 'ero_officer'),
      schema: {
        summary: 'The field office\'s case queue in priority order, each with its decision and explanation',
        tags: ['ero'],
        security: bearer,
        querystring: z.strictObject({ status: z.enum(['open', 'claimed', 'decided']).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: z.object({ fieldOffice: z.string(), total: z.number(), cases: z.array(caseSchema) }), ...errors },
      },
    },
    async (req) => {
      const who = principal(req, 'ero_officer');
      return { fieldOffice: who.fieldOffice, ...(await listCases(ctx, who, req.query, purposeOf(req, 'case queue'))) };
    },
  );
}
