/**
 * What deploy/host.json says, as the adapter must be told it (the v4 context exposes none of it).
 * The template test fails when the two disagree.
 */
export const HOST_SETTINGS = {
  /** host.json `functionTimeout` (00:05:00): the deadline of every invocation. */
  functionTimeoutMs: 5 * 60_000,
  /** host.json `extensions.queues.maxDequeueCount`: the orders app's `maxAttempts`. */
  maxDequeueCount: 5,
  /** host.json `extensions.http.routePrefix`. */
  routePrefix: 'api',
  /** host.json `extensions.queues.visibilityTimeout` (00:00:30): how long a failed message waits. */
  visibilityTimeoutMs: 30_000,
} as const;

/** The storage queue `createOrder` publishes to and `processOrder` reads; its poison queue is `orders-poison`. */
export const ORDERS_QUEUE = 'orders';

/** Table of the orders and stock (`AzureTableOrderStore`, all rows in one partition). */
export const DEFAULT_ORDERS_TABLE = 'orders';

/** Table of the idempotency records and the payment breaker's shared state. */
export const DEFAULT_STATE_TABLE = 'ordersstate';
