import { randomUUID } from 'node:crypto';
import {
  type App,
  defineApp,
  formatTraceparent,
  HttpError,
  http,
  type InvocationContext,
  json,
  PermanentError,
  provide,
  queue,
  schedule,
} from '@faasade/core';
import { idempotent, runIdempotent } from '@faasade/core/idempotency';
import type { PutOptions, StateStore } from '@faasade/core/state';
import { NewOrder, OrderCreatedMessage, Restock } from './domain/schemas';
import type { Order } from './domain/types';
import { PaymentRequestError } from './payment/client';
import { StoreContentionError } from './store/contention';
import {
  OrderEventsToken,
  OrderStoreToken,
  type OrdersServices,
  PaymentsToken,
  StateStoreToken,
} from './services';

export interface OrdersAppOptions {
  /** A PENDING order older than this is released by `releaseStale` (default 15 minutes). */
  staleAfterMs?: number;
  /** Deliveries of an `order.created` message before it is dead-lettered (default 5). */
  maxAttempts?: number;
}

/**
 * The order/inventory app, written once. Each cloud's build passes its own services (DynamoDB,
 * Azure Tables or PostgreSQL; SQS, a storage queue or Pub/Sub); the behaviour is the same.
 *
 * @example
 * ```ts
 * import { createOrdersApp, memoryServices } from '@faasade/orders';
 * import { invoke } from '@faasade/core';
 * const app = createOrdersApp(memoryServices({ paymentsUrl: 'http://127.0.0.1:4010' }));
 * const res = await invoke(app, new Request('http://local/inventory/apple'));
 * ```
 */
