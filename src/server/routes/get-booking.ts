import type { App, RouteDeps } from '../app.ts';
import { principal, purposeOf, requireRole } from '../auth/guard.ts';
import { getBooking } from '../services/bookings.ts';
import { bearer, bookingSchema, errors, tcnParams } from './schemas.ts';

export function getBookingRoute(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/bookings/:tcn',
    {
      preHandler: requireRole(ctx, 'booking_officer'),
      schema: { summary: 'The answers received for one of this agency\'s bookings (SRE, IDR, IAR when passed on, detainer)', tags: ['booking'], security: bearer, params: tcnParams, response: { 200: bookingSchema, ...errors } },
    },
    async (req) => getBooking(ctx, principal(req, 'booking_officer'), req.params.tcn, purposeOf(req, 'booking answers')),
  );
}
