import type { App, RouteDeps } from '../app.ts';
import { requireRole } from '../auth/guard.ts';
import { roles } from '../auth/roles.ts';
import { principalSchema } from './post-session.ts';
import { bearer, errors } from './schemas.ts';

export function getSession(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/session',
    { preHandler: requireRole(ctx, ...roles), schema: { summary: 'Who this token speaks for', tags: ['session'], security: bearer, response: { 200: principalSchema, 401: errors[401] } } },
    async (req) => req.principal!,
  );
}