export function createOrdersApp(services: OrdersServices, options: OrdersAppOptions = {}): App {
  const staleAfterMs = options.staleAfterMs ?? 15 * 60_000;
  let appRef: App | undefined;
  // The idempotency wrapper is built with the app, the store on the first request.
  const state = lazyStore(() => appRef!.container.get(StateStoreToken));

  const app = defineApp({
    service: 'orders',
    services: [
      provide(OrderStoreToken, services.store),
      provide(OrderEventsToken, services.events),
      provide(StateStoreToken, services.state),
      provide(PaymentsToken, (r) => services.payments(r.get(StateStoreToken))),
    ],
    onDeadLetter: async (message, error, ctx) => {
      const orderId = (message.body as { orderId?: unknown } | undefined)?.orderId;
      if (typeof orderId !== 'string') return;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const released = await ctx.get(OrderStoreToken).release(orderId, 'FAILED', reason);
      if (released) ctx.log.error('order failed; its stock is released', { orderId, reason });
    },
    functions: {
      createOrder: http(
        { method: 'POST', route: '/orders' },
        idempotent(
          async (_req: Request, ctx: InvocationContext) => {
            const input = await ctx.body(NewOrder);
            const result = await ctx
              .get(OrderStoreToken)
              .placeOrder({
                id: randomUUID(),
                customer: input.customer,
                items: input.items,
                createdAt: new Date().toISOString(),
              })
              .catch(busyAs503);
            if (!result.ok && result.reason === 'OUT_OF_STOCK') {
              throw new HttpError(409, 'OUT_OF_STOCK', `Only ${result.available} of ${result.sku} available`);
            }
            if (!result.ok) throw new HttpError(422, 'UNKNOWN_SKU', `No such SKU: ${result.sku}`);
            const order = result.order;
            await ctx
              .get(OrderEventsToken)
              .publish({ type: 'order.created', orderId: order.id }, traceAttributes(ctx));
            ctx.log.info('order placed', { orderId: order.id, amountCents: order.amountCents });
            ctx.metrics.counter('orders.placed').record(1);
            return json(order, { status: 202, headers: { location: `/orders/${order.id}` } });
          },
          { store: state },
        ),
      ),
      getOrder: http({ method: 'GET', route: '/orders/:id' }, async (_req, ctx) => {
        const order = await ctx.get(OrderStoreToken).getOrder(ctx.params.id);
        if (!order) throw new HttpError(404, 'ORDER_NOT_FOUND', `No order ${ctx.params.id}`);
        return json(order);
      }),
      getInventory: http({ method: 'GET', route: '/inventory/:sku' }, async (_req, ctx) => {
        const level = await ctx.get(OrderStoreToken).getStock(ctx.params.sku);
        if (!level) throw new HttpError(404, 'SKU_NOT_FOUND', `No such SKU: ${ctx.params.sku}`);
        return json(level);
      }),
      restock: http({ method: 'PUT', route: '/inventory/:sku' }, async (_req, ctx) => {
        const input = await ctx.body(Restock);
        const level = await ctx
          .get(OrderStoreToken)
          .restock(ctx.params.sku, input.available, input.priceCents);
        ctx.log.info('restocked', { sku: level.sku, available: level.available });
        return json(level);
      }),
      processOrder: queue(
        { queue: 'orders', maxAttempts: options.maxAttempts ?? 5, schema: OrderCreatedMessage },
        async (message, ctx) => {
          const store = ctx.get(OrderStoreToken);
          const order = await store.getOrder(message.body.orderId);
          if (!order) throw new PermanentError(`Order ${message.body.orderId} does not exist`);
          if (order.status !== 'PENDING') {
            ctx.log.info('order already settled; nothing to do', { orderId: order.id, status: order.status });
            return;
          }
          // Idempotent by order id: a redelivered message replays the first charge's outcome.
          const result = await runIdempotent(() => charge(ctx, order), {
            store: ctx.get(StateStoreToken),
            key: `charge:${order.id}`,
            namespace: 'payments',
          });
          if (result.status === 'captured') {
            await store.markPaid(order.id, result.paymentId);
            ctx.log.info('order paid', { orderId: order.id, paymentId: result.paymentId });
            ctx.metrics.counter('orders.paid').record(1);
          } else {
            await store.release(order.id, 'REJECTED', result.reason);
            ctx.log.warn('payment declined; order rejected', { orderId: order.id, reason: result.reason });
            ctx.metrics.counter('orders.rejected').record(1);
          }
        },
      ),
      releaseStale: schedule({ every: '5m' }, async (ctx) => {
        const store = ctx.get(OrderStoreToken);
        const stale = await store.listPendingBefore(new Date(Date.now() - staleAfterMs), 100);
        let released = 0;
        for (const order of stale) {
          if (await store.release(order.id, 'FAILED', 'reservation expired while PENDING')) released++;
        }
        ctx.log.info('released stale reservations', { found: stale.length, released });
      }),
    },
  });
  appRef = app;
  return app;
}

async function charge(ctx: InvocationContext, order: Order) {
  try {
    const trace = ctx.trace && formatTraceparent(ctx.trace);
    return await ctx.get(PaymentsToken).charge(order, ctx.signal, trace);
  } catch (error) {
    // A request the service calls malformed will be malformed on every delivery.
    if (error instanceof PaymentRequestError) throw new PermanentError(error.message, { cause: error });
    throw error;
  }
}

/** A SKU so hot that the store gave up on it: the client may retry, nothing was reserved. */
function busyAs503(error: unknown): never {
  if (error instanceof StoreContentionError) {
    throw new HttpError(503, 'STORE_BUSY', 'Too many orders for these items at once; retry shortly', {
      headers: { 'retry-after': '1' },
      cause: error,
    });
  }
  throw error;
}

function traceAttributes(ctx: InvocationContext): Record<string, string> {
  return ctx.trace ? { traceparent: formatTraceparent(ctx.trace) } : {};
}

function lazyStore(get: () => StateStore): StateStore {
  return {
    get: (key) => get().get(key),
    put: (key, value, options?: PutOptions) => get().put(key, value, options),
    delete: (key, options) => get().delete(key, options),
  };
}
