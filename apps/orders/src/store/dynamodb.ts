import {
  DynamoDBClient,
  type DynamoDBClientConfig,
  GetItemCommand,
  TransactWriteItemsCommand,
  type TransactWriteItem,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Order, OrderStore, PlaceOrderResult, StockLevel } from '../domain/types';
import {
  type ContentionPolicy,
  cancellationReasons,
  explainCancelledPlacement,
  DEFAULT_CONTENTION_POLICY,
  isConditionFailure,
  retryOnContention,
} from './dynamodb-contention';
import { readPendingShard, readStockLevels, totalQuantities } from './dynamodb-reads';
import { leavePending, putNewOrder, reserveStock, returnStock, setStock } from './dynamodb-requests';
import {
  createOrderTables,
  DEFAULT_TABLES,
  type DynamoDbOrderTables,
  fromOrderItem,
  fromStockItem,
  pendingShardOf,
} from './dynamodb-schema';

export { type ContentionPolicy, DynamoDbContentionError } from './dynamodb-contention';
export type { DynamoDbOrderTables } from './dynamodb-schema';

/** Options of a {@link DynamoDbOrderStore}. */
export interface DynamoDbOrderStoreOptions {
  /** A client you created; the store never destroys it. */
  client?: DynamoDBClient;
  /** Configuration of a client the store creates (and destroys on `close()`) when no `client` is given. */
  clientConfig?: DynamoDBClientConfig;
  /** Table names; default `orders` and `inventory`. */
  tables?: Partial<DynamoDbOrderTables>;
  /**
   * Partition key values of the PENDING index (default 4). Every writer and reader of a table
   * must agree; raising it is safe, lowering it hides the orders in the shards dropped.
   */
  pendingShards?: number;
  /** Retries of writes that meet concurrent transactions; default 16 attempts, full jitter. */
  contention?: ContentionPolicy;
}

/** A transaction holds at most 100 actions: one per SKU, and the order's Put. */
const MAX_SKUS_PER_ORDER = 99;

/**
 * Orders and stock in DynamoDB (the AWS build). Placing an order is one `TransactWriteItems`: a
 * conditional decrement per SKU (`available >= :quantity`, and the price it was read at) and
 * the order's Put (`attribute_not_exists(id)`), so stock never goes below zero and a short item
 * reserves nothing. Releasing is one transaction too: the order's PENDING → final transition
 * and the increments, so stock comes back at most once. A transaction that meets another on
 * the same item (`TransactionConflict`) is retried with jittered backoff. The table design is
 * on {@link DynamoDbOrderTables}.
 *
 * @example
 * ```ts
 * import { DynamoDbOrderStore } from '@faasade/orders/store/dynamodb';
 * const store = new DynamoDbOrderStore({ tables: { orders: 'orders', inventory: 'inventory' } });
 * await store.createTables(); // development only: the SAM template declares them in production
 * await store.restock('apple', 10, 50);
 * const placed = await store.placeOrder({ id: 'o-1', customer: 'c-1', items: [{ sku: 'apple', quantity: 2 }], createdAt: new Date().toISOString() });
 * console.log(placed.ok && placed.order.amountCents); // 100
 * ```
 */
export class DynamoDbOrderStore implements OrderStore {
  private readonly client: DynamoDBClient;
  private readonly ownsClient: boolean;
  private readonly tables: DynamoDbOrderTables;
  private readonly shards: number;
  private readonly policy: ContentionPolicy;

  constructor(options: DynamoDbOrderStoreOptions = {}) {
    this.client = options.client ?? new DynamoDBClient(options.clientConfig ?? {});
    this.ownsClient = options.client === undefined;
    this.tables = { ...DEFAULT_TABLES, ...options.tables };
    this.shards = options.pendingShards ?? 4;
    if (!Number.isInteger(this.shards) || this.shards < 1)
      throw new RangeError(`pendingShards must be a whole number >= 1 (got ${this.shards})`);
    this.policy = options.contention ?? DEFAULT_CONTENTION_POLICY;
  }

  /** Creates the tables and the PENDING index if they do not exist (for development and tests). */
  async createTables(): Promise<void> {
    await createOrderTables(this.client, this.tables);
  }

