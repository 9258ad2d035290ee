import type { App, RouteDeps } from '../app.ts';
import { deleteSession } from './delete-session.ts';
import { getAdminCredentials } from './get-admin-credentials.ts';
import { getBookingRoute } from './get-booking.ts';
import { getBookings } from './get-bookings.ts';
import { getEroCase } from './get-ero-case.ts';
import { getEroCases } from './get-ero-cases.ts';
import { getHealthz } from './get-healthz.ts';
import { getLescQueries } from './get-lesc-queries.ts';
import { getMetrics } from './get-metrics.ts';
import { getOversightAudit } from './get-oversight-audit.ts';
import { getOversightComplaints } from './get-oversight-complaints.ts';
import { getOversightOptOuts } from './get-oversight-opt-outs.ts';
import { getOversightStatistics } from './get-oversight-statistics.ts';
import { getPublicJurisdiction } from './get-public-jurisdiction.ts';
import { getPublicRollout } from './get-public-rollout.ts';
import { getPublicStatsCounties } from './get-public-stats-counties.ts';
import { getPublicStats } from './get-public-stats.ts';
import { getReadyz } from './get-readyz.ts';
import { getSession } from './get-session.ts';
import { getSibSubmissions } from './get-sib-submissions.ts';
import { postAdminCredentialUnlock } from './post-admin-credential-unlock.ts';
import { postAdminCredentials } from './post-admin-credentials.ts';
import { postBookings } from './post-bookings.ts';
import { postEroCaseClaim } from './post-ero-case-claim.ts';
import { postEroCaseDecision } from './post-ero-case-decision.ts';
import { postEroCaseDetainer } from './post-ero-case-detainer.ts';
import { postOversightComplaints } from './post-oversight-complaints.ts';
import { postOversightOptOuts } from './post-oversight-opt-outs.ts';
import { postSession } from './post-session.ts';

/** Every API route, one file each. */
export const routes = [
  getHealthz, getReadyz, getMetrics,
  postSession, getSession, deleteSession,
  postBookings, getBookings, getBookingRoute,
  getSibSubmissions, getLescQueries,
  getEroCases, getEroCase, postEroCaseClaim, postEroCaseDecision, postEroCaseDetainer,
  getOversightAudit, getOversightComplaints, postOversightComplaints, getOversightOptOuts, postOversightOptOuts, getOversightStatistics,
  getPublicStats, getPublicStatsCounties, getPublicRollout, getPublicJurisdiction,
  getAdminCredentials, postAdminCredentials, postAdminCredentialUnlock,
];

export function registerRoutes(app: App, deps: RouteDeps): void {
  for (const r of routes) r(app, deps);
}
