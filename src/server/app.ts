import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { CaseConflictError, CaseNotFoundError } from '../agencies/ero/officer.ts';
import { InputError } from '../errors.ts';
import { bearerOf } from './auth/guard.ts';
import type { ServerContext } from './context.ts';
import { HttpError } from './errors.ts';
import { createMetrics } from './metrics.ts';
import { registerRoutes } from './routes/index.ts';
import { PublicStats } from './services/stats.ts';
import { registerWeb } from './web.ts';


export interface ServerOptions {
  /** pino logger options, or false (tests). */
  logger?: boolean | Record<string, unknown>;
}

function createApp(o: ServerOptions) {
  // @NOTE the zod type provider types each handler's params, query and body from its schemas.
  return Fastify({ logger: o.logger ?? false, bodyLimit: 1024 * 1024, return503OnClosing: true }).withTypeProvider<ZodTypeProvider>();
}

/** Everything a route needs besides the request. */
export interface RouteDeps {
  ctx: ServerContext;
  stats: PublicStats;
  metrics: ReturnType<typeof createMetrics>;
}

/**
 * The HTTP API and dashboard over a running network: zod schemas on every route (OpenAPI at
 * /openapi.json, Swagger UI at /docs), bearer credentials or sessions with per-role routes and
 * per-agency scope, security headers, rate limits, Prometheus metrics, JSON errors without stacks.
 */
export async function buildServer(ctx: ServerContext, o: ServerOptions = {}) {
  const app = createApp(o);
  const metrics = createMetrics();
  const deps: RouteDeps = { ctx, stats: new PublicStats(ctx), metrics };
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Swagger UI and uPlot set inline styles; no script runs inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(rateLimit, {
    max: ctx.limits.rateLimitPerMinute,
    timeWindow: '1 minute',
    // One bucket per bearer token (each agency's clients), else per address.
    keyGenerator: (req) => {
      const t = bearerOf(req);
      return t ? `t:${createHash('sha256').update(t).digest('hex').slice(0, 16)}` : `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, c) => ({ statusCode: 429, error: 'rate_limited', message: `more than ${c.max} requests per ${c.after}: slow down` }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'scomm', description: 'Secure Communities interoperability pipeline on synthetic people: agencies, oversight and public statistics.', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a credential token (scc_...) from `scomm credentials create`, or a session token (scs_...) from POST /api/session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addContentTypeParser(['application/octet-stream', 'application/x-ansi-nist'], { parseAs: 'buffer', bodyLimit: ctx.limits.uploadBytes }, (_req, body, done) => done(null, body));

  app.addHook('onResponse', async (req, reply) => {
    metrics.duration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, body } = errorResponse(err);
    if (status >= 500) req.log.error({ err }, 'internal error');
    if (status === 401) metrics.authFailures.inc({ reason: body.error });
    void reply.status(status).send(body);
  });

  app.get('/openapi.json', { schema: { summary: 'The OpenAPI 3 document of this API', tags: ['meta'] } }, async () => app.swagger());
  registerRoutes(app, deps);
  registerWeb(app);
  return app;
}

export type App = ReturnType<typeof createApp>;

/** Maps any error to a status and a JSON body; internal errors say only that they happened. */
export function errorResponse(err: unknown): { status: number; body: { error: string; message: string; path?: string } } {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const v = err.validation[0];
    const where = [(err as { validationContext?: string }).validationContext, ...(v?.instancePath ?? '').split('/').filter(Boolean)].filter(Boolean).join('.');
    return { status: 400, body: { error: 'bad_request', message: `${where}: ${v?.message ?? 'invalid'}`, path: where } };
  }
  if (err instanceof ZodError) {
    const i = err.issues[0];
    const where = ['body', ...i.path.map(String)].join('.');
    return { status: 400, body: { error: 'bad_request', message: `${where}: ${i.message}`, path: where } };
  }
  if (err instanceof HttpError) return { status: err.status, body: { error: err.code, message: err.message } };
  if (err instanceof CaseNotFoundError) return { status: 404, body: { error: 'not_found', message: err.message } };
  if (err instanceof CaseConflictError) return { status: 409, body: { error: 'conflict', message: err.message } };
  if (err instanceof InputError) return { status: 400, body: { error: 'bad_request', message: err.message } };
  const e = err as FastifyError & { error?: string };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code = e.statusCode === 413 ? 'payload_too_large' : e.statusCode === 429 ? 'rate_limited' : e.statusCode === 415 ? 'unsupported_media_type' : 'bad_request';
    return { status: e.statusCode, body: { error: code, message: e.message } };
  }
  return { status: 500, body: { error: 'internal', message: 'internal error (logged on the server)' } };
}
