import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  type ContentionPolicy,
  DEFAULT_CONTENTION_POLICY,
  retryWhileContended,
  StoreContentionError,
  TRY_AGAIN,
} from './contention';

import type { PlaceOrderResult, StockLevel } from '../domain/types';
import { fromStockItem } from './dynamodb-schema';

export { type ContentionPolicy, DEFAULT_CONTENTION_POLICY };

/**
 * A write kept meeting concurrent writes to the same items (DynamoDB's `TransactionConflict`)
 * and the store gave up after `attempts` tries. Nothing was changed: answer 503 with a
 * `Retry-After`, or retry the whole request later.
 *
 * @example
 * ```ts
 * import { DynamoDbContentionError, DynamoDbOrderStore } from '@faasade/orders/store/dynamodb';
 * const store = new DynamoDbOrderStore();
 * const order = { id: 'o-1', customer: 'c-1', items: [{ sku: 'apple', quantity: 1 }], createdAt: new Date().toISOString() };
 * try {
 *   await store.placeOrder(order);
 * } catch (error) {
 *   if (!(error instanceof DynamoDbContentionError)) throw error;
 *   console.log(`busy after ${error.attempts} attempts: answer 503 with Retry-After: 1`);
 * }
 * ```
 */
export class DynamoDbContentionError extends StoreContentionError {
  override readonly name = 'DynamoDbContentionError';

  constructor(operation: string, attempts: number, cause: unknown) {
    super(
      `${operation} met concurrent transactions on the same items ${attempts} time(s) and gave up; nothing was changed. ` +
        'Retry the request later, or raise maxAttempts if this SKU is always this hot.',
      attempts,
      cause,
    );
  }
}

/** One entry of a `TransactionCanceledException`'s `CancellationReasons`, per action in order. */
export interface CancellationReason {
  Code?: string;
  Message?: string;
  Item?: Record<string, AttributeValue>;
}

/**
 * The reasons of a cancelled transaction, or undefined for any other error. By name, not
 * `instanceof`: a client from another copy of the SDK (a bundle, a layer) throws its own class.
 */
export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  return (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Reasons a transaction was cancelled that another attempt may not meet. */
const PASSING_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/**
 * A transaction cancelled because another one held an item (or an item was throttled), or a
 * single write rejected because a transaction held its item: all mean "try again", and the SDK
 * retries none of them.
 */
export function isContention(error: unknown): boolean {
  if (error instanceof Error && error.name === 'TransactionConflictException') return true;
  return cancellationReasons(error)?.some((r) => PASSING_REASONS.has(r.Code ?? '')) ?? false;
}

/** Returned by an attempt that learned nothing definite (a price changed under it): try again. */
export { TRY_AGAIN };

/** {@link retryWhileContended} with this store's contention test and error. */
export function retryOnContention<T>(
  policy: ContentionPolicy,
  operation: string,
  attempt: () => Promise<T | typeof TRY_AGAIN>,
): Promise<T> {
  return retryWhileContended(
    policy,
    (error) => isContention(error),
    (attempts, last) => new DynamoDbContentionError(operation, attempts, last),
    attempt,
  );
}

/**
 * What a cancelled placement (a reservation per SKU of `wanted`, then the order's Put) means:
 * the first short or unknown SKU in the order's item order, as the in-memory store answers; a
 * duplicate order id; contention (thrown, to be retried); or a price changed since it was read
 * ({@link TRY_AGAIN}, to read it again).
 */
export async function explainCancelledPlacement(
  error: unknown,
  wanted: Map<string, number>,
  id: string,
  readStock: (sku: string) => Promise<StockLevel | undefined>,
): Promise<PlaceOrderResult | typeof TRY_AGAIN> {
  const reasons = cancellationReasons(error);
  if (!reasons) throw error;
  const skus = [...wanted.keys()];
  let priceChanged = false;
  for (const [i, sku] of skus.entries()) {
    if (reasons[i]?.Code !== 'ConditionalCheckFailed') continue;
    // ALL_OLD is absent when the item is; an emulator may omit it, so read then.
    const item = reasons[i].Item;
    const level = item ? fromStockItem(item) : await readStock(sku);
    if (!level) return { ok: false, reason: 'UNKNOWN_SKU', sku };
    if (level.available < wanted.get(sku)!)
      return { ok: false, reason: 'OUT_OF_STOCK', sku, available: level.available };
    priceChanged = true;
  }
  if (reasons[skus.length]?.Code === 'ConditionalCheckFailed') throw new Error(`Order ${id} already exists`);
  if (isContention(error)) throw error;
  if (priceChanged) return TRY_AGAIN;
  throw error;
}
