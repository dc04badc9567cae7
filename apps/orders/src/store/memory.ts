import {
  DEFAULT_PRICE_CENTS,
  type Order,
  type OrderStore,
  type PlaceOrderResult,
  type StockLevel,
} from '../domain/types';

/**
 * Orders and stock in this process's memory: the embedded default for `npm start` and tests.
 * Each operation runs without an await in the middle, so it is atomic on Node's single thread.
 *
 * @example
 * ```ts
 * import { MemoryOrderStore } from '@faasade/orders/store/memory';
 * const store = new MemoryOrderStore({ apple: { available: 10, priceCents: 50 } });
 * await store.placeOrder({ id: 'o-1', customer: 'c-1', items: [{ sku: 'apple', quantity: 2 }], createdAt: new Date().toISOString() });
 * ```
 */
export class MemoryOrderStore implements OrderStore {
  private readonly orders = new Map<string, Order>();
  private readonly stock = new Map<string, StockLevel>();

  constructor(initial: Record<string, { available: number; priceCents?: number }> = {}) {
    for (const [sku, s] of Object.entries(initial)) {
      this.stock.set(sku, { sku, available: s.available, priceCents: s.priceCents ?? DEFAULT_PRICE_CENTS });
    }
  }

  async placeOrder(input: Omit<Order, 'status' | 'amountCents' | 'updatedAt'>): Promise<PlaceOrderResult> {
    let amountCents = 0;
    // The same SKU on several lines reserves their sum: checking each line alone would oversell.
    const wanted = new Map<string, number>();
    for (const item of input.items) wanted.set(item.sku, (wanted.get(item.sku) ?? 0) + item.quantity);
    for (const [sku, quantity] of wanted) {
      const level = this.stock.get(sku);
      if (!level) return { ok: false, reason: 'UNKNOWN_SKU', sku };
      if (level.available < quantity)
        return { ok: false, reason: 'OUT_OF_STOCK', sku, available: level.available };
      amountCents += level.priceCents * quantity;
    }
    if (this.orders.has(input.id)) throw new Error(`Order ${input.id} already exists`);
    for (const item of input.items) {
      const level = this.stock.get(item.sku)!;
      this.stock.set(item.sku, { ...level, available: level.available - item.quantity });
    }
    const order: Order = {
      ...input,
      items: input.items.map((i) => ({ ...i })),
      status: 'PENDING',
      amountCents,
      updatedAt: input.createdAt,
    };
    this.orders.set(order.id, order);
    return { ok: true, order: clone(order) };
  }

  async getOrder(id: string): Promise<Order | undefined> {
    const order = this.orders.get(id);
    return order && clone(order);
  }

  async markPaid(id: string, paymentId: string): Promise<Order | undefined> {
    const order = this.orders.get(id);
    if (!order || order.status !== 'PENDING') return undefined;
    const paid: Order = { ...order, status: 'PAID', paymentId, updatedAt: new Date().toISOString() };
    this.orders.set(id, paid);
    return clone(paid);
  }

  async release(id: string, status: 'REJECTED' | 'FAILED', reason: string): Promise<Order | undefined> {
    const order = this.orders.get(id);
    if (!order || order.status !== 'PENDING') return undefined;
    for (const item of order.items) {
      const level = this.stock.get(item.sku);
      if (level) this.stock.set(item.sku, { ...level, available: level.available + item.quantity });
    }
    const released: Order = { ...order, status, reason, updatedAt: new Date().toISOString() };
    this.orders.set(id, released);
    return clone(released);
  }

  async getStock(sku: string): Promise<StockLevel | undefined> {
    const level = this.stock.get(sku);
    return level && { ...level };
  }

  async restock(sku: string, available: number, priceCents?: number): Promise<StockLevel> {
    const level = {
      sku,
      available,
      priceCents: priceCents ?? this.stock.get(sku)?.priceCents ?? DEFAULT_PRICE_CENTS,
    };
    this.stock.set(sku, level);
    return { ...level };
  }

  async listPendingBefore(before: Date, limit: number): Promise<Order[]> {
    const cutoff = before.toISOString();
    return [...this.orders.values()]
      .filter((o) => o.status === 'PENDING' && o.createdAt < cutoff)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .slice(0, limit)
      .map(clone);
  }
}

function clone(order: Order): Order {
  return { ...order, items: order.items.map((i) => ({ ...i })) };
}
