import type { TableEntity, TableEntityResult } from '@azure/data-tables';
import type { Order, OrderItem, StockLevel } from '../domain/types';

/**
 * The rows of an AzureTableOrderStore. A transaction (`submitTransaction`) covers one partition
 * of one table, and both placing and releasing an order change several SKUs and the order at
 * once, so every row of a store lives in ONE partition and those steps are single batches:
 *
 * - `sku|<sku>`: a SKU's `available` and `priceCents`.
 * - `order|<id>`: an order (`items` as JSON).
 * - `pending|<createdAt> <id>`: a copy of an order while it is PENDING, created and deleted in
 *   the same batches as the order's own changes. Row keys sort, so `listPendingBefore` is a
 *   range read of these rows, oldest first, however many final orders the partition holds.
 *
 * Ids and SKUs are percent-encoded: Azure forbids `/ \ # ?` and control characters in keys.
 */
export const ROW = {
  stock: (sku: string) => `sku|${encodeURIComponent(sku)}`,
  order: (id: string) => `order|${encodeURIComponent(id)}`,
  /** The space sorts before every character of an ISO timestamp, so a time's rows sort by it alone. */
  pending: (createdAt: string, id: string) => `pending|${createdAt} ${encodeURIComponent(id)}`,
  pendingPrefix: 'pending|',
} as const;

/** What Azure forbids in a key (`createdAt` goes into one unencoded, to keep its sort order). */
const FORBIDDEN_IN_KEYS = /[\\/#?\u0000-\u001f\u007f-\u009f]/;

// Type aliases, not interfaces: a transaction's actions take entities with an index signature.
export type StockProperties = {
  available: number;
  priceCents: number;
};

export type OrderProperties = {
  id: string;
  customer: string;
  /** JSON of the order's items. */
  items: string;
  status: Order['status'];
  amountCents: number;
  createdAt: string;
  updatedAt: string;
  reason?: string;
  paymentId?: string;
};

export function stockEntity(partitionKey: string, level: StockLevel): TableEntity<StockProperties> {
  return {
    partitionKey,
    rowKey: ROW.stock(level.sku),
    available: level.available,
    priceCents: level.priceCents,
  };
}

export function toStockLevel(sku: string, entity: StockProperties): StockLevel {
  return { sku, available: entity.available, priceCents: entity.priceCents };
}

/** The order's row, or with `pending` its row in the PENDING range. */
export function orderEntity(
  partitionKey: string,
  order: Order,
  pending = false,
): TableEntity<OrderProperties> {
  if (FORBIDDEN_IN_KEYS.test(order.createdAt))
    throw new TypeError(`createdAt "${order.createdAt}" is not a timestamp; use new Date().toISOString()`);
  const entity: TableEntity<OrderProperties> = {
    partitionKey,
    rowKey: pending ? ROW.pending(order.createdAt, order.id) : ROW.order(order.id),
    id: order.id,
    customer: order.customer,
    items: JSON.stringify(order.items),
    status: order.status,
    amountCents: order.amountCents,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
  if (order.reason !== undefined) entity.reason = order.reason;
  if (order.paymentId !== undefined) entity.paymentId = order.paymentId;
  return entity;
}

export function toOrder(entity: TableEntityResult<OrderProperties>): Order {
  const order: Order = {
    id: entity.id,
    customer: entity.customer,
    items: (JSON.parse(entity.items) as OrderItem[]).map(({ sku, quantity }) => ({ sku, quantity })),
    status: entity.status,
    amountCents: entity.amountCents,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
  };
  if (typeof entity.reason === 'string') order.reason = entity.reason;
  if (typeof entity.paymentId === 'string') order.paymentId = entity.paymentId;
  return order;
}

/**
 * Quantity per SKU, in the order the SKUs first appear, summing lines of the same SKU: a batch
 * may not touch a row twice, and the sum is what must fit.
 */
export function totalQuantities(items: OrderItem[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of items) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  return totals;
}
