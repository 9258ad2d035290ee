import { z } from 'zod';
import type { App, RouteDeps } from '../app.ts';

export function getHealthz(app: App, _deps: RouteDeps): void {
  app.get('/healthz', { schema: { summary: 'Liveness: the process answers', tags: ['meta'], response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
}
