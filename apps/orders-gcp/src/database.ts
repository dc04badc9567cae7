import type { Order, OrderStore } from '@faasade/orders';
import { PostgresOrderStore } from '@faasade/orders/store/postgres';
import { Pool, type PoolConfig } from 'pg';

/** One key for every instance, so that only one runs the migration at a time. */
const MIGRATION_LOCK = 'faasade-orders-migrate';

/**
 * The orders in Cloud SQL for PostgreSQL: a `PostgresOrderStore` over a small pool that migrates
 * the schema on first use, once per instance (the lazy equivalent of an init hook: a function
 * that is never called never connects). Instances starting together take turns through a
 * PostgreSQL advisory lock, as `CREATE TABLE IF NOT EXISTS` is not safe when run concurrently.
 * A failed migration is not remembered: the next call tries again.
 *
 * @example
 * ```ts
 * import { cloudSqlOrderStore } from './database';
 * const store = cloudSqlOrderStore({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' }, 'orders');
 * await store.getStock('apple'); // migrates, then reads
 * await store.close();
 * ```
 */
export function cloudSqlOrderStore(
  config: PoolConfig,
  schema: string,
): OrderStore & { close(): Promise<void> } {
  const pool = new Pool(config);
  // An idle client that errors (Cloud SQL restarted) must not crash the instance; the pool drops it.
  pool.on('error', () => {});
  return new MigratingOrderStore(pool, new PostgresOrderStore(pool, { schema }));
}

class MigratingOrderStore implements OrderStore {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly store: PostgresOrderStore,
  ) {}

  placeOrder(order: Omit<Order, 'status' | 'amountCents' | 'updatedAt'>) {
    return this.migrated(() => this.store.placeOrder(order));
  }
  getOrder(id: string) {
    return this.migrated(() => this.store.getOrder(id));
  }
  markPaid(id: string, paymentId: string) {
    return this.migrated(() => this.store.markPaid(id, paymentId));
  }
  release(id: string, status: 'REJECTED' | 'FAILED', reason: string) {
    return this.migrated(() => this.store.release(id, status, reason));
  }
  getStock(sku: string) {
    return this.migrated(() => this.store.getStock(sku));
  }
  restock(sku: string, available: number, priceCents?: number) {
    return this.migrated(() => this.store.restock(sku, available, priceCents));
  }
  listPendingBefore(before: Date, limit: number) {
    return this.migrated(() => this.store.listPendingBefore(before, limit));
  }
  close(): Promise<void> {
    return this.pool.end();
  }

  private async migrated<T>(work: () => Promise<T>): Promise<T> {
    this.ready ??= this.migrate().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
    return work();
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
      try {
        await this.store.migrate();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
  }
}
