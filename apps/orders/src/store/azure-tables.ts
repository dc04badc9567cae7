import {
  odata,
  TableClient,
  type TableEntityResult,
  type TableServiceClientOptions,
  type TransactionAction,
} from '@azure/data-tables';
import {
  DEFAULT_PRICE_CENTS,
  type Order,
  type OrderStore,
  type PlaceOrderResult,
  type StockLevel,
} from '../domain/types';
import {
  type ContentionPolicy,
  DEFAULT_CONTENTION_POLICY,
  retryOnContention,
  statusOf,
  TRY_AGAIN,
} from './azure-tables-contention';
import {
  type OrderProperties,
  orderEntity,
  ROW,
  type StockProperties,
  stockEntity,
  toOrder,
  toStockLevel,
  totalQuantities,
} from './azure-tables-entities';

export { AzureTableContentionError, type ContentionPolicy } from './azure-tables-contention';

/** Options of an {@link AzureTableOrderStore}: a table client, or a connection string and a table. */
export type AzureTableOrderStoreOptions = {
  /** The partition holding all of this store's rows (default `orders`); see azure-tables-entities.ts. */
  partition?: string;
  /** Retries of writes whose rows changed after they were read; default 16 attempts, full jitter. */
  contention?: ContentionPolicy;
} & (
  | { client: TableClient }
  | { connectionString: string; tableName: string; clientOptions?: TableServiceClientOptions }
);

/** A batch holds at most 100 actions; placing an order adds two rows to one update per SKU. */
const MAX_SKUS_PER_ORDER = 98;

/**
 * Orders and stock in an Azure Storage table (or Cosmos DB for Table), for the Azure build. All
 * rows share one partition, so placing an order is ONE `submitTransaction`: an ETag-conditioned
 * update per SKU plus the order's rows. If any SKU changed since it was read, the service
 * answers 412 and applies nothing; the store reads again and retries with jittered backoff, so
 * stock never goes below zero and is taken for all items or none. `markPaid` and `release` are
 * single batches too (the order's ETag-conditioned transition, its PENDING row's deletion and,
 * for a release, the stock), so a release returns stock at most once and has no half-done state.
 *
 * The cost of one partition is its throughput: Azure targets about 2,000 entities a second per
 * partition, a few hundred orders a second here. Past that, shard SKUs into partitions and give
 * up atomic orders across shards.
 *
 * @example
 * ```ts
 * import { AzureTableOrderStore } from '@faasade/orders/store/azure-tables';
 * const store = new AzureTableOrderStore({ connectionString: process.env.AzureWebJobsStorage!, tableName: 'orders' });
 * await store.createTable();
 * await store.restock('apple', 10, 50);
 * const placed = await store.placeOrder({ id: 'o-1', customer: 'c-1', items: [{ sku: 'apple', quantity: 2 }], createdAt: new Date().toISOString() });
 * console.log(placed.ok && placed.order.amountCents); // 100
 * ```
 */
export class AzureTableOrderStore implements OrderStore {
  private readonly client: TableClient;
  private readonly partition: string;
  private readonly policy: ContentionPolicy;

  constructor(options: AzureTableOrderStoreOptions) {
    this.client =
      'client' in options
        ? options.client
        : TableClient.fromConnectionString(
            options.connectionString,
            options.tableName,
            options.clientOptions,
          );
    this.partition = options.partition ?? 'orders';
    this.policy = options.contention ?? DEFAULT_CONTENTION_POLICY;
  }

  /** Creates the table if it does not exist (for development and tests). */
  async createTable(): Promise<void> {
    await this.client.createTable();
  }

  async placeOrder(input: Omit<Order, 'status' | 'amountCents' | 'updatedAt'>): Promise<PlaceOrderResult> {
    const wanted = totalQuantities(input.items);
    if (wanted.size > MAX_SKUS_PER_ORDER)
      throw new RangeError(`An order holds at most ${MAX_SKUS_PER_ORDER} SKUs here (got ${wanted.size})`);
    return retryOnContention(this.policy, `placeOrder(${input.id})`, async () => {
      const skus = [...wanted.keys()];
      const rows = await Promise.all(skus.map((sku) => this.read<StockProperties>(ROW.stock(sku))));
      let amountCents = 0;
      for (const [i, sku] of skus.entries()) {
        const row = rows[i];
        if (!row) return { ok: false, reason: 'UNKNOWN_SKU', sku };
        if (row.available < wanted.get(sku)!)
          return { ok: false, reason: 'OUT_OF_STOCK', sku, available: row.available };
        amountCents += row.priceCents * wanted.get(sku)!;
      }
      const order: Order = {
        ...input,
        items: input.items.map((i) => ({ ...i })),
        status: 'PENDING',
        amountCents,
        updatedAt: input.createdAt,
      };
      // Each update carries the ETag read: the price and count it was checked against.
      const actions: TransactionAction[] = skus.map((sku, i) => [
        'update',
        {
          partitionKey: this.partition,
          rowKey: ROW.stock(sku),
          available: rows[i]!.available - wanted.get(sku)!,
        },
        'Merge',
        { etag: rows[i]!.etag },
      ]);
      actions.push(['create', orderEntity(this.partition, order)]);
      actions.push(['create', orderEntity(this.partition, order, true)]);
      try {
        await this.client.submitTransaction(actions);
        return { ok: true, order };
      } catch (error) {
        if (statusOf(error) === 409) throw new Error(`Order ${input.id} already exists`, { cause: error });
        throw error;
      }
    });
  }

