import { MemorySink, setDefaultLogSink } from '@faasade/core/logger';
import { type PaymentStandin, startPaymentStandin } from '@faasade/orders';
import { type LocalCloud, startLocal } from '../src/local';

let payments: PaymentStandin;
let azure: LocalCloud;
const sink = new MemorySink();
const logFormat = process.env.FAASADE_LOG_FORMAT;

beforeAll(async () => {
  process.env.FAASADE_LOG_FORMAT = 'json';
  setDefaultLogSink(sink);
  payments = await startPaymentStandin({ port: 0 });
  azure = await startLocal({ port: 0, paymentsUrl: payments.url, maxAttempts: 3, redeliveryDelayMs: 50 });
});

afterAll(async () => {
  await azure?.close();
  await payments?.close();
  setDefaultLogSink(undefined);
  if (logFormat === undefined) delete process.env.FAASADE_LOG_FORMAT;
  else process.env.FAASADE_LOG_FORMAT = logFormat;
});

beforeEach(() => {
  sink.clear();
  payments.configure({ outage: false });
});

async function placeOrder(sku: string, quantity: number): Promise<{ id: string; status: string }> {
  const res = await fetch(`${azure.url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customer: 'ada', items: [{ sku, quantity }] }),
  });
  expect(res.status).toBe(202);
  expect(res.headers.get('location')).toMatch(/^\/orders\//);
  return (await res.json()) as { id: string; status: string };
}

async function getJson(path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${azure.url}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** The JSON lines processOrder logged, in order. */
function processOrderLines(): Record<string, unknown>[] {
  return sink
    .records()
    .filter((line) => line.function === 'processOrder' && typeof line.deliveryCount === 'number');
}

describe('startLocal (Azure)', () => {
  it('serves the API under the host route prefix and places an order that gets PAID', async () => {
    expect(azure.cloud).toBe('azure');
    expect(azure.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    const before = await getJson('/inventory/apple');

    const placed = await placeOrder('apple', 2);
    expect(placed.status).toBe('PENDING');
    await azure.idle();

    const order = await getJson(`/orders/${placed.id}`);
    expect(order).toMatchObject({ status: 'PAID', paymentId: expect.stringMatching(/^ch_/) });
    expect(await getJson('/inventory/apple')).toMatchObject({ available: Number(before.available) - 2 });
    expect(azure.queue.pending()).toBe(0);
    expect(payments.charges.filter((c) => c.orderId === placed.id)).toHaveLength(1);
  });

  it('retries a payment outage on every delivery, then poisons the message and the order ends FAILED with its stock back', async () => {
    const before = await getJson('/inventory/pear');
    payments.configure({ outage: true });

    const placed = await placeOrder('pear', 3);
    expect(await getJson('/inventory/pear')).toMatchObject({ available: Number(before.available) - 3 });
    await azure.idle();

    // Delivered maxAttempts (3) times with the host's dequeue count; the last one is dead-lettered.
    const lines = processOrderLines();
    expect(lines.map((l) => [l.message, l.deliveryCount])).toEqual([
      ['message failed; it will be retried', 1],
      ['message failed; it will be retried', 2],
      ['message dead-lettered', 3],
    ]);
    const poisoned = azure.queue.deadLettered().filter((m) => m.body.includes(placed.id));
    expect(poisoned).toEqual([
      { id: expect.any(String), body: expect.any(String), reason: expect.any(String) },
    ]);
    expect(JSON.parse(poisoned[0].body)).toMatchObject({ type: 'order.created', orderId: placed.id });

    const order = await getJson(`/orders/${placed.id}`);
    expect(order).toMatchObject({ status: 'FAILED', reason: expect.any(String) });
    expect(await getJson('/inventory/pear')).toMatchObject({ available: before.available });
    expect(payments.charges.filter((c) => c.orderId === placed.id)).toHaveLength(0);
  }, 30_000);

  it('continues the request trace into the queue invocation', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${azure.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ customer: 'ada', items: [{ sku: 'apple', quantity: 1 }] }),
    });
    expect(res.status).toBe(202);
    await azure.idle();
    const traced = sink.records().filter((line) => line.traceId === traceId);
    expect(new Set(traced.map((line) => line.function))).toEqual(new Set(['createOrder', 'processOrder']));
  });

  it('answers as the host does: faasade errors under the prefix, an empty 404 outside it', async () => {
    const invalid = await fetch(`${azure.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: '', items: [] }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });

    const missing = await fetch(`${azure.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: expect.any(String) } });

    const wrongMethod = await fetch(`${azure.url}/orders`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);

    const outside = await fetch(azure.url.replace(/\/api$/, '/inventory/apple'));
    expect(outside.status).toBe(404);
    expect(await outside.text()).toBe('');

    const outOfStock = await fetch(`${azure.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: 'ada', items: [{ sku: 'plum', quantity: 1000 }] }),
    });
    expect(outOfStock.status).toBe(409);
  });
});
