import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { byLevelSchema, errors, sourceQuery } from './schemas.ts';

export function getPublicJurisdiction(app: App, { stats }: RouteDeps): void {
  app.get(
    '/api/public/jurisdictions/:fips',
    {
      schema: {
        summary: 'One county over time: monthly figures, level mix, non-criminal share, complaints and opt-out history (aggregates)',
        tags: ['public'],
        params: z.strictObject({ fips: z.string().regex(/^\d{5}$/, 'must be a 5-digit county FIPS code') }),
        querystring: sourceQuery,
        response: {
          200: z.object({
            county: z.object({ fips: z.string(), name: z.string(), state: z.string(), population: z.number(), noncitizens: z.number(), activation: z.string().nullable() }),
            series: z.array(z.object({ month: z.string(), bookings: z.number(), submissions: z.number(), identMatches: z.number(), detainers: z.number(), removals: z.number(), removalsByLevel: byLevelSchema, nonCriminalShare: z.number() })),
            toDate: z.object({ removals: z.number(), removalsByLevel: byLevelSchema, nonCriminalShare: z.number() }),
            complaints: z.array(z.object({ filedAt: z.string(), category: z.string(), status: z.string() })),
            optOuts: z.array(z.object({ requestedAt: z.string(), requestedBy: z.string(), status: z.string(), history: z.array(z.object({ at: z.string(), status: z.string(), note: z.string() })) })),
          }),
          400: errors[400],
          404: errors[404],
        },
      },
    },
    async (req) => stats.jurisdiction(req.params.fips, req.query.source),
  );
}
