import { sql } from 'kysely';
import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';

export function getReadyz(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/readyz',
    { schema: { summary: 'Readiness: every node store and the server store answer a query', tags: ['meta'], response: { 200: z.object({ status: z.literal('ready'), nodes: z.number() }), 503: z.object({ status: z.literal('unavailable'), problem: z.string() }) } } },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(ctx.serverDb);
        for (const n of ctx.network.nodes.values()) await sql`select 1`.execute(n.db);
        return { status: 'ready' as const, nodes: ctx.network.nodes.size };
      } catch (e) {
        return reply.status(503).send({ status: 'unavailable' as const, problem: (e as Error).message });
      }
    },
  );
}
