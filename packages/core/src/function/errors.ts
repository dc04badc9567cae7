/** One problem found in a request, as Standard Schema reports it. */
export interface ErrorIssue {
  message: string;
  /** Where the problem is: `items.0.quantity`. */
  path?: string;
}

/**
 * An error whose status, code and message are safe to show to the caller. Throw it from a
 * handler (or from anything a handler calls) and the HTTP pipeline answers with
 * `{ error: { code, message, issues? }, invocationId }` and this status, on every cloud.
 * Any other error becomes a 500 with a generic message; its details go only to the log.
 *
 * @example
 * ```ts
 * import { http, HttpError } from '@faasade/core';
 * export const getOrder = http({ method: 'GET', route: '/orders/:id' }, async (_req, ctx) => {
 *   throw new HttpError(404, 'ORDER_NOT_FOUND', `no order ${ctx.params.id}`);
 * });
 * ```
 */
export class HttpError extends Error {
  override readonly name: string = 'HttpError';
  readonly status: number;
  /** Stable, machine-readable: clients branch on it. UPPER_SNAKE_CASE by convention. */
  readonly code: string;
  readonly issues: readonly ErrorIssue[] | undefined;
  /** Extra response headers (`Retry-After`, `Allow`). */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    options?: {
      issues?: readonly ErrorIssue[];
      headers?: Record<string, string>;
      cause?: unknown;
    },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.code = code;
    this.issues = options?.issues;
    this.headers = options?.headers;
  }
}

/** The body of a request failed validation (400 `VALIDATION_FAILED`), with every issue found. */
export class ValidationError extends HttpError {
  override readonly name: string = 'ValidationError';
  constructor(issues: readonly ErrorIssue[], message = 'The request body is not valid') {
    super(400, 'VALIDATION_FAILED', message, { issues });
  }
}

/**
 * A message can never succeed, however often it is retried (it failed validation, it names
 * something that does not exist). Queue adapters send it to the dead-letter destination at once
 * instead of retrying it `maxAttempts` times.
 */
export class PermanentError extends Error {
  override readonly name: string = 'PermanentError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The handler ran past its deadline (504 `FUNCTION_TIMEOUT` over HTTP). */
export class DeadlineExceededError extends Error {
  override readonly name: string = 'DeadlineExceededError';
  constructor(functionName: string, timeoutMs: number) {
    super(`${functionName} did not finish within its deadline (${timeoutMs} ms)`);
  }
}

/** True for errors whose status and code may be shown to the caller. */
export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}
