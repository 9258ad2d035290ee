import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { principal, purposeOf, requireRole } from '../auth/guard.ts';
import { carFromJson, submitBooking } from '../services/bookings.ts';
import { bearer, errors, errorSchema } from './schemas.ts';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true').optional();

export function postBookings(app: App, { ctx }: RouteDeps): void {
  app.post(
    '/api/bookings',
    {
      bodyLimit: ctx.limits.uploadBytes,
      preHandler: requireRole(ctx, 'booking_officer'),
      schema: {
        summary: 'Submit a CAR: an ANSI/NIST-ITL file (application/octet-stream) or JSON {car, images[10], county?, flags?}; 202 with the TCN',
        description:
          'The transaction is read and every finger decoded before it is accepted; its ORI (1.008) must be the credential\'s, its TCN (1.009) new (409 otherwise). ' +
          'For a file upload the county and the safeguard flags come from the query. Answers arrive asynchronously: read them at GET /api/bookings/{tcn}.',
        tags: ['booking'],
        security: bearer,
        querystring: z.strictObject({ county: z.string().regex(/^\d{5}$/, 'must be a 5-digit county FIPS code').optional(), victimOrWitness: flag, claimsUsCitizenship: flag, juvenile: flag }),
        response: { 202: z.object({ tcn: z.string(), county: z.string(), answers: z.string() }), ...errors, 413: errorSchema },
      },
    },
    async (req, reply) => {
      const who = principal(req, 'booking_officer');
      const why = purposeOf(req, 'booking submission');
      const { county, ...flags } = req.query;
      const flagValues = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
      const { nist, context } = Buffer.isBuffer(req.body) ? { nist: new Uint8Array(req.body), context: { county, flags: flagValues } } : carFromJson(req.body);
      const r = await submitBooking(ctx, who, nist, context, why);
      return reply.status(202).send({ ...r, answers: `/api/bookings/${r.tcn}` });
    },
  );
}
