import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { principal, purposeOf, requireRole } from '../auth/guard.ts';
import { auditPage } from '../services/oversight.ts';
import { bearer, errors } from './schemas.ts';

const entry = z.object({ seq: z.number(), at: z.string(), actor: z.string(), action: z.string(), subject: z.string(), reason: z.string(), payload: z.unknown(), prevHash: z.string(), hash: z.string() });

export function getOversightAudit(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/oversight/audit',
    {
      preHandler: requireRole(ctx, 'oversight_auditor'),
      schema: {
        summary: 'The tamper-evident audit chain: a page of entries and the verdict of a full verification',
        tags: ['oversight'],
        security: bearer,
        querystring: z.strictObject({ from: z.coerce.number().int().min(1).default(1), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
        response: { 200: z.object({ verdict: z.object({ valid: z.boolean(), entries: z.number(), firstBad: z.object({ seq: z.number(), problem: z.string() }).optional() }), entries: z.array(entry) }), ...errors },
      },
    },
    async (req) => auditPage(ctx, principal(req, 'oversight_auditor'), req.query, purposeOf(req, 'audit review')),
  );
}
