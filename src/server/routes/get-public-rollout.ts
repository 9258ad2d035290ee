import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';

export function getPublicRollout(app: App, { stats }: RouteDeps): void {
  app.get(
    '/api/public/rollout',
    {
      schema: {
        summary: 'Every county with its Secure Communities activation date, and active counties by month',
        tags: ['public'],
        response: { 200: z.object({ counties: z.array(z.object({ fips: z.string(), name: z.string(), state: z.string(), population: z.number(), activation: z.string().nullable() })), months: z.array(z.object({ month: z.string(), active: z.number() })) }) },
      },
    },
    async () => stats.rollout(),
  );
}
