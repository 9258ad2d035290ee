import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { byLevelSchema, errors, figuresSchema, monthQuery } from './schemas.ts';

const responseSchema = z.object({
  month: z.string(),
  months: z.array(z.string()).describe('months that have events'),
  national: z.object({ month: figuresSchema, cumulative: figuresSchema }),
  jurisdictionsActive: z.number(),
  countiesTotal: z.number(),
  states: z.array(z.object({ state: z.string(), month: figuresSchema, cumulative: figuresSchema })),
  anomalies: z.array(z.object({ fips: z.string(), county: z.string(), state: z.string(), rule: z.string(), value: z.number(), limit: z.number(), removals: z.number(), nonCriminalRemovals: z.number(), explanation: z.string() })),
  series: z.array(z.object({ month: z.string(), submissions: z.number(), identMatches: z.number(), removals: z.number(), removalsByLevel: byLevelSchema, activeCounties: z.number() })),
  complaintsTotal: z.number(),
  generatedAt: z.string(),
});

export function getPublicStats(app: App, { stats }: RouteDeps): void {
  app.get(
    '/api/public/stats',
    {
      schema: {
        summary: 'Aggregate statistics of a month (national, by state), the monthly series to date and anomaly flags; never a person',
        tags: ['public'],
        querystring: monthQuery,
        response: {
          200: responseSchema,
          400: errors[400],
        },
      },
    },
    async (req, reply) => {
      const { month, source } = req.query;
      reply.type('application/json; charset=utf-8');
      // Already checked against responseSchema when cached: sent as text, not serialised again.
      return stats.json(`stats:${month}:${source}`, () => stats.month(month, source), responseSchema) as never;
    },
  );
}