  async getOrder(id: string): Promise<Order | undefined> {
    const row = await this.read<OrderProperties>(ROW.order(id));
    return row && toOrder(row);
  }

  async markPaid(id: string, paymentId: string): Promise<Order | undefined> {
    return retryOnContention(this.policy, `markPaid(${id})`, async () => {
      const row = await this.read<OrderProperties>(ROW.order(id));
      if (row?.status !== 'PENDING') return undefined;
      const paid: Order = { ...toOrder(row), status: 'PAID', paymentId, updatedAt: new Date().toISOString() };
      await this.client.submitTransaction([
        this.leavePending(row, { status: paid.status, paymentId, updatedAt: paid.updatedAt }),
        ['delete', { partitionKey: this.partition, rowKey: ROW.pending(row.createdAt, id) }],
      ]);
      return paid;
    });
  }

  async release(id: string, status: 'REJECTED' | 'FAILED', reason: string): Promise<Order | undefined> {
    return retryOnContention(this.policy, `release(${id})`, async () => {
      const row = await this.read<OrderProperties>(ROW.order(id));
      if (row?.status !== 'PENDING') return undefined;
      const released: Order = { ...toOrder(row), status, reason, updatedAt: new Date().toISOString() };
      const wanted = totalQuantities(released.items);
      const stock = await Promise.all(
        [...wanted.keys()].map((sku) => this.read<StockProperties>(ROW.stock(sku))),
      );
      const actions: TransactionAction[] = [
        this.leavePending(row, { status, reason, updatedAt: released.updatedAt }),
        ['delete', { partitionKey: this.partition, rowKey: ROW.pending(row.createdAt, id) }],
      ];
      // A SKU row is never deleted, so each is there; the check only keeps the batch valid.
      for (const [i, [sku, quantity]] of [...wanted].entries()) {
        const level = stock[i];
        if (!level) continue;
        actions.push([
          'update',
          { partitionKey: this.partition, rowKey: ROW.stock(sku), available: level.available + quantity },
          'Merge',
          { etag: level.etag },
        ]);
      }
      await this.client.submitTransaction(actions);
      return released;
    });
  }

  async getStock(sku: string): Promise<StockLevel | undefined> {
    const row = await this.read<StockProperties>(ROW.stock(sku));
    return row && toStockLevel(sku, row);
  }

  async restock(sku: string, available: number, priceCents?: number): Promise<StockLevel> {
    return retryOnContention(this.policy, `restock(${sku})`, async () => {
      const row = await this.read<StockProperties>(ROW.stock(sku));
      const level = { sku, available, priceCents: priceCents ?? row?.priceCents ?? DEFAULT_PRICE_CENTS };
      if (row) {
        // With the ETag read, so the price kept is the price there is.
        await this.client.updateEntity(stockEntity(this.partition, level), 'Merge', { etag: row.etag });
        return level;
      }
      try {
        await this.client.createEntity(stockEntity(this.partition, level));
        return level;
      } catch (error) {
        // Created meanwhile by another restock: read it again.
        if (statusOf(error) === 409) return TRY_AGAIN;
        throw error;
      }
    });
  }

  async listPendingBefore(before: Date, limit: number): Promise<Order[]> {
    if (limit < 1) return [];
    const end = ROW.pendingPrefix + before.toISOString();
    const rows = this.client.listEntities<OrderProperties>({
      queryOptions: {
        filter: odata`PartitionKey eq ${this.partition} and RowKey ge ${ROW.pendingPrefix} and RowKey lt ${end}`,
      },
    });
    const found: Order[] = [];
    for await (const page of rows.byPage({ maxPageSize: Math.min(limit, 1000) })) {
      for (const row of page) {
        found.push(toOrder(row));
        if (found.length === limit) return found;
      }
    }
    return found;
  }

  /** The order's PENDING → final update, conditioned on the ETag it was read with. */
  private leavePending(
    row: TableEntityResult<OrderProperties>,
    change: Partial<OrderProperties> & Pick<OrderProperties, 'status' | 'updatedAt'>,
  ): TransactionAction {
    return [
      'update',
      { partitionKey: this.partition, rowKey: ROW.order(row.id), ...change },
      'Merge',
      { etag: row.etag },
    ];
  }

  private async read<T extends object>(rowKey: string): Promise<TableEntityResult<T> | undefined> {
    try {
      return await this.client.getEntity<T>(this.partition, rowKey);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }
}
