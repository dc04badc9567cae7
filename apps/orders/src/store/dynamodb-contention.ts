import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type Backoff, exponentialBackoff } from '@faasade/core/resilience';
import type { PlaceOrderResult, StockLevel } from '../domain/types';
import { fromStockItem } from './dynamodb-schema';

/** How a store retries a write that met a concurrent one. */
export interface ContentionPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  backoff: Backoff;
}

/**
 * Full jitter spreads racers apart; with 16 attempts, 100 concurrent orders for one SKU all get
 * a definite answer, and the cap keeps the worst case to a few seconds.
 */
export const DEFAULT_CONTENTION_POLICY: ContentionPolicy = {
  maxAttempts: 16,
  backoff: exponentialBackoff({ baseMs: 10, capMs: 500, jitter: 'full' }),
};

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
export class DynamoDbContentionError extends Error {
  override readonly name = 'DynamoDbContentionError';
  readonly attempts: number;

  constructor(operation: string, attempts: number, cause: unknown) {
    super(
      `${operation} met concurrent transactions on the same items ${attempts} time(s) and gave up; nothing was changed. ` +
        'Retry the request later, or raise maxAttempts if this SKU is always this hot.',
      { cause },
    );
    this.attempts = attempts;
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
export const TRY_AGAIN = Symbol('try again');

/**
 * Runs `attempt` until it returns an answer, sleeping with backoff after each contention error
 * or {@link TRY_AGAIN}; other errors are thrown at once.
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
      if (!isContention(error)) throw error;
      last = error;
    }
  }
  throw new DynamoDbContentionError(operation, policy.maxAttempts, last);
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
