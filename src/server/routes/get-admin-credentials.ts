import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { requireRole } from '../auth/guard.ts';
import { bearer, errors } from './schemas.ts';

export const credentialOut = z.object({ id: z.string(), role: z.string(), ori: z.string().nullable(), state: z.string().nullable(), fieldOffice: z.string().nullable(), failedLogins: z.number(), locked: z.boolean(), createdAt: z.string() });

export function getAdminCredentials(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/admin/credentials',
    { preHandler: requireRole(ctx, 'admin'), schema: { summary: 'Every credential (never its secret): role, scope, failed logins, lock', tags: ['admin'], security: bearer, response: { 200: z.object({ credentials: z.array(credentialOut) }), ...errors } } },
    async () => ({ credentials: await ctx.credentials.list() }),
  );
}
