import type { ErrorClassification } from './types';

/**
 * The verdict on an HTTP status: 429 throttled, 408 and 504 timeouts, other 5xx transient
 * (except 501 and 505, which no retry fixes), any other 4xx a client error. `undefined` below 400.
 *
 * @example
 * ```ts
 * import { classifyStatus } from '@faasade/core/resilience';
 *
 * console.log(classifyStatus(503)); // { retryable: true, kind: 'transient', status: 503 }
 * console.log(classifyStatus(404)?.kind, classifyStatus(200)); // client undefined
 * ```
 */
export function classifyStatus(status: number): ErrorClassification | undefined {
  if (status === 429) return { retryable: true, kind: 'throttled', status };
  if (status === 408 || status === 504) return { retryable: true, kind: 'timeout', status };
  if (status >= 500 && status <= 599) {
    return status === 501 || status === 505
      ? { retryable: false, kind: 'unknown', status }
      : { retryable: true, kind: 'transient', status };
  }
  if (status >= 400 && status <= 499) return { retryable: false, kind: 'client', status };
  return undefined;
}

/** A Fetch `Response`, or anything shaped like one (`status`, `ok`, `headers.get`). */
export interface ResponseLike {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: unknown;
}

/**
 * True for a Fetch `Response` and for objects shaped like one.
 *
 * @example
 * ```ts
 * import { isResponseLike } from '@faasade/core/resilience';
 *
 * console.log(isResponseLike(new Response('ok')), isResponseLike({ status: 200 })); // true false
 * ```
 */
export function isResponseLike(value: unknown): value is ResponseLike {
  if (value === null || typeof value !== 'object') return false;
  if (typeof Response !== 'undefined' && value instanceof Response) return true;
  const candidate = value as { status?: unknown; ok?: unknown; headers?: { get?: unknown } };
  return (
    typeof candidate.status === 'number' &&
    typeof candidate.ok === 'boolean' &&
    typeof candidate.headers?.get === 'function'
  );
}

function asStatus(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599
    ? value
    : undefined;
}

/**
 * The HTTP status an error carries, wherever its library put it: `status`, `statusCode`,
 * `response.status(Code)` (Azure RestError, gaxios, got), `$metadata.httpStatusCode` (AWS SDK v3)
 * or a numeric HTTP `code` (@google-cloud ApiError).
 */
export function statusOf(error: object): number | undefined {
  const e = error as {
    status?: unknown;
    statusCode?: unknown;
    code?: unknown;
    response?: { status?: unknown; statusCode?: unknown };
    $metadata?: { httpStatusCode?: unknown };
  };
  return (
    asStatus(e.$metadata?.httpStatusCode) ??
    asStatus(e.statusCode) ??
    asStatus(e.status) ??
    asStatus(e.response?.status) ??
    asStatus(e.response?.statusCode) ??
    asStatus(e.code)
  );
}

/** The response headers an error carries (AWS `$response`, Azure/gaxios `response`, faasade's HttpError). */
export function headersOf(error: object): unknown[] {
  const e = error as {
    headers?: unknown;
    response?: { headers?: unknown };
    $response?: { headers?: unknown };
  };
  const found: unknown[] = [];
  if (e.$response?.headers !== undefined) found.push(e.$response.headers);
  if (e.response?.headers !== undefined) found.push(e.response.headers);
  if (e.headers !== undefined) found.push(e.headers);
  return found;
}
