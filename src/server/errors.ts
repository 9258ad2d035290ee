/**
 * HTTP-facing errors. Route handlers and services throw these (or the domain's InputError family);
 * the error handler turns each into its status with a JSON body {error, message[, path]}, never a stack.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class UnauthorizedError extends HttpError {
  override name = 'UnauthorizedError';
  constructor(code: 'missing_token' | 'bad_token' | 'credential_locked' | 'session_expired', message: string) {
    super(401, code, message);
  }
}

export class ForbiddenError extends HttpError {
  override name = 'ForbiddenError';
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends HttpError {
  override name = 'NotFoundError';
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}

export class ConflictError extends HttpError {
  override name = 'ConflictError';
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}
