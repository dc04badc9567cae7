/** Where an order is in its life. PENDING holds reserved stock; every other state is final. */
export type OrderStatus = 'PENDING' | 'PAID' | 'REJECTED' | 'FAILED';

export interface OrderItem {
  sku: string;
  quantity: number;
}

export interface Order {
  id: string;
  customer: string;
  items: OrderItem[];
  status: OrderStatus;
  /** Total in cents, from the unit prices at the time of the order. */
  amountCents: number;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
  /** Why a REJECTED or FAILED order ended so. */
  reason?: string;
  /** The payment service's id for the charge of a PAID order. */
  paymentId?: string;
}

export interface StockLevel {
  sku: string;
  /** Units that can still be ordered (reserved units are not counted). */
  available: number;
  priceCents: number;
}

/** What placing an order did. */
export type PlaceOrderResult =
  | { ok: true; order: Order }
  | { ok: false; reason: 'OUT_OF_STOCK'; sku: string; available: number }
  | { ok: false; reason: 'UNKNOWN_SKU'; sku: string };

/**
 * Storage of orders and stock, one implementation per cloud's database. Every state change is
 * conditional, so concurrent invocations on any number of instances can never oversell, never
 * pay a rejected order, and never release the same stock twice.
 */
export interface OrderStore {
  /**
   * Reserves every item's stock and saves the order as PENDING, all or nothing: stock never goes
   * below zero, even with many orders for the same SKU at once.
   */
  placeOrder(order: Omit<Order, 'status' | 'amountCents' | 'updatedAt'>): Promise<PlaceOrderResult>;
  getOrder(id: string): Promise<Order | undefined>;
  /** PENDING → PAID. Returns the order as it is afterwards, or undefined when it was not PENDING. */
  markPaid(id: string, paymentId: string): Promise<Order | undefined>;
  /**
   * PENDING → REJECTED or FAILED, returning the order's reserved stock in the same atomic step.
   * Returns undefined when the order was not PENDING (so stock is released at most once).
   */
  release(id: string, status: 'REJECTED' | 'FAILED', reason: string): Promise<Order | undefined>;
  getStock(sku: string): Promise<StockLevel | undefined>;
  /** Sets a SKU's available units (and price, when given), creating the SKU if needed. */
  restock(sku: string, available: number, priceCents?: number): Promise<StockLevel>;
  /** PENDING orders created before `before`, oldest first. */
  listPendingBefore(before: Date, limit: number): Promise<Order[]>;
  close?(): Promise<void>;
}

/** The price a SKU gets when it is first stocked without one. */
export const DEFAULT_PRICE_CENTS = 100;