  async placeOrder(input: Omit<Order, 'status' | 'amountCents' | 'updatedAt'>): Promise<PlaceOrderResult> {
    // One action per SKU: a transaction may not touch an item twice, and the sum is what must fit.
    const wanted = totalQuantities(input.items);
    if (wanted.size > MAX_SKUS_PER_ORDER)
      throw new RangeError(`An order holds at most ${MAX_SKUS_PER_ORDER} SKUs here (got ${wanted.size})`);
    return retryOnContention(this.policy, `placeOrder(${input.id})`, async () => {
      // Strongly consistent, so a short SKU is answered without a transaction, and the prices
      // read here are the ones the decrement's condition pins. Read on every attempt: reads do
      // not conflict, and once the stock is gone the racers still retrying learn it here.
      const levels = await readStockLevels(this.client, this.tables.inventory, [...wanted.keys()]);
      let amountCents = 0;
      for (const [sku, quantity] of wanted) {
        const level = levels.get(sku);
        if (!level) return { ok: false, reason: 'UNKNOWN_SKU', sku };
        if (level.available < quantity)
          return { ok: false, reason: 'OUT_OF_STOCK', sku, available: level.available };
        amountCents += level.priceCents * quantity;
      }
      const order: Order = {
        ...input,
        items: input.items.map((i) => ({ ...i })),
        status: 'PENDING',
        amountCents,
        updatedAt: input.createdAt,
      };
      const actions = [
        ...[...wanted].map(([sku, quantity]) =>
          reserveStock(this.tables.inventory, sku, quantity, levels.get(sku)!.priceCents),
        ),
        putNewOrder(this.tables.orders, order, pendingShardOf(order.id, this.shards)),
      ];
      try {
        await this.client.send(new TransactWriteItemsCommand({ TransactItems: actions }));
        return { ok: true, order };
      } catch (error) {
        return explainCancelledPlacement(error, wanted, input.id, (sku) => this.getStock(sku));
      }
    });
  }

  async getOrder(id: string): Promise<Order | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tables.orders, Key: { id: { S: id } }, ConsistentRead: true }),
    );
    return Item && fromOrderItem(Item);
  }

  async markPaid(id: string, paymentId: string): Promise<Order | undefined> {
    return retryOnContention(this.policy, `markPaid(${id})`, async () => {
      try {
        const { Attributes } = await this.client.send(
          new UpdateItemCommand({
            ...leavePending(this.tables.orders, id, {
              status: 'PAID',
              paymentId,
              updatedAt: new Date().toISOString(),
            }),
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes && fromOrderItem(Attributes);
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    });
  }

  async release(id: string, status: 'REJECTED' | 'FAILED', reason: string): Promise<Order | undefined> {
    return retryOnContention(this.policy, `release(${id})`, async () => {
      const order = await this.getOrder(id);
      if (order?.status !== 'PENDING') return undefined;
      const released: Order = { ...order, status, reason, updatedAt: new Date().toISOString() };
      const actions: TransactWriteItem[] = [
        { Update: leavePending(this.tables.orders, id, { status, reason, updatedAt: released.updatedAt }) },
        ...[...totalQuantities(order.items)].map(([sku, quantity]) =>
          returnStock(this.tables.inventory, sku, quantity),
        ),
      ];
      try {
        await this.client.send(new TransactWriteItemsCommand({ TransactItems: actions }));
        return released;
      } catch (error) {
        // Another release or markPaid moved the order on after the read: it was not PENDING.
        if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') return undefined;
        throw error;
      }
    });
  }

  async getStock(sku: string): Promise<StockLevel | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tables.inventory,
        Key: { sku: { S: sku } },
        ConsistentRead: true,
      }),
    );
    return Item && fromStockItem(Item);
  }

  async restock(sku: string, available: number, priceCents?: number): Promise<StockLevel> {
    return retryOnContention(this.policy, `restock(${sku})`, async () => {
      const { Attributes } = await this.client.send(
        new UpdateItemCommand(setStock(this.tables.inventory, sku, available, priceCents)),
      );
      return fromStockItem(Attributes!);
    });
  }

  async listPendingBefore(before: Date, limit: number): Promise<Order[]> {
    if (limit < 1) return [];
    const cutoff = before.toISOString();
    const shards = await Promise.all(
      Array.from({ length: this.shards }, (_, shard) =>
        readPendingShard(this.client, this.tables.orders, String(shard), cutoff, limit),
      ),
    );
    return shards
      .flat()
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }

  /** Destroys the client if the store created it; a client you passed in stays usable. */
  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }
}
