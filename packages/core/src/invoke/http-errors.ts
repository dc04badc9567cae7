import { DeadlineExceededError, HttpError } from '../function/errors';
import type { HttpOutput } from '../function/response';

/** The HTTP status an error maps to: its own for an HttpError, 504 for a deadline, else 500. */
export function statusOf(error: unknown): number {
  if (error === undefined) return 200;
  if (error instanceof HttpError) return error.status;
  if (error instanceof DeadlineExceededError) return 504;
  return 500;
}

/**
 * The error body, the same on every cloud: `{ error: { code, message, issues? }, invocationId }`.
 * Only an HttpError's own message reaches the client; anything else gets a generic one, and its
 * message and stack go to the log.
 */
export function errorBody(error: unknown, invocationId: string | undefined): Record<string, unknown> {
  let detail: Record<string, unknown>;
  if (error instanceof HttpError) {
    detail = { code: error.code, message: error.message };
    if (error.issues) detail.issues = error.issues;
  } else if (error instanceof DeadlineExceededError) {
    detail = { code: 'FUNCTION_TIMEOUT', message: 'The function did not finish in time' };
  } else {
    detail = { code: 'INTERNAL_ERROR', message: 'Internal server error' };
  }
  return invocationId ? { error: detail, invocationId } : { error: detail };
}

/** An {@link HttpOutput} for an error. */
export function errorOutput(error: unknown, invocationId: string | undefined): HttpOutput {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (error instanceof HttpError && error.headers) {
    for (const [k, v] of Object.entries(error.headers)) headers[k.toLowerCase()] = v;
  }
  return {
    status: statusOf(error),
    headers,
    cookies: [],
    body: JSON.stringify(errorBody(error, invocationId)),
  };
}
