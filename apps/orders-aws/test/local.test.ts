import { type PaymentStandin, startPaymentStandin } from '@faasade/orders';
import { type LocalCloud, startLocal } from '../src/local';

let payments: PaymentStandin;
let aws: LocalCloud;

beforeAll(async () => {
  payments = await startPaymentStandin();
});
afterAll(() => payments.close());

beforeEach(async () => {
  payments.configure({ outage: false, errorRate: 0, latencyMs: 0 });
  aws = await startLocal({ paymentsUrl: payments.url, maxAttempts: 3, redeliveryDelayMs: 50 });
});
afterEach(() => aws.close());

async function placeOrder(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${aws.url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

async function get(path: string) {
  const res = await fetch(`${aws.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('startLocal (AWS)', () => {
  it('serves the API through API Gateway v2 events; a placed order reaches PAID through the local SQS queue', async () => {
    expect(aws.cloud).toBe('aws');
    expect(aws.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const placed = await placeOrder({ customer: 'ada', items: [{ sku: 'pear', quantity: 2 }] });
    expect(placed.status).toBe(202);
    expect(placed.body).toMatchObject({ status: 'PENDING', amountCents: 160 });
    expect(placed.headers.get('location')).toBe(`/orders/${placed.body.id}`);

    await aws.idle();
    expect(aws.queue.pending()).toBe(0);
    const order = await get(`/orders/${placed.body.id}`);
    expect(order.body).toMatchObject({ status: 'PAID', paymentId: expect.stringMatching(/^ch_/) });
    expect(payments.charges.filter((c) => c.orderId === placed.body.id)).toHaveLength(1);
    expect((await get('/inventory/pear')).body).toEqual({ sku: 'pear', available: 8, priceCents: 80 });
    expect(aws.queue.deadLettered()).toEqual([]);
  });

  it('answers errors in the core shape: 400 with the field errors, 409 out of stock, 404', async () => {
    const invalid = await placeOrder({ customer: '', items: [] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 'VALIDATION_FAILED', issues: expect.any(Array) });

    const short = await placeOrder({ customer: 'ada', items: [{ sku: 'plum', quantity: 4 }] });
    expect(short.status).toBe(409);
    expect(short.body.error).toMatchObject({ code: 'OUT_OF_STOCK' });
    expect((await get('/inventory/plum')).body).toMatchObject({ available: 3 });

    expect((await get('/orders/nope')).status).toBe(404);
    expect(aws.queue.pending()).toBe(0);
  });

  it('returns the same order for a repeated Idempotency-Key', async () => {
    const body = { customer: 'ada', items: [{ sku: 'apple', quantity: 1 }] };
    const first = await placeOrder(body, { 'idempotency-key': 'k-1' });
    const again = await placeOrder(body, { 'idempotency-key': 'k-1' });
    expect(again.status).toBe(first.status);
    expect(again.body.id).toBe(first.body.id);
    await aws.idle();
    expect((await get('/inventory/apple')).body).toMatchObject({ available: 99 });
  });

  it('in a payment outage retries the message, dead-letters it after maxAttempts, and fails the order with its stock released', async () => {
    payments.configure({ outage: true });
    const placed = await placeOrder({ customer: 'ada', items: [{ sku: 'plum', quantity: 3 }] });
    expect(placed.status).toBe(202);
    expect((await get('/inventory/plum')).body).toMatchObject({ available: 0 });

    await aws.idle();
    const dead = aws.queue.deadLettered();
    expect(dead).toEqual([
      {
        id: expect.any(String),
        body: JSON.stringify({ type: 'order.created', orderId: placed.body.id }),
        reason: 'received 3 times (maxReceiveCount 3)',
      },
    ]);
    const order = await get(`/orders/${placed.body.id}`);
    expect(order.body).toMatchObject({ status: 'FAILED', reason: expect.stringContaining('Error') });
    expect((await get('/inventory/plum')).body).toMatchObject({ available: 3 });
    expect(payments.charges).not.toContainEqual(expect.objectContaining({ orderId: placed.body.id }));
    // More than one delivery reached the payment service before the breaker opened.
    expect(payments.requests).toBeGreaterThan(1);
  });
});
