import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';
import { principal, purposeOf, requireRole } from '../auth/guard.ts';
import { listBookings } from '../services/bookings.ts';
import { bearer, bookingSchema, errors, limitQuery } from './schemas.ts';

export function getBookings(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/bookings',
    {
      preHandler: requireRole(ctx, 'booking_officer'),
      schema: { summary: 'This agency\'s latest bookings with their answers', tags: ['booking'], security: bearer, querystring: limitQuery, response: { 200: z.object({ bookings: z.array(bookingSchema) }), ...errors } },
    },
    async (req) => ({ bookings: await listBookings(ctx, principal(req, 'booking_officer'), req.query.limit, purposeOf(req, 'booking answers')) }),
  );
}
