import type {
  AttributeValue,
  QueryCommandInput,
  TransactWriteItem,
  Update,
  UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DEFAULT_PRICE_CENTS, type Order } from '../domain/types';
import { names, PENDING_INDEX, toOrderItem } from './dynamodb-schema';

/**
 * The requests of a DynamoDbOrderStore, built apart from the store so that each condition sits
 * next to the update it guards.
 */

/** Takes `quantity` units, if there are that many and the price is still the one read. */
export function reserveStock(
  table: string,
  sku: string,
  quantity: number,
  priceCents: number,
): TransactWriteItem {
  return {
    Update: {
      TableName: table,
      Key: { sku: { S: sku } },
      UpdateExpression: 'SET #available = #available - :quantity',
      ConditionExpression: 'attribute_exists(#sku) AND #available >= :quantity AND #priceCents = :price',
      ExpressionAttributeNames: names('#sku', '#available', '#priceCents'),
      ExpressionAttributeValues: {
        ':quantity': { N: String(quantity) },
        ':price': { N: String(priceCents) },
      },
      // The item comes back with the cancellation, saving a read to say how short it is.
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** Saves a new PENDING order (in the PENDING index through `pendingShard`); never overwrites. */
export function putNewOrder(table: string, order: Order, pendingShard: string): TransactWriteItem {
  return {
    Put: {
      TableName: table,
      Item: toOrderItem(order, pendingShard),
      ConditionExpression: 'attribute_not_exists(#id)',
      ExpressionAttributeNames: names('#id'),
    },
  };
}

/** Gives back `quantity` units of a SKU. */
export function returnStock(table: string, sku: string, quantity: number): TransactWriteItem {
  return {
    Update: {
      TableName: table,
      Key: { sku: { S: sku } },
      UpdateExpression: 'SET #available = #available + :quantity',
      ExpressionAttributeNames: names('#available'),
      ExpressionAttributeValues: { ':quantity': { N: String(quantity) } },
    },
  };
}

/**
 * Moves a PENDING order to a final status, and out of the PENDING index. The condition is what
 * makes paying and releasing happen at most once, whoever else tries at the same time.
 */
export function leavePending(
  table: string,
  id: string,
  change: { status: Exclude<Order['status'], 'PENDING'>; updatedAt: string } & (
    | { paymentId: string }
    | { reason: string }
  ),
): Update {
  const detail = 'paymentId' in change ? ('#paymentId' as const) : ('#reason' as const);
  return {
    TableName: table,
    Key: { id: { S: id } },
    ConditionExpression: '#status = :pending',
    UpdateExpression: `SET #status = :status, ${detail} = :detail, #updatedAt = :now REMOVE #pendingShard`,
    ExpressionAttributeNames: names('#status', detail, '#updatedAt', '#pendingShard'),
    ExpressionAttributeValues: {
      ':pending': { S: 'PENDING' },
      ':status': { S: change.status },
      ':detail': { S: 'paymentId' in change ? change.paymentId : change.reason },
      ':now': { S: change.updatedAt },
    },
  };
}

/** Sets the available units, and the price when given (the default price for a new SKU). */
export function setStock(
  table: string,
  sku: string,
  available: number,
  priceCents: number | undefined,
): UpdateItemCommandInput {
  const price = priceCents === undefined ? 'if_not_exists(#priceCents, :price)' : ':price';
  return {
    TableName: table,
    Key: { sku: { S: sku } },
    UpdateExpression: `SET #available = :available, #priceCents = ${price}`,
    ExpressionAttributeNames: names('#available', '#priceCents'),
    ExpressionAttributeValues: {
      ':available': { N: String(available) },
      ':price': { N: String(priceCents ?? DEFAULT_PRICE_CENTS) },
    },
    ReturnValues: 'ALL_NEW',
  };
}

/** A page of one shard of the PENDING index: orders created before `cutoff`, oldest first. */
export function pendingPage(
  table: string,
  shard: string,
  cutoff: string,
  limit: number,
  start: Record<string, AttributeValue> | undefined,
): QueryCommandInput {
  return {
    TableName: table,
    IndexName: PENDING_INDEX,
    KeyConditionExpression: '#pendingShard = :shard AND #createdAt < :cutoff',
    // GSIs are eventually consistent: an order paid a moment ago may still be indexed.
    FilterExpression: '#status = :pending',
    ExpressionAttributeNames: names('#pendingShard', '#createdAt', '#status'),
    ExpressionAttributeValues: {
      ':shard': { S: shard },
      ':cutoff': { S: cutoff },
      ':pending': { S: 'PENDING' },
    },
    Limit: limit,
    ExclusiveStartKey: start,
  };
}
