import { complaintSchema } from '../../agencies/oversight/complaints.ts';
import type { App, RouteDeps } from '../app.ts';
import { principal, requireRole } from '../auth/guard.ts';
import { newComplaint } from '../services/oversight.ts';
import { complaintOut } from './get-oversight-complaints.ts';
import { bearer, errors } from './schemas.ts';

export function postOversightComplaints(app: App, { ctx }: RouteDeps): void {
  app.post(
    '/api/oversight/complaints',
    { preHandler: requireRole(ctx, 'oversight_auditor'), schema: { summary: 'File a complaint about a jurisdiction, linked to cases (audited)', tags: ['oversight'], security: bearer, body: complaintSchema, response: { 201: complaintOut, ...errors } } },
    async (req, reply) => reply.status(201).send(await newComplaint(ctx, principal(req, 'oversight_auditor'), req.body)),
  );
}
