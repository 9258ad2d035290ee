import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server: process defaults and request latency by route (low-cardinality labels: the route pattern, not the URL). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'scomm_' });
  const duration = new Histogram({
    name: 'scomm_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const authFailures = new Counter({ name: 'scomm_auth_failures_total', help: 'Rejected authentications by reason', labelNames: ['reason'] as const, registers: [registry] });
  return { registry, duration, authFailures };
}
export type Metrics = ReturnType<typeof createMetrics>;
