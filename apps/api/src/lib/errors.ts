import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error the caller can act on; anything else is answered as a generic 500. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'resource') => new AppError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'not allowed') => new AppError(403, 'forbidden', message);
export const unauthorized = (message = 'sign-in required') => new AppError(401, 'unauthorized', message);
export const badRequest = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details);
export const conflict = (code: string, message: string) => new AppError(409, code, message);

/**
 * The client went away mid-request (closed the connection during an upload). Not our failure and
 * not the caller's mistake: nobody is left to read an answer, so it is logged as a warning with
 * `context`, never as an unhandled error.
 */
export class ClientAbortedError extends Error {
  constructor(
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
