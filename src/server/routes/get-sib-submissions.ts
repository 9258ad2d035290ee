import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { principal, purposeOf, requireRole } from '../auth/guard.ts';
import { sibSubmissions } from '../services/agencies.ts';
import { bearer, errors, limitQuery } from './schemas.ts';

export function getSibSubmissions(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/sib/submissions',
    {
      preHandler: requireRole(ctx, 'sib_operator'),
      schema: {
        summary: 'The state bureau\'s traffic: submissions it forwarded for its agencies',
        tags: ['sib'],
        security: bearer,
        querystring: limitQuery,
        response: { 200: z.object({ total: z.number(), submissions: z.array(z.object({ tcn: z.string(), ori: z.string(), fieldOffice: z.string().nullable() })) }), ...errors },
      },
    },
    async (req) => sibSubmissions(ctx, principal(req, 'sib_operator'), req.query.limit, purposeOf(req, 'state traffic review')),
  );
}
