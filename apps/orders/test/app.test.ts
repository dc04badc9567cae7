import { invoke, invokeMessage, invokeSchedule } from '@faasade/core';
import { createOrdersApp } from '../src/app';
import type { OrderCreated } from '../src/domain/events';
import { memoryServices } from '../src/local';
import { type PaymentStandin, startPaymentStandin } from '../src/payment/standin';

let payments: PaymentStandin;
beforeAll(async () => {
  payments = await startPaymentStandin();
});
afterAll(() => payments.close());

function setup(options: { maxAttempts?: number; staleAfterMs?: number } = {}) {
  const published: { message: OrderCreated; attributes: Record<string, string> }[] = [];
  const app = createOrdersApp(
    memoryServices({
      paymentsUrl: payments.url,
      events: { publish: async (message, attributes) => void published.push({ message, attributes }) },
      stock: {
        apple: { available: 5, priceCents: 50 },
        pear: { available: 1, priceCents: 80 },
        plum: { available: 3, priceCents: 120 },
      },
    }),
    options,
  );
  const order = (body: unknown, headers: Record<string, string> = {}) =>
    invoke(
      app,
      new Request('http://local/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    );
  const get = async (path: string) => (await invoke(app, new Request(`http://local${path}`))).json();
  const deliver = (i: number, deliveryCount = 1) =>
    invokeMessage(app, 'processOrder', published[i].message, {
      id: `m-${i}`,
      deliveryCount,
      attributes: published[i].attributes,
    });
  return { app, published, order, get, deliver };
}

beforeEach(() => payments.configure({ outage: false, errorRate: 0, latencyMs: 0 }));

describe('the orders app', () => {
  it('places an order, reserves its stock, and gets it PAID through the queue', async () => {
    const { order, get, deliver, published } = setup();
    const res = await order({ customer: 'ada', items: [{ sku: 'apple', quantity: 2 }] });
    expect(res.status).toBe(202);
    const placed = await res.json();
    expect(placed).toMatchObject({ status: 'PENDING', amountCents: 100 });
    expect(res.headers.get('location')).toBe(`/orders/${placed.id}`);
    expect(await get('/inventory/apple')).toMatchObject({ available: 3 });
    expect(published[0].message).toEqual({ type: 'order.created', orderId: placed.id });
    expect(await deliver(0)).toEqual({ status: 'ok' });
    expect(await get(`/orders/${placed.id}`)).toMatchObject({
      status: 'PAID',
      paymentId: expect.stringMatching(/^ch_/),
    });
  });

  it('answers 409 when out of stock and reserves nothing', async () => {
    const { order, get, published } = setup();
    const res = await order({
      customer: 'ada',
      items: [
        { sku: 'apple', quantity: 1 },
        { sku: 'pear', quantity: 2 },
      ],
    });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('OUT_OF_STOCK');
    expect(await get('/inventory/apple')).toMatchObject({ available: 5 });
    expect(published).toHaveLength(0);
  });

  it('answers 400 with the field errors for an invalid order', async () => {
    const { order } = setup();
    const res = await order({ customer: '', items: [{ sku: 'apple', quantity: 0 }] });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'customer',
      'items.0.quantity',
    ]);
  });

  it('returns the same order for a retried request with the same Idempotency-Key', async () => {
    const { order, get, published } = setup();
    const body = { customer: 'ada', items: [{ sku: 'plum', quantity: 1 }] };
    const first = await (await order(body, { 'idempotency-key': 'k-1' })).json();
    const second = await order(body, { 'idempotency-key': 'k-1' });
    expect(second.status).toBe(202);
    expect((await second.json()).id).toBe(first.id);
    expect(await get('/inventory/plum')).toMatchObject({ available: 2 });
    expect(published).toHaveLength(1);
  });

  it('rejects a declined order and releases its stock', async () => {
    const { order, get, deliver } = setup();
    const placed = await (
      await order({ customer: 'declined', items: [{ sku: 'apple', quantity: 4 }] })
    ).json();
    expect(await get('/inventory/apple')).toMatchObject({ available: 1 });
    expect(await deliver(0)).toEqual({ status: 'ok' });
    expect(await get(`/orders/${placed.id}`)).toMatchObject({
      status: 'REJECTED',
      reason: expect.stringContaining('declined'),
    });
    expect(await get('/inventory/apple')).toMatchObject({ available: 5 });
  });

  it('retries through a payment outage, then dead-letters the message and fails the order, releasing its stock', async () => {
    const { order, get, deliver } = setup({ maxAttempts: 3 });
    const placed = await (await order({ customer: 'ada', items: [{ sku: 'apple', quantity: 2 }] })).json();
    payments.configure({ outage: true });
    const before = payments.requests;
    expect((await deliver(0, 1)).status).toBe('retry');
    expect(payments.requests - before).toBeGreaterThan(1);
    expect((await deliver(0, 2)).status).toBe('retry');
    expect(await deliver(0, 3)).toMatchObject({ status: 'dead-letter', reason: 'exhausted' });
    expect(await get(`/orders/${placed.id}`)).toMatchObject({ status: 'FAILED' });
    expect(await get('/inventory/apple')).toMatchObject({ available: 5 });
  });

  it('never charges twice for a redelivered message', async () => {
    const { order, deliver } = setup();
    const placed = await (await order({ customer: 'bob', items: [{ sku: 'apple', quantity: 1 }] })).json();
    await deliver(0);
    await deliver(0, 2);
    expect(payments.charges.filter((c) => c.orderId === placed.id)).toHaveLength(1);
  });

  it('releases reservations of orders stuck in PENDING', async () => {
    const { order, get, app } = setup({ staleAfterMs: 0 });
    const placed = await (await order({ customer: 'ada', items: [{ sku: 'plum', quantity: 3 }] })).json();
    await new Promise((r) => setTimeout(r, 5));
    expect(await invokeSchedule(app, 'releaseStale')).toEqual({ status: 'ok' });
    expect(await get(`/orders/${placed.id}`)).toMatchObject({
      status: 'FAILED',
      reason: 'reservation expired while PENDING',
    });
    expect(await get('/inventory/plum')).toMatchObject({ available: 3 });
  });

  it('answers 404 for an unknown order or SKU and restocks a SKU', async () => {
    const { app, get } = setup();
    expect((await get('/orders/nope')).error.code).toBe('ORDER_NOT_FOUND');
    expect((await get('/inventory/kiwi')).error.code).toBe('SKU_NOT_FOUND');
    const res = await invoke(
      app,
      new Request('http://local/inventory/kiwi', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{"available":7,"priceCents":30}',
      }),
    );
    expect(await res.json()).toEqual({ sku: 'kiwi', available: 7, priceCents: 30 });
  });
});

describe('a store that gives up under contention', () => {
  it('answers 503 STORE_BUSY with Retry-After, reserving nothing', async () => {
    const { StoreContentionError } = await import('../src/store/contention');
    const services = memoryServices({
      paymentsUrl: payments.url,
      events: { publish: async () => {} },
    });
    const app = createOrdersApp({
      ...services,
      store: () => {
        const store = services.store();
        store.placeOrder = async () => {
          throw new StoreContentionError('placeOrder gave up', 16, undefined);
        };
        return store;
      },
    });
    const res = await invoke(
      app,
      new Request('http://local/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer: 'ada', items: [{ sku: 'apple', quantity: 1 }] }),
      }),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await res.json()).error.code).toBe('STORE_BUSY');
  });
});
