import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import type { Order, OrderItem, StockLevel } from '../domain/types';
import { pendingPage } from './dynamodb-requests';
import { fromOrderItem, fromStockItem } from './dynamodb-schema';

/** BatchGetItem reads at most 100 keys a call. */
const BATCH_GET_LIMIT = 100;
/** Unprocessed keys mean throttling; this many rounds of backoff before giving up on a read. */
const MAX_UNPROCESSED_ROUNDS = 8;

/** Quantity per SKU, in the order the SKUs first appear, summing lines of the same SKU. */
export function totalQuantities(items: OrderItem[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of items) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  return totals;
}

/** The stock levels of `skus` that exist, read with strong consistency. */
export async function readStockLevels(
  client: DynamoDBClient,
  table: string,
  skus: string[],
): Promise<Map<string, StockLevel>> {
  const levels = new Map<string, StockLevel>();
  for (let from = 0; from < skus.length; from += BATCH_GET_LIMIT) {
    let keys: Record<string, AttributeValue>[] = skus
      .slice(from, from + BATCH_GET_LIMIT)
      .map((sku) => ({ sku: { S: sku } }));
    for (let round = 0; keys.length > 0; round++) {
      if (round === MAX_UNPROCESSED_ROUNDS)
        throw new Error(
          `DynamoDB left ${keys.length} stock read(s) of "${table}" unprocessed; the table is throttled`,
        );
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * 2 ** round));
      const { Responses, UnprocessedKeys } = await client.send(
        new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const item of Responses?.[table] ?? []) levels.set(item.sku.S!, fromStockItem(item));
      keys = UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return levels;
}

/** Up to `limit` PENDING orders of one shard of the index created before `cutoff`, oldest first. */
export async function readPendingShard(
  client: DynamoDBClient,
  table: string,
  shard: string,
  cutoff: string,
  limit: number,
): Promise<Order[]> {
  const found: Order[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new QueryCommand(pendingPage(table, shard, cutoff, limit, start)));
    for (const item of page.Items ?? []) found.push(fromOrderItem(item));
    start = page.LastEvaluatedKey;
  } while (start && found.length < limit);
  return found.slice(0, limit);
}
