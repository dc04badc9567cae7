import type { CircuitState } from './breaker/types';

/**
 * A circuit breaker refused the call without trying the dependency: the circuit is open after
 * repeated failures, or half-open with every trial slot taken. Do not retry it at once; serve a
 * fallback, or answer 503 with `Retry-After: ceil(retryAfterMs / 1000)`.
 */
export class BrokenCircuitError extends Error {
  override readonly name = 'BrokenCircuitError';
  readonly key: string;
  /** `open`, or `halfOpen` when every trial slot was taken. */
  readonly state: CircuitState;
  /** Milliseconds after which a call may be let through again (as far as this instance knows). */
  readonly retryAfterMs: number;

  constructor(key: string, state: CircuitState, retryAfterMs: number) {
    const why =
      state === 'open'
        ? 'is open after repeated failures of the dependency'
        : 'is half-open and its trial calls are all taken';
    super(
      `The circuit "${key}" ${why}, so the call was rejected without trying it. ` +
        `Try again in ${Math.ceil(retryAfterMs)} ms, or serve a fallback.`,
    );
    this.key = key;
    this.state = state;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Retry gave up before sleeping, because the next attempt could not start before the deadline
 * minus the safety margin. `cause` is the error of the last attempt. Give the function more
 * time, lower the backoff, or handle the cause.
 */
export class RetryDeadlineError extends Error {
  override readonly name = 'RetryDeadlineError';
  /** Attempts made before giving up. */
  readonly attempts: number;
  /** The sleep the next attempt needed. */
  readonly delayMs: number;
  /** Milliseconds that were left before the deadline minus the safety margin. */
  readonly remainingMs: number;

  constructor(attempts: number, delayMs: number, remainingMs: number, cause: unknown) {
    super(
      `Gave up after ${attempts} attempt(s): the next retry would sleep past the deadline ` +
        `(${Math.round(delayMs)} ms backoff, ${Math.max(0, Math.round(remainingMs))} ms left before the deadline ` +
        `minus the safety margin). The last attempt's error is the cause; raise the function's timeout ` +
        `or lower the backoff.`,
      { cause },
    );
    this.attempts = attempts;
    this.delayMs = delayMs;
    this.remainingMs = remainingMs;
  }
}

/**
 * An operation did not finish within its timeout (or the invocation's deadline, when that came
 * first). `cause` is what the operation threw after it was aborted, if it threw. Raise the
 * bound, or make the operation faster.
 */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  /** The bound that was hit. */
  readonly timeoutMs: number;
  /** True when the invocation's deadline (or an enclosing timeout) set the bound, not this policy. */
  readonly byDeadline: boolean;

  constructor(timeoutMs: number, byDeadline: boolean, cause?: unknown) {
    super(
      byDeadline
        ? `The operation was stopped after ${Math.round(timeoutMs)} ms because the invocation's deadline ` +
            `(or an enclosing timeout) was reached; give the function more time or do less in it.`
        : `The operation did not finish within its ${Math.round(timeoutMs)} ms timeout; raise the timeout ` +
            `or make the operation faster.`,
      cause === undefined ? undefined : { cause },
    );
    this.timeoutMs = timeoutMs;
    this.byDeadline = byDeadline;
  }
}

/**
 * A bulkhead refused the call: `limit` calls were running and `queue` more were waiting. Shed
 * the load (answer 503), or raise the limit or the queue if the dependency can take more.
 */
export class BulkheadRejectedError extends Error {
  override readonly name = 'BulkheadRejectedError';
  readonly limit: number;
  readonly queue: number;

  constructor(limit: number, queue: number) {
    super(
      `The bulkhead is full (${limit} running, ${queue} queued), so the call was rejected. ` +
        `Shed the load, or raise the bulkhead's limit or queue if the dependency can take more.`,
    );
    this.limit = limit;
    this.queue = queue;
  }
}

/**
 * The state store of a circuit breaker did not answer in time. The breaker carries on with its
 * own copy of the state and tries the store again after its cache TTL; check the store's health,
 * or raise `storeTimeoutMs` if the store is just slow.
 */
export class CircuitStoreTimeoutError extends Error {
  override readonly name = 'CircuitStoreTimeoutError';
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(
      `The circuit breaker's state store did not answer within ${timeoutMs} ms; the breaker goes on with ` +
        `its own copy of the state. Check the store, or raise storeTimeoutMs if it is only slow.`,
    );
    this.timeoutMs = timeoutMs;
  }
}
