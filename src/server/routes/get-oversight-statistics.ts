import { z } from 'zod';
import { complaintCounts, listOptOuts } from '../../agencies/oversight/index.ts';
import { buildMonthlyReport } from '../../stats/report-data.ts';
import type { App, RouteDeps } from '../app.ts';
import { requireRole } from '../auth/guard.ts';
import { bearer, errors, monthQuery } from './schemas.ts';

export function getOversightStatistics(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/oversight/statistics',
    {
      preHandler: requireRole(ctx, 'oversight_auditor'),
      schema: { summary: 'The full monthly report: national, state and county figures, anomalies, complaints and opt-outs by county', tags: ['oversight'], security: bearer, querystring: monthQuery, response: { 200: z.record(z.string(), z.unknown()), ...errors } },
    },
    async (req) => {
      const db = ctx.oversightDb;
      const [complaintsByCounty, optOuts] = await Promise.all([complaintCounts(db, req.query.month), listOptOuts(db)]);
      return { ...(await buildMonthlyReport(ctx.statsDb, req.query.month, ctx.counties, { complaintsByCounty, optOuts }, req.query.source)) };
    },
  );
}
