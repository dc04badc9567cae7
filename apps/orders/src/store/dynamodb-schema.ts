import {
  type AttributeValue,
  CreateTableCommand,
  type DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { Order, OrderItem, StockLevel } from '../domain/types';

/**
 * The two tables of a {@link DynamoDbOrderStore}:
 *
 * - `inventory`: partition key `sku` (S); attributes `available` (N) and `priceCents` (N).
 * - `orders`: partition key `id` (S); attributes `customer`, `items` (L of M {sku, quantity}),
 *   `status`, `amountCents`, `createdAt`, `updatedAt`, `reason`, `paymentId`, and
 *   `pendingShard` (S), which exists only while the order is PENDING.
 * - GSI {@link PENDING_INDEX} on `orders`: partition key `pendingShard`, sort key `createdAt`,
 *   projection ALL. It is sparse: leaving PENDING removes `pendingShard`, and with it the order
 *   from the index, so `listPendingBefore` reads PENDING orders only, oldest first.
 */
export interface DynamoDbOrderTables {
  orders: string;
  inventory: string;
}

export const DEFAULT_TABLES: DynamoDbOrderTables = { orders: 'orders', inventory: 'inventory' };

export const PENDING_INDEX = 'pendingByCreatedAt';

/**
 * Every attribute goes through a placeholder: `status`, `items` and `reason` are among
 * DynamoDB's reserved words, and one rule for all is easier to read than a list of exceptions.
 */
export const NAMES = {
  '#id': 'id',
  '#sku': 'sku',
  '#available': 'available',
  '#priceCents': 'priceCents',
  '#status': 'status',
  '#reason': 'reason',
  '#paymentId': 'paymentId',
  '#updatedAt': 'updatedAt',
  '#createdAt': 'createdAt',
  '#pendingShard': 'pendingShard',
} as const;

/** The placeholders an expression uses: DynamoDB rejects any it does not. */
export function names(...used: (keyof typeof NAMES)[]): Record<string, string> {
  return Object.fromEntries(used.map((name) => [name, NAMES[name]]));
}

/**
 * Creates both tables and the GSI (on-demand capacity) and waits until they are ACTIVE; a table
 * that exists already is left as it is. For development and tests: in production declare the
 * same schema in the infrastructure template.
 */
export async function createOrderTables(
  client: DynamoDBClient,
  tables: DynamoDbOrderTables,
  maxWaitSeconds = 120,
): Promise<void> {
  await createTable(client, {
    TableName: tables.inventory,
    AttributeDefinitions: [{ AttributeName: 'sku', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  await createTable(client, {
    TableName: tables.orders,
    AttributeDefinitions: [
      { AttributeName: 'id', AttributeType: 'S' },
      { AttributeName: 'pendingShard', AttributeType: 'S' },
      { AttributeName: 'createdAt', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: PENDING_INDEX,
        KeySchema: [
          { AttributeName: 'pendingShard', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  });
  for (const TableName of [tables.inventory, tables.orders]) {
    await waitUntilTableExists(
      { client, minDelay: 1, maxDelay: 5, maxWaitTime: maxWaitSeconds },
      { TableName },
    );
  }
}

async function createTable(client: DynamoDBClient, input: CreateTableCommand['input']): Promise<void> {
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    // By name, not instanceof: the client may come from another copy of the SDK.
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
  }
}

/**
 * The GSI shard of a PENDING order. One partition key value for every PENDING order would cap
 * the index at one partition's write rate (about 1,000 writes a second), and a throttled GSI
 * throttles the orders table too; spreading by a hash of the id lifts that cap.
 */
export function pendingShardOf(id: string, shards: number): string {
  let hash = 0x811c9dc5; // FNV-1a: cheap, and stable across processes and versions.
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return String((hash >>> 0) % shards);
}

export function toOrderItem(order: Order, pendingShard: string): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    id: { S: order.id },
    customer: { S: order.customer },
    items: { L: order.items.map((i) => ({ M: { sku: { S: i.sku }, quantity: { N: String(i.quantity) } } })) },
    status: { S: order.status },
    amountCents: { N: String(order.amountCents) },
    createdAt: { S: order.createdAt },
    updatedAt: { S: order.updatedAt },
    pendingShard: { S: pendingShard },
  };
  if (order.reason !== undefined) item.reason = { S: order.reason };
  if (order.paymentId !== undefined) item.paymentId = { S: order.paymentId };
  return item;
}

export function fromOrderItem(item: Record<string, AttributeValue>): Order {
  const order: Order = {
    id: item.id.S!,
    customer: item.customer.S!,
    items: (item.items.L ?? []).map(
      (i): OrderItem => ({ sku: i.M!.sku.S!, quantity: Number(i.M!.quantity.N) }),
    ),
    status: item.status.S as Order['status'],
    amountCents: Number(item.amountCents.N),
    createdAt: item.createdAt.S!,
    updatedAt: item.updatedAt.S!,
  };
  if (item.reason?.S !== undefined) order.reason = item.reason.S;
  if (item.paymentId?.S !== undefined) order.paymentId = item.paymentId.S;
  return order;
}

export function fromStockItem(item: Record<string, AttributeValue>): StockLevel {
  return { sku: item.sku.S!, available: Number(item.available.N), priceCents: Number(item.priceCents.N) };
}
