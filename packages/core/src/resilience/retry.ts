import type { Backoff } from './backoff/types';
import { exponentialBackoff } from './backoff/exponential';
import { classifyError, classifyResult, isResponseLike } from './classify';
import type { ErrorClassification } from './classify/types';
import { RetryDeadlineError } from './errors';
import { type Event, EventEmitter, type ResilienceEvent } from './events';
import {
  type ExecuteContext,
  earliest,
  linkSignals,
  type Operation,
  type Policy,
  rootContext,
} from './policy';
import { RetryBudget } from './retry-budget';
import { publish } from './telemetry';
import { type Clock, type Sleep, sleep as realSleep } from './time';

/** Judges a failed attempt: `true`/`false`, or a classification (its `retryAfterMs` and `kind` are used). */
export type RetryClassifier = (error: unknown, attempt: number) => boolean | ErrorClassification;
/** Judges a returned value: retry when it says so (an HTTP 503 `Response`, say). */
export type ResultClassifier = (
  result: unknown,
  attempt: number,
) => boolean | ErrorClassification | undefined;

/** Options of {@link retry}. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number;
  /** Default `exponentialBackoff()`: full jitter, 100 ms base, 10 s cap. */
  backoff?: Backoff;
  /** Which errors to retry. Default {@link classifyError}: the clouds' transient errors, 408/429/5xx, network errors. */
  retryOn?: RetryClassifier;
  /** Which results to retry. Default: an HTTP `Response` with 408/429/5xx. `false` retries no result. */
  retryOnResult?: ResultClassifier | false;
  /** Pays for retries; share one between policies. Default: a `retryBudget()` of this policy's own. `false`: none. */
  budget?: RetryBudget | false;
  /** Epoch ms after which no attempt may start. Default: the invocation's deadline (or an enclosing timeout's). */
  deadline?: number;
  /** An attempt must be able to start this long before the deadline. Default 250 ms. */
  safetyMarginMs?: number;
  /** Cancels waiting and further attempts; joined with the invocation's signal. */
  signal?: AbortSignal;
  /** Waits between attempts; inject one in tests. */
  sleep?: Sleep;
  /** Epoch ms now; inject one in tests. */
  clock?: Clock;
  /** Names the policy in events, logs and metrics. Default `retry`. */
  name?: string;
}

type Outcome<T> = { ok: true; result: T } | { ok: false; error: unknown };

/**
 * Retries an operation that failed transiently, with exponential backoff and full jitter by
 * default. It never sleeps past the deadline: when the next attempt could not start before the
 * deadline minus `safetyMarginMs`, it gives up at once with a {@link RetryDeadlineError} whose
 * `cause` is the last error. A retryable *result* (a 503 `Response`) is retried the same way, and
 * returned as it is when the policy gives up.
 */
export class RetryPolicy implements Policy {
  readonly name: string;
  readonly maxAttempts: number;
  private readonly backoff: Backoff;
  private readonly retryOn: RetryClassifier | undefined;
  private readonly retryOnResult: ResultClassifier | false | undefined;
  private readonly budget: RetryBudget | undefined;
  private readonly deadline: number | undefined;
  private readonly safetyMarginMs: number;
  private readonly signal: AbortSignal | undefined;
  private readonly sleep: Sleep;
  private readonly clock: Clock;
  private readonly retryEmitter = new EventEmitter<ResilienceEvent>();
  private readonly successEmitter = new EventEmitter<ResilienceEvent>();
  private readonly failureEmitter = new EventEmitter<ResilienceEvent>();

  /** Before each retry: the failed attempt, its error and the sleep ahead (`delayMs`). */
  readonly onRetry: Event<ResilienceEvent> = this.retryEmitter.event;
  /** An attempt succeeded (`attempt` says which). */
  readonly onSuccess: Event<ResilienceEvent> = this.successEmitter.event;
  /** The policy let a failure through; `reason` says why it stopped retrying. */
  readonly onFailure: Event<ResilienceEvent> = this.failureEmitter.event;

