import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';
import type { Principal, Role } from './roles.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The bearer token of a request, if any. */
export function bearerOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m?.[1];
}

/**
 * A preHandler that admits only these roles: 401 without a valid token (credential or session),
 * 403 for a valid one of another role. Scope (which ORI, state or field office) is checked by the
 * services against `req.principal`.
 */
export function requireRole(ctx: ServerContext, ...allowed: Role[]) {
  return async (req: FastifyRequest): Promise<void> => {
    const token = bearerOf(req);
    if (!token) throw new UnauthorizedError('missing_token', 'send Authorization: Bearer <credential or session token>');
    const p = await ctx.credentials.authenticate(token);
    if (!allowed.includes(p.role)) throw new ForbiddenError(`role ${p.role} may not use this route (allowed: ${allowed.join(', ')})`);
    req.principal = p;
  };
}

/** Why the data is read: the client's `X-Scomm-Purpose` header (CJIS: the purpose of each access), else the route's own. */
export function purposeOf(req: FastifyRequest, fallback: string): string {
  const h = req.headers['x-scomm-purpose'];
  const v = (Array.isArray(h) ? h[0] : h)?.trim();
  return v ? v.slice(0, 200) : fallback;
}

/** The principal set by requireRole, narrowed to the route's role. */
export function principal<R extends Role>(req: FastifyRequest, _role: R | R[]): Extract<Principal, { role: R }> {
  return req.principal as Extract<Principal, { role: R }>;
}
