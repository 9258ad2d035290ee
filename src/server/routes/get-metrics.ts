import type { App, RouteDeps } from '../app.ts';

export function getMetrics(app: App, { metrics }: RouteDeps): void {
  app.get('/metrics', { schema: { summary: 'Prometheus metrics (process, request latency by route)', tags: ['meta'] } }, async (_req, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
