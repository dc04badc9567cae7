import { BrokenCircuitError, BulkheadRejectedError, RetryDeadlineError, TimeoutError } from '../errors';
import { classifyAwsError } from './aws';
import { classifyAzureError } from './azure';
import { classifyGoogleError } from './google';
import { retryAfterFromHeaders } from './headers';
import { classifyStatus, headersOf, isResponseLike, statusOf } from './http';
import { classifyNetworkError } from './network';
import type { ErrorClassification } from './types';

export type { ErrorClassification, ErrorKind } from './types';
export { retryAfterFromHeaders, readHeader } from './headers';
export { classifyStatus, isResponseLike, type ResponseLike } from './http';

const UNKNOWN: ErrorClassification = { retryable: false, kind: 'unknown' };
const REJECTED: ErrorClassification = { retryable: false, kind: 'rejected' };
const CANCELLED: ErrorClassification = { retryable: false, kind: 'cancelled' };
const TIMEOUT: ErrorClassification = { retryable: true, kind: 'timeout' };
/** `fetch failed` wraps the network error in `cause`; a few levels is all any SDK nests. */
const MAX_CAUSE_DEPTH = 4;

/**
 * Classifies an error (or a thrown HTTP `Response`) the way retry and the circuit breaker need:
 * transient errors of the AWS, Azure and Google SDKs, HTTP 408/429/5xx, Node and undici network
 * errors (also inside `fetch failed`'s cause), with the `Retry-After` the server sent. A 4xx
 * other than 408/429 is a `client` error and never retryable, except the AWS throttling codes,
 * which DynamoDB and others send with status 400.
 *
 * @example
 * ```ts
 * import { classifyError } from '@faasade/core/resilience';
 *
 * const throttled = Object.assign(new Error('Rate exceeded'), {
 *   name: 'ThrottlingException',
 *   $metadata: { httpStatusCode: 400 },
 * });
 * console.log(classifyError(throttled)); // { retryable: true, kind: 'throttled' }
 * console.log(classifyError(Object.assign(new Error('bad'), { statusCode: 404 })).retryable); // false
 * ```
 */
export function classifyError(error: unknown, now: number = Date.now()): ErrorClassification {
  return classify(error, now, 0) ?? UNKNOWN;
}

function classify(error: unknown, now: number, depth: number): ErrorClassification | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  if (isResponseLike(error))
    return withRetryAfter(classifyStatus(error.status) ?? UNKNOWN, [error.headers], now);
  if (error instanceof TimeoutError) return TIMEOUT;
  if (error instanceof BrokenCircuitError || error instanceof BulkheadRejectedError) return REJECTED;
  if (error instanceof RetryDeadlineError) return REJECTED;
  const name = (error as { name?: unknown }).name;
  if (name === 'AbortError') return CANCELLED;
  const found =
    classifyAwsError(error) ??
    classifyAzureError(error) ??
    classifyGoogleError(error) ??
    classifyNetworkError(error) ??
    statusVerdict(error);
  if (found !== undefined) return withRetryAfter(found, headersOf(error), now);
  if (name === 'TimeoutError') return TIMEOUT;
  if (depth < MAX_CAUSE_DEPTH && 'cause' in error) return classify(error.cause, now, depth + 1);
  return undefined;
}

function statusVerdict(error: object): ErrorClassification | undefined {
  const status = statusOf(error);
  return status === undefined ? undefined : classifyStatus(status);
}

function withRetryAfter(verdict: ErrorClassification, headers: unknown[], now: number): ErrorClassification {
  if (!verdict.retryable) return verdict;
  for (const candidate of headers) {
    const retryAfterMs = retryAfterFromHeaders(candidate, now);
    if (retryAfterMs !== undefined) return { ...verdict, retryAfterMs };
  }
  return verdict;
}

/**
 * Classifies a value an operation returned: an HTTP `Response` with 408/429/5xx is retryable (with
 * its `Retry-After`); anything else is a success.
 *
 * @example
 * ```ts
 * import { classifyResult } from '@faasade/core/resilience';
 *
 * const busy = new Response(null, { status: 503, headers: { 'Retry-After': '2' } });
 * console.log(classifyResult(busy)); // { retryable: true, kind: 'transient', status: 503, retryAfterMs: 2000 }
 * console.log(classifyResult({ id: 1 })); // undefined
 * ```
 */
export function classifyResult(result: unknown, now: number = Date.now()): ErrorClassification | undefined {
  if (!isResponseLike(result) || result.ok) return undefined;
  const verdict = classifyStatus(result.status);
  return verdict === undefined ? undefined : withRetryAfter(verdict, [result.headers], now);
}

/**
 * True when retrying may help: the default `retryOn` of {@link retry}.
 *
 * @example
 * ```ts
 * import { isTransientError } from '@faasade/core/resilience';
 *
 * console.log(isTransientError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))); // true
 * ```
 */
export function isTransientError(error: unknown): boolean {
  return classifyError(error).retryable;
}

/**
 * True for errors that say the request was wrong (a 4xx other than 408/429): the dependency
 * answered correctly, so a circuit breaker does not count them by default.
 *
 * @example
 * ```ts
 * import { isClientError } from '@faasade/core/resilience';
 *
 * console.log(isClientError(Object.assign(new Error('Not Found'), { status: 404 }))); // true
 * ```
 */
export function isClientError(error: unknown): boolean {
  return classifyError(error).kind === 'client';
}
