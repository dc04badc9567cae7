import { type Backoff, exponentialBackoff } from '@faasade/core/resilience';

/** How a store retries a write whose ETag another write moved on. */
export interface ContentionPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  backoff: Backoff;
}

/**
 * A racer loses only to a write that landed after its read, so with 10 units for 100 racers
 * none loses more than 10 times; 16 attempts leave room for restocks and releases meanwhile.
 * Full jitter spreads the racers apart, and the cap keeps the worst case to a few seconds.
 */
export const DEFAULT_CONTENTION_POLICY: ContentionPolicy = {
  maxAttempts: 16,
  backoff: exponentialBackoff({ baseMs: 10, capMs: 500, jitter: 'full' }),
};

/**
 * A write kept finding that its rows had changed since it read them (HTTP 412 on the ETag) and
 * the store gave up after `attempts` tries. Nothing was changed: answer 503 with a
 * `Retry-After`, or retry the whole request later.
 *
 * @example
 * ```ts
 * import { AzureTableContentionError, AzureTableOrderStore } from '@faasade/orders/store/azure-tables';
 * const store = new AzureTableOrderStore({ connectionString: process.env.AzureWebJobsStorage!, tableName: 'orders' });
 * const order = { id: 'o-1', customer: 'c-1', items: [{ sku: 'apple', quantity: 1 }], createdAt: new Date().toISOString() };
 * try {
 *   await store.placeOrder(order);
 * } catch (error) {
 *   if (!(error instanceof AzureTableContentionError)) throw error;
 *   console.log(`busy after ${error.attempts} attempts: answer 503 with Retry-After: 1`);
 * }
 * ```
 */
export class AzureTableContentionError extends Error {
  override readonly name = 'AzureTableContentionError';
  readonly attempts: number;

  constructor(operation: string, attempts: number, cause: unknown) {
    super(
      `${operation} lost to concurrent writes of the same rows ${attempts} time(s) and gave up; nothing was changed. ` +
        'Retry the request later, or raise maxAttempts if this SKU is always this hot.',
      { cause },
    );
    this.attempts = attempts;
  }
}

/** The HTTP status of a failed Table storage call (a batch fails with its failed action's). */
export function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? (error as { statusCode?: number }).statusCode
    : undefined;
}

/** Returned by an attempt that lost a race it can detect itself (a create that found a row). */
export const TRY_AGAIN = Symbol('try again');

/**
 * Runs `attempt` until it returns an answer, sleeping with backoff after each 412 (an ETag that
 * moved on) or {@link TRY_AGAIN}; other errors are thrown at once. Each attempt reads afresh.
 */
export async function retryOnContention<T>(
  policy: ContentionPolicy,
  operation: string,
  attempt: () => Promise<T | typeof TRY_AGAIN>,
): Promise<T> {
  let delayMs = 0;
  let last: unknown;
  for (let n = 0; n < policy.maxAttempts; n++) {
    if (n > 0) {
      delayMs = policy.backoff.delayMs(n - 1, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    try {
      const answer = await attempt();
      if (answer !== TRY_AGAIN) return answer;
      last = undefined;
    } catch (error) {
      if (statusOf(error) !== 412) throw error;
      last = error;
    }
  }
  throw new AzureTableContentionError(operation, policy.maxAttempts, last);
}
