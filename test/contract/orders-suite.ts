import { type PaymentStandin, startPaymentStandin } from '@faasade/orders';

/** What each cloud's local build offers the suite (see docs/specs/orders-cloud-builds.md). */
export interface LocalCloud {
  cloud: 'aws' | 'azure' | 'gcp';
  url: string;
  queue: { pending(): number; deadLettered(): { id: string; body: string; reason?: string }[] };
  idle(): Promise<void>;
  close(): Promise<void>;
}

type Start = (options: {
  port: number;
  paymentsUrl: string;
  maxAttempts: number;
  redeliveryDelayMs: number;
}) => Promise<LocalCloud>;

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/**
 * The orders app's flows, the same on every cloud's build: run against the AWS, Azure and GCP
 * builds (each through its real adapter and its cloud's queue semantics, on embedded defaults).
 */
export function describeOrdersContract(name: string, start: Start): void {
  describe(`the orders app on ${name}`, () => {
    let payments: PaymentStandin;
    let cloud: LocalCloud;

    beforeAll(async () => {
      payments = await startPaymentStandin();
      cloud = await start({ port: 0, paymentsUrl: payments.url, maxAttempts: 3, redeliveryDelayMs: 50 });
    }, 60_000);
    afterAll(async () => {
      await cloud?.close();
      await payments?.close();
    });
    beforeEach(() => payments.configure({ outage: false, errorRate: 0, latencyMs: 0, lostResponses: 0 }));

    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${cloud.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const get = async (path: string) =>
      (await fetch(`${cloud.url}${path}`)).json() as Promise<Record<string, any>>;
    const settle = async (id: string) => {
      await cloud.idle();
      return get(`/orders/${id}`);
    };

    it('places an order and gets it PAID through the queue', async () => {
      const res = await post({ customer: 'ada', items: [{ sku: 'apple', quantity: 2 }] });
      expect(res.status).toBe(202);
      const order = (await res.json()) as { id: string; status: string };
      expect(order.status).toBe('PENDING');
      expect(await settle(order.id)).toMatchObject({
        status: 'PAID',
        paymentId: expect.stringMatching(/^ch_/),
      });
    });

    it('answers 409 when out of stock and reserves nothing', async () => {
      const before = await get('/inventory/plum');
      const res = await post({ customer: 'ada', items: [{ sku: 'plum', quantity: before.available + 1 }] });
      expect(res.status).toBe(409);
      expect(((await res.json()) as any).error.code).toBe('OUT_OF_STOCK');
      expect(await get('/inventory/plum')).toEqual(before);
    });

    it('answers 400 with the field errors for an invalid order', async () => {
      const res = await post({ customer: '', items: [] });
      expect(res.status).toBe(400);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['customer', 'items']);
      expect(JSON.stringify(body)).not.toMatch(/\bat .+:\d+:\d+/);
    });

    it('returns the same order for a duplicate Idempotency-Key', async () => {
      const body = { customer: 'ada', items: [{ sku: 'pear', quantity: 1 }] };
      const first = (await (await post(body, { 'idempotency-key': `k-${name}` })).json()) as { id: string };
      const again = await post(body, { 'idempotency-key': `k-${name}` });
      expect(again.status).toBe(202);
      expect(((await again.json()) as { id: string }).id).toBe(first.id);
      await settle(first.id);
      expect(payments.charges.filter((c) => c.orderId === first.id)).toHaveLength(1);
    });

    it('never charges twice when the message is redelivered after the money moved', async () => {
      // Every attempt of the first delivery charges (or replays) but loses its answer: the
      // delivery fails after the money moved, and the redelivery must not charge again.
      payments.configure({ lostResponses: 3 });
      const order = (await (
        await post({ customer: 'bob', items: [{ sku: 'apple', quantity: 1 }] })
      ).json()) as { id: string };
      expect(await settle(order.id)).toMatchObject({ status: 'PAID' });
      expect(payments.charges.filter((c) => c.orderId === order.id)).toHaveLength(1);
      expect(payments.config.lostResponses).toBe(0);
    });

    it('continues the trace the HTTP request started through the queue into the payment call', async () => {
      const traceparent = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
      const order = (await (
        await post({ customer: 'cy', items: [{ sku: 'apple', quantity: 1 }] }, { traceparent })
      ).json()) as {
        id: string;
      };
      expect(await settle(order.id)).toMatchObject({ status: 'PAID' });
      const charge = payments.charges.find((c) => c.orderId === order.id);
      expect(charge?.traceparent?.split('-')[1]).toBe(TRACE_ID);
    });

    // Last: the outage opens the payment circuit, which later orders would then meet.
    it('retries through a payment outage, dead-letters the message, fails the order and releases its stock', async () => {
      const stock = (await get('/inventory/apple')).available;
      payments.configure({ outage: true });
      const order = (await (
        await post({ customer: 'ada', items: [{ sku: 'apple', quantity: 3 }] })
      ).json()) as { id: string };
      expect((await get('/inventory/apple')).available).toBe(stock - 3);
      const failed = await settle(order.id);
      expect(failed).toMatchObject({ status: 'FAILED' });
      expect((await get('/inventory/apple')).available).toBe(stock);
      expect(cloud.queue.deadLettered().some((m) => m.body.includes(order.id))).toBe(true);
    });
  });
}
