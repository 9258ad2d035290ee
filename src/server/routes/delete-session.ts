import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { bearerOf, requireRole } from '../auth/guard.ts';
import { roles } from '../auth/roles.ts';
import { bearer, errors } from './schemas.ts';

export function deleteSession(app: App, { ctx }: RouteDeps): void {
  app.delete(
    '/api/session',
    { preHandler: requireRole(ctx, ...roles), schema: { summary: 'Log out: end this session', tags: ['session'], security: bearer, response: { 200: z.object({ ended: z.boolean() }), 401: errors[401] } } },
    async (req) => {
      const token = bearerOf(req)!;
      await ctx.credentials.logout(token);
      return { ended: token.startsWith('scs_') };
    },
  );
}