  constructor(options: RetryOptions = {}) {
    this.name = options.name ?? 'retry';
    this.maxAttempts = options.maxAttempts ?? 3;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new RangeError(
        `retry's maxAttempts must be an integer >= 1, the first attempt included (got ${this.maxAttempts}).`,
      );
    }
    this.backoff = options.backoff ?? exponentialBackoff();
    this.retryOn = options.retryOn;
    this.retryOnResult = options.retryOnResult;
    this.budget = options.budget === false ? undefined : (options.budget ?? new RetryBudget());
    this.deadline = options.deadline;
    this.safetyMarginMs = options.safetyMarginMs ?? 250;
    this.signal = options.signal;
    this.sleep = options.sleep ?? realSleep;
    this.clock = options.clock ?? Date.now;
  }

  execute<T>(fn: Operation<T>, signal?: AbortSignal): Promise<T> {
    return this.run(fn, rootContext(signal));
  }

  async run<T>(fn: Operation<T>, parent: ExecuteContext): Promise<T> {
    const signal = this.signal === undefined ? parent.signal : linkSignals(parent.signal, this.signal);
    const deadline = earliest(this.deadline, parent.deadline);
    let previousDelay = 0;
    let lastRetryCost = 0;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) return this.stop(attempt, 'aborted', { ok: false, error: signal.reason });
      let outcome: Outcome<T>;
      let verdict: ErrorClassification | undefined;
      try {
        const result = await fn({ signal, attempt, deadline });
        verdict = this.judgeResult(result, attempt);
        if (verdict === undefined || !verdict.retryable) {
          this.budget?.recordSuccess(lastRetryCost);
          if (this.successEmitter.size > 0) publish(this.successEmitter, this.event('success', attempt));
          return result;
        }
        outcome = { ok: true, result };
      } catch (error) {
        verdict = this.judgeError(error, attempt);
        outcome = { ok: false, error };
      }
      if (signal.aborted) return this.stop(attempt, 'aborted', outcome);
      if (!verdict.retryable) return this.stop(attempt, 'notRetryable', outcome);
      if (attempt >= this.maxAttempts) return this.stop(attempt, 'exhausted', outcome);
      const delay = Math.max(this.backoff.delayMs(attempt - 1, previousDelay), verdict.retryAfterMs ?? 0);
      if (deadline !== undefined) {
        const remaining = deadline - this.safetyMarginMs - this.clock();
        if (delay > remaining) {
          const error = outcome.ok
            ? undefined
            : new RetryDeadlineError(attempt, delay, remaining, outcome.error);
          return this.stop(attempt, 'deadline', error === undefined ? outcome : { ok: false, error });
        }
      }
      if (this.budget !== undefined) {
        lastRetryCost = this.budget.acquire(verdict.kind === 'timeout' ? 'timeout' : 'retry');
        if (lastRetryCost === 0) return this.stop(attempt, 'budget', outcome);
      }
      publish(this.retryEmitter, {
        ...this.event('retry', attempt),
        delayMs: delay,
        error: outcome.ok ? outcome.result : outcome.error,
      });
      if (outcome.ok) discardBody(outcome.result);
      if (delay > 0) {
        try {
          await this.sleep(delay, signal);
        } catch (error) {
          return this.stop(attempt, 'aborted', { ok: false, error });
        }
      }
      previousDelay = delay;
    }
  }

  private judgeError(error: unknown, attempt: number): ErrorClassification {
    if (this.retryOn === undefined) return classifyError(error, this.clock());
    return normalise(this.retryOn(error, attempt), () => classifyError(error, this.clock()));
  }

  private judgeResult(result: unknown, attempt: number): ErrorClassification | undefined {
    if (this.retryOnResult === false) return undefined;
    if (this.retryOnResult === undefined) {
      // Most results are not responses: skip the clock read for them.
      return isResponseLike(result) ? classifyResult(result, this.clock()) : undefined;
    }
    const verdict = this.retryOnResult(result, attempt);
    return verdict === undefined ? undefined : normalise(verdict, () => classifyResult(result, this.clock()));
  }

  /** Ends the call with the outcome of the last attempt: its error thrown, or its result returned. */
  private stop<T>(attempt: number, reason: string, outcome: Outcome<T>): T {
    if (outcome.ok) {
      if (this.successEmitter.size > 0)
        publish(this.successEmitter, { ...this.event('success', attempt), reason });
      return outcome.result;
    }
    if (this.failureEmitter.size > 0) {
      publish(this.failureEmitter, { ...this.event('failure', attempt), error: outcome.error, reason });
    }
    throw outcome.error;
  }

  private event(type: ResilienceEvent['type'], attempt: number): ResilienceEvent {
    return { type, policy: 'retry', name: this.name, attempt };
  }
}

/** A classifier's `true` keeps what the default knows (kind, Retry-After) when it agrees. */
function normalise(verdict: boolean | ErrorClassification, fallback: () => ErrorClassification | undefined) {
  if (typeof verdict !== 'boolean') return verdict;
  if (!verdict) return { retryable: false, kind: 'unknown' } as const;
  const known = fallback();
  return known?.retryable ? known : ({ retryable: true, kind: 'transient' } as const);
}

/** A retried Response's body is never read; cancel it so its connection is freed now, not at GC. */
function discardBody(result: unknown): void {
  const body = (result as { body?: { cancel?: () => Promise<void> } | null }).body;
  if (body && typeof body.cancel === 'function') body.cancel().catch(() => {});
}

/**
 * A retry policy: exponential backoff with full jitter, the clouds' transient errors, a retry
 * budget, and never a sleep past the invocation's deadline.
 *
 * @example
 * ```ts
 * import { exponentialBackoff, retry } from '@faasade/core/resilience';
 *
 * let calls = 0;
 * const policy = retry({ maxAttempts: 4, backoff: exponentialBackoff({ baseMs: 10, capMs: 100 }) });
 * const waits: number[] = [];
 * policy.onRetry((e) => waits.push(e.delayMs ?? 0));
 * const value = await policy.execute(async ({ attempt }) => {
 *   calls++;
 *   if (attempt < 3) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
 *   return 'done';
 * });
 * console.log(value, calls, waits.length); // done 3 2
 * ```
 */
export function retry(options: RetryOptions = {}): RetryPolicy {
  return new RetryPolicy(options);
}
