import type { Pool, PoolClient } from 'pg';
import {
  DEFAULT_PRICE_CENTS,
  type Order,
  type OrderStore,
  type PlaceOrderResult,
  type StockLevel,
} from '../domain/types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS inventory (
  sku text PRIMARY KEY,
  available integer NOT NULL CHECK (available >= 0),
  price_cents integer NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
  id text PRIMARY KEY,
  customer text NOT NULL,
  items jsonb NOT NULL,
  status text NOT NULL,
  amount_cents integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  reason text,
  payment_id text
);
CREATE INDEX IF NOT EXISTS orders_pending_created ON orders (created_at) WHERE status = 'PENDING';
`;

/**
 * Orders and stock in PostgreSQL (Cloud SQL for the GCP build). A reservation is one
 * transaction of `UPDATE ... WHERE available >= quantity` per item: a row lock serialises
 * concurrent orders for a SKU and the condition keeps stock from going below zero.
 *
 * @example
 * ```ts
 * import { Pool } from 'pg';
 * import { PostgresOrderStore } from '@faasade/orders/store/postgres';
 * const store = new PostgresOrderStore(new Pool({ connectionString: process.env.DATABASE_URL }), { schema: 'orders' });
 * await store.migrate();
 * ```
 */
export class PostgresOrderStore implements OrderStore {
  private readonly pool: Pool;
  private readonly schema: string;

  constructor(pool: Pool, options: { schema?: string } = {}) {
    this.pool = pool;
    this.schema = options.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]*$/.test(this.schema)) throw new TypeError(`Invalid schema name "${this.schema}"`);
  }

  /** Creates the schema and tables if they do not exist. */
  async migrate(): Promise<void> {
    await this.pool.query(
      `CREATE SCHEMA IF NOT EXISTS ${this.schema}; SET search_path TO ${this.schema}; ${SCHEMA}`,
    );
  }

  async placeOrder(input: Omit<Order, 'status' | 'amountCents' | 'updatedAt'>): Promise<PlaceOrderResult> {
    return this.transaction(async (c) => {
      let amountCents = 0;
      // Lock in SKU order so two multi-item orders can never deadlock each other.
      const items = [...input.items].sort((a, b) => a.sku.localeCompare(b.sku));
      for (const item of items) {
        const r = await c.query(
          `UPDATE ${this.schema}.inventory SET available = available - $2 WHERE sku = $1 AND available >= $2 RETURNING price_cents`,
          [item.sku, item.quantity],
        );
        if (r.rowCount === 0) {
          // Read on this connection: asking the pool for another while holding this one can
          // exhaust it when every connection is doing the same.
          await c.query('ROLLBACK');
          const level = await c.query(`SELECT available FROM ${this.schema}.inventory WHERE sku = $1`, [
            item.sku,
          ]);
          return level.rowCount
            ? { ok: false, reason: 'OUT_OF_STOCK', sku: item.sku, available: level.rows[0].available }
            : { ok: false, reason: 'UNKNOWN_SKU', sku: item.sku };
        }
        amountCents += r.rows[0].price_cents * item.quantity;
      }
      const r = await c.query(
        `INSERT INTO ${this.schema}.orders (id, customer, items, status, amount_cents, created_at, updated_at)
         VALUES ($1, $2, $3, 'PENDING', $4, $5, $5) RETURNING *`,
        [input.id, input.customer, JSON.stringify(input.items), amountCents, input.createdAt],
      );
      return { ok: true, order: toOrder(r.rows[0]) };
    });
  }

  async getOrder(id: string): Promise<Order | undefined> {
    const r = await this.pool.query(`SELECT * FROM ${this.schema}.orders WHERE id = $1`, [id]);
    return r.rows[0] && toOrder(r.rows[0]);
  }

  async markPaid(id: string, paymentId: string): Promise<Order | undefined> {
    const r = await this.pool.query(
      `UPDATE ${this.schema}.orders SET status = 'PAID', payment_id = $2, updated_at = now()
       WHERE id = $1 AND status = 'PENDING' RETURNING *`,
      [id, paymentId],
    );
    return r.rows[0] && toOrder(r.rows[0]);
  }

  async release(id: string, status: 'REJECTED' | 'FAILED', reason: string): Promise<Order | undefined> {
    return this.transaction(async (c) => {
      const r = await c.query(
        `UPDATE ${this.schema}.orders SET status = $2, reason = $3, updated_at = now()
         WHERE id = $1 AND status = 'PENDING' RETURNING *`,
        [id, status, reason],
      );
      if (r.rowCount === 0) return undefined;
      const order = toOrder(r.rows[0]);
      for (const item of [...order.items].sort((a, b) => a.sku.localeCompare(b.sku))) {
        await c.query(`UPDATE ${this.schema}.inventory SET available = available + $2 WHERE sku = $1`, [
          item.sku,
          item.quantity,
        ]);
      }
      return order;
    });
  }

  async getStock(sku: string): Promise<StockLevel | undefined> {
    const r = await this.pool.query(`SELECT * FROM ${this.schema}.inventory WHERE sku = $1`, [sku]);
    return (
      r.rows[0] && { sku: r.rows[0].sku, available: r.rows[0].available, priceCents: r.rows[0].price_cents }
    );
  }

  async restock(sku: string, available: number, priceCents?: number): Promise<StockLevel> {
    const r = await this.pool.query(
      `INSERT INTO ${this.schema}.inventory (sku, available, price_cents) VALUES ($1, $2, $3)
       ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available,
         price_cents = COALESCE($4, ${this.schema}.inventory.price_cents)
       RETURNING *`,
      [sku, available, priceCents ?? DEFAULT_PRICE_CENTS, priceCents ?? null],
    );
    return { sku, available: r.rows[0].available, priceCents: r.rows[0].price_cents };
  }

  async listPendingBefore(before: Date, limit: number): Promise<Order[]> {
    const r = await this.pool.query(
      `SELECT * FROM ${this.schema}.orders WHERE status = 'PENDING' AND created_at < $1 ORDER BY created_at LIMIT $2`,
      [before, limit],
    );
    return r.rows.map(toOrder);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async transaction<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      // work() may have rolled back itself to report a business outcome.
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}

interface OrderRow {
  id: string;
  customer: string;
  items: { sku: string; quantity: number }[];
  status: Order['status'];
  amount_cents: number;
  created_at: Date;
  updated_at: Date;
  reason: string | null;
  payment_id: string | null;
}

function toOrder(row: OrderRow): Order {
  const order: Order = {
    id: row.id,
    customer: row.customer,
    items: row.items,
    status: row.status,
    amountCents: row.amount_cents,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
  if (row.reason !== null) order.reason = row.reason;
  if (row.payment_id !== null) order.paymentId = row.payment_id;
  return order;
}
