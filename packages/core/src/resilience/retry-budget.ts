/** Options of {@link retryBudget}; the defaults are the AWS SDK's retry quota. */
export interface RetryBudgetOptions {
  /** Tokens in a full budget, and at the start. Default 500. */
  capacity?: number;
  /** Tokens a retry after an ordinary transient error costs. Default 5. */
  retryCost?: number;
  /** Tokens a retry after a timeout costs: timeouts hold resources longer. Default 10. */
  timeoutCost?: number;
  /** Tokens a success on the first attempt gives back. Default 1. */
  successRefund?: number;
}

/**
 * A token bucket that pays for retries, in the manner of the AWS SDK's retry quota: each retry
 * takes `retryCost` (or `timeoutCost`) tokens, a success gives back the cost of the retry that
 * led to it (or `successRefund` on a first attempt), and an empty budget refuses retries, so the
 * failure surfaces at once. It does not refill with time, only with successes: during a full
 * outage, callers sharing one budget make at most `callers + floor(capacity / retryCost)` attempts.
 */
export class RetryBudget {
  readonly capacity: number;
  readonly retryCost: number;
  readonly timeoutCost: number;
  readonly successRefund: number;
  private tokens: number;

  constructor(options: RetryBudgetOptions = {}) {
    this.capacity = options.capacity ?? 500;
    this.retryCost = options.retryCost ?? 5;
    this.timeoutCost = options.timeoutCost ?? 10;
    this.successRefund = options.successRefund ?? 1;
    for (const [name, value] of Object.entries(this)) {
      if (typeof value === 'number' && !(value >= 0 && Number.isFinite(value))) {
        throw new RangeError(`retryBudget's ${name} must be a finite number >= 0 (got ${value}).`);
      }
    }
    if (this.retryCost === 0 || this.timeoutCost === 0) {
      throw new RangeError('retryBudget needs retryCost and timeoutCost > 0, or every retry would be free.');
    }
    this.tokens = this.capacity;
  }

  /** Tokens left. */
  get available(): number {
    return this.tokens;
  }

  /**
   * Pays for one retry. Returns the tokens taken, or 0 when the budget cannot pay: then the
   * retry must not happen.
   */
  acquire(kind: 'retry' | 'timeout'): number {
    const cost = kind === 'timeout' ? this.timeoutCost : this.retryCost;
    if (this.tokens < cost) return 0;
    this.tokens -= cost;
    return cost;
  }

  /** A call succeeded: `retryCost` is what its last retry took (0 when it succeeded at once). */
  recordSuccess(retryCost: number): void {
    const refund = retryCost > 0 ? retryCost : this.successRefund;
    this.tokens = Math.min(this.capacity, this.tokens + refund);
  }
}

/**
 * A retry budget to share between retry policies: pass the same one to each `retry({ budget })`
 * that calls the same dependency, so that together they cannot multiply its outage.
 *
 * @example
 * ```ts
 * import { retry, retryBudget } from '@faasade/core/resilience';
 *
 * const budget = retryBudget({ capacity: 500, retryCost: 5 });
 * const reads = retry({ maxAttempts: 3, budget });
 * const writes = retry({ maxAttempts: 5, budget });
 * console.log(await reads.execute(() => 'ok'), budget.available); // ok 500
 * void writes;
 * ```
 */
export function retryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  return new RetryBudget(options);
}
