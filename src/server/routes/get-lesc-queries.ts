import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { principal, purposeOf, requireRole } from '../auth/guard.ts';
import { lescQueries } from '../services/agencies.ts';
import { bearer, errors, limitQuery } from './schemas.ts';

export function getLescQueries(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/lesc/queries',
    {
      preHandler: requireRole(ctx, 'lesc_analyst'),
      schema: {
        summary: 'LESC\'s Immigration Alien Queries and their status determinations',
        tags: ['lesc'],
        security: bearer,
        querystring: limitQuery,
        response: { 200: z.object({ total: z.number(), queries: z.array(z.object({ tcn: z.string(), status: z.string(), fieldOffice: z.string() })) }), ...errors },
      },
    },
    async (req) => lescQueries(ctx, principal(req, 'lesc_analyst'), req.query.limit, purposeOf(req, 'status determination review')),
  );
}
