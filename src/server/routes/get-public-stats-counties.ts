import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { errors, monthQuery } from './schemas.ts';

export function getPublicStatsCounties(app: App, { stats }: RouteDeps): void {
  app.get(
    '/api/public/stats/counties',
    {
      schema: {
        summary: 'Per-county aggregates to the end of a month, compact rows for the map',
        tags: ['public'],
        querystring: monthQuery,
        response: { 200: z.object({ month: z.string(), columns: z.array(z.string()), rows: z.array(z.tuple([z.string(), z.number(), z.number(), z.number(), z.number()])) }), 400: errors[400] },
      },
    },
    async (req) => stats.counties(req.query.month, req.query.source),
  );
}
