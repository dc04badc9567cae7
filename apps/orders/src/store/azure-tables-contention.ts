import {
  type ContentionPolicy,
  DEFAULT_CONTENTION_POLICY,
  retryWhileContended,
  StoreContentionError,
  TRY_AGAIN,
} from './contention';

export { type ContentionPolicy, DEFAULT_CONTENTION_POLICY };

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
export class AzureTableContentionError extends StoreContentionError {
  override readonly name = 'AzureTableContentionError';

  constructor(operation: string, attempts: number, cause: unknown) {
    super(
      `${operation} lost to concurrent writes of the same rows ${attempts} time(s) and gave up; nothing was changed. ` +
        'Retry the request later, or raise maxAttempts if this SKU is always this hot.',
      attempts,
      cause,
    );
  }
}

/** The HTTP status of a failed Table storage call (a batch fails with its failed action's). */
export function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? (error as { statusCode?: number }).statusCode
    : undefined;
}

/** Returned by an attempt that lost a race it can detect itself (a create that found a row). */
export { TRY_AGAIN };

/** {@link retryWhileContended} with this store's contention test and error. */
export function retryOnContention<T>(
  policy: ContentionPolicy,
  operation: string,
  attempt: () => Promise<T | typeof TRY_AGAIN>,
): Promise<T> {
  return retryWhileContended(
    policy,
    (error) => statusOf(error) === 412,
    (attempts, last) => new AzureTableContentionError(operation, attempts, last),
    attempt,
  );
}
