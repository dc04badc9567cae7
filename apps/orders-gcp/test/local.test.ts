import { MemorySink, setDefaultLogSink } from '@faasade/core/logger';
import { type Order, type PaymentStandin, startPaymentStandin } from '@faasade/orders';
import { type GcpLocalCloud, startLocal } from '../src/local';

describe('startLocal: the GCP build on localhost (functions-framework + an in-process Pub/Sub push subscription)', () => {
  const logs = new MemorySink();
  // functions-framework prints each failed delivery's error to stderr.
  const stderr = jest.spyOn(console, 'error').mockImplementation(() => {});
  let payments: PaymentStandin;
  let gcp: GcpLocalCloud;

  beforeAll(async () => {
    setDefaultLogSink(logs);
    payments = await startPaymentStandin();
    gcp = await startLocal({ port: 0, paymentsUrl: payments.url, maxAttempts: 3, redeliveryDelayMs: 50 });
  });

  afterAll(async () => {
    await gcp.close();
    await payments.close();
    setDefaultLogSink(undefined);
    stderr.mockRestore();
  });

  const placeOrder = async (customer: string, sku: string, quantity: number) => {
    const res = await fetch(`${gcp.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer, items: [{ sku, quantity }] }),
    });
    expect(res.status).toBe(202);
    return (await res.json()) as Order;
  };
  const getJson = async <T>(path: string) => (await (await fetch(`${gcp.url}${path}`)).json()) as T;
  const logged = (message: string) =>
    logs.records().filter((r) => r.message === message) as Record<string, unknown>[];

  it('serves the API on 127.0.0.1 for the cloud gcp', () => {
    expect(gcp.cloud).toBe('gcp');
    expect(gcp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('places an order that reaches PAID through the pushed CloudEvent', async () => {
    const placed = await placeOrder('ada', 'apple', 2);
    await gcp.idle();
    expect(gcp.queue.pending()).toBe(0);
    expect(await getJson<Order>(`/orders/${placed.id}`)).toMatchObject({ status: 'PAID' });
    expect(payments.charges.map((c) => c.orderId)).toContain(placed.id);
    expect(gcp.queue.deadLettered()).toEqual([]);
  });

  it('in a payment outage retries each delivery, dead-letters after maxAttempts, and the order ends FAILED with its stock back', async () => {
    const before = await getJson<{ available: number }>('/inventory/pear');
    payments.configure({ outage: true });
    let placed: Order;
    try {
      placed = await placeOrder('bob', 'pear', 2);
      expect(await getJson<{ available: number }>('/inventory/pear')).toEqual({
        ...before,
        available: before.available - 2,
      });
      await gcp.idle();
    } finally {
      payments.configure({ outage: false });
    }

    const retried = logged('delivery failed; Pub/Sub will deliver the message again');
    expect(retried.map((r) => r.deliveryAttempt)).toEqual([1, 2]);
    expect(gcp.queue.deadLettered()).toEqual([
      {
        id: String(retried[0].messageId),
        body: JSON.stringify({ type: 'order.created', orderId: placed.id }),
        reason: 'delivery attempt 3 of 3 failed (HTTP 500)',
      },
    ]);
    expect(await getJson<Order>(`/orders/${placed.id}`)).toMatchObject({
      status: 'FAILED',
      // The outage itself, or the breaker it opened after consecutive failures.
      reason: expect.stringMatching(/^(PaymentUnavailableError|BrokenCircuitError): /),
    });
    expect(await getJson('/inventory/pear')).toEqual(before);
    expect(payments.charges.map((c) => c.orderId)).not.toContain(placed.id);
  });

  it('counts a message the function acknowledged as invalid as dead-lettered, with the reason', async () => {
    const id = gcp.topic.publishRaw('{"type":"order.created"}');
    await gcp.idle();
    expect(gcp.queue.deadLettered().find((m) => m.id === id)).toEqual({
      id,
      body: '{"type":"order.created"}',
      reason: expect.stringMatching(/^invalid: .*orderId/),
    });
  });
});
