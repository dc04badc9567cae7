/** The environment variables the Lambda entry reads. */
export const ENV = {
  ordersTable: 'ORDERS_TABLE',
  inventoryTable: 'INVENTORY_TABLE',
  stateTable: 'STATE_TABLE',
  queueUrl: 'QUEUE_URL',
  deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  paymentsUrl: 'PAYMENTS_URL',
} as const;

/** The DynamoDB tables of the AWS build. */
export interface OrdersTables {
  orders: string;
  inventory: string;
  /** Idempotency records and the payment circuit breaker's shared state. */
  state: string;
}

/** What the Lambda entry is configured with; anything left out falls back to an embedded default. */
export interface AwsOrdersConfig {
  /** DynamoDB tables; without them, orders, stock and state live in the instance's memory. */
  tables?: OrdersTables;
  /** The SQS queue `order.created` messages are sent to (`processOrder` consumes it). */
  queueUrl?: string;
  /** Where `processOrder` sends a message that can never succeed, at once. */
  deadLetterQueueUrl?: string;
  /** The payment service's base URL. */
  paymentsUrl?: string;
}

/** The environment names settings that do not fit together. */
export class OrdersConfigError extends Error {
  override readonly name = 'OrdersConfigError';
}

/**
 * Reads the configuration from environment variables (names in {@link ENV}). The three table
 * names go together: all of them select DynamoDB, none of them the in-memory stores, and some
 * but not all is a mistake that fails the cold start instead of half the requests.
 *
 * @throws {OrdersConfigError} when only some of the table names are set.
 *
 * @example
 * ```ts
 * import { readConfig } from '@faasade/orders-aws/config';
 * const config = readConfig({ ORDERS_TABLE: 'o', INVENTORY_TABLE: 'i', STATE_TABLE: 's', QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/orders' });
 * config.tables; // { orders: 'o', inventory: 'i', state: 's' }
 * ```
 */
export function readConfig(env: Readonly<Record<string, string | undefined>>): AwsOrdersConfig {
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const tableNames = [ENV.ordersTable, ENV.inventoryTable, ENV.stateTable] as const;
  const [orders, inventory, state] = tableNames.map(read);
  const missing = tableNames.filter((name) => read(name) === undefined);
  if (missing.length > 0 && missing.length < tableNames.length) {
    throw new OrdersConfigError(
      `Set all of ${tableNames.join(', ')} (DynamoDB) or none of them (in-memory stores); missing: ${missing.join(', ')}`,
    );
  }
  const config: AwsOrdersConfig = {};
  if (orders && inventory && state) config.tables = { orders, inventory, state };
  const queueUrl = read(ENV.queueUrl);
  if (queueUrl) config.queueUrl = queueUrl;
  const deadLetterQueueUrl = read(ENV.deadLetterQueueUrl);
  if (deadLetterQueueUrl) config.deadLetterQueueUrl = deadLetterQueueUrl;
  const paymentsUrl = read(ENV.paymentsUrl);
  if (paymentsUrl) config.paymentsUrl = paymentsUrl;
  return config;
}
