/**
 * Why an operation failed, as far as retrying and circuit breaking care:
 * - `throttled`: the dependency asked us to slow down (429, AWS throttling codes, RESOURCE_EXHAUSTED)
 * - `timeout`: the attempt ran out of time (408, 504, ETIMEDOUT, DEADLINE_EXCEEDED, a TimeoutError)
 * - `transient`: the dependency or the network failed in a way that often passes (5xx, ECONNRESET)
 * - `client`: the request itself is wrong (a 4xx other than 408/429); retrying cannot help
 * - `cancelled`: the caller aborted
 * - `rejected`: a policy refused the call (an open circuit, a full bulkhead, a retry deadline)
 * - `unknown`: none of the above; not retried by default
 */
export type ErrorKind =
  | 'throttled'
  | 'timeout'
  | 'transient'
  | 'client'
  | 'cancelled'
  | 'rejected'
  | 'unknown';

/** The verdict of a classifier on one error (or one HTTP response). */
export interface ErrorClassification {
  readonly retryable: boolean;
  readonly kind: ErrorKind;
  /** The server asked for at least this wait (`Retry-After`, `retry-after-ms`, `x-ms-retry-after-ms`). */
  readonly retryAfterMs?: number;
  /** The HTTP status, when the error carried one. */
  readonly status?: number;
}
