import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { SESSION_IDLE_MS } from '../auth/credentials.ts';
import { errors } from './schemas.ts';

export const principalSchema = z.object({ credentialId: z.string(), role: z.string(), ori: z.string().optional(), state: z.string().optional(), fieldOffice: z.string().optional() });

export function postSession(app: App, { ctx }: RouteDeps): void {
  app.post(
    '/api/session',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary: 'Log in: exchange a credential token for a session token (expires after 30 minutes idle; 5 failed logins lock the credential)',
        tags: ['session'],
        body: z.strictObject({ token: z.string().min(1).max(200) }),
        response: { 200: z.object({ session: z.string(), idleTimeoutMs: z.number(), principal: principalSchema }), 400: errors[400], 401: errors[401] },
      },
    },
    async (req) => {
      const { session, principal } = await ctx.credentials.login(req.body.token);
      return { session, idleTimeoutMs: SESSION_IDLE_MS, principal };
    },
  );
}
