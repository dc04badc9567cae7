import { MemorySink, setDefaultLogSink } from '@faasade/core/logger';
import { registerGcpFunctions } from '@faasade/gcp-functions';
import { createOrdersApp, type Order, type PaymentStandin, startPaymentStandin } from '@faasade/orders';
import { readGcpConfig } from '../src/config';
import { FrameworkServers } from '../src/local/servers';
import { type GcpServices, gcpServices } from '../src/services';
import { type FakeGoogle, startFakeGoogle } from './support/fake-google';
import { pushToFunction } from './support/push';
import { DATABASE_URL, REDIS_URL, scratchRedis, scratchSchema } from './support/stores';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('the GCP services (Cloud SQL = the local PostgreSQL, Memorystore = the local Redis) through functions-framework', () => {
  const schema = scratchSchema();
  const redis = scratchRedis();
  const logs = new MemorySink();
  const servers = new FrameworkServers();
  let google: FakeGoogle;
  let payments: PaymentStandin;
  let services: GcpServices;
  let api: string;
  let processOrder: string;

  // functions-framework prints each failed delivery's error to stderr, as it does on Cloud Run.
  const stderr = jest.spyOn(console, 'error').mockImplementation(() => {});

  beforeAll(async () => {
    setDefaultLogSink(logs);
    google = await startFakeGoogle();
    payments = await startPaymentStandin();
    const config = readGcpConfig({
      PAYMENTS_URL: payments.url,
      DATABASE_URL,
      DB_SCHEMA: schema.schema,
      REDIS_URL,
      REDIS_KEY_PREFIX: redis.prefix,
      PUBSUB_EMULATOR_HOST: google.host,
      GOOGLE_CLOUD_PROJECT: 'shop-test',
    });
    services = gcpServices(config);
    const app = createOrdersApp(services, { maxAttempts: config.maxAttempts });
    registerGcpFunctions(app, { router: 'api', deadLetterPublisher: services.deadLetters });
    api = await servers.serve('api', 0);
    processOrder = await servers.serve('processOrder', 0);
  });

  afterAll(async () => {
    await servers.close();
    await services.close();
    await Promise.all([schema.drop(), redis.drop(), payments.close(), google.close()]);
    setDefaultLogSink(undefined);
    stderr.mockRestore();
  });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${api}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const order = async (id: string) => (await (await call('GET', `/orders/${id}`)).json()) as Order;
  const published = (topic: string) => google.published.filter((m) => m.topic === topic);

  it('places an order that reaches PAID when its Pub/Sub push is delivered, and charges it once', async () => {
    expect((await call('PUT', '/inventory/apple', { available: 10, priceCents: 50 })).status).toBe(200);
    const res = await call(
      'POST',
      '/orders',
      { customer: 'ada', items: [{ sku: 'apple', quantity: 2 }] },
      { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
    );
    expect(res.status).toBe(202);
    const placed = (await res.json()) as Order;
    expect(placed).toMatchObject({ status: 'PENDING', amountCents: 100 });

    const [message] = published('orders');
    expect(message).toMatchObject({ project: 'shop-test', topic: 'orders' });
    expect(JSON.parse(message.data.toString('utf8'))).toEqual({ type: 'order.created', orderId: placed.id });
    expect(message.attributes.traceparent).toContain(TRACE_ID);

    expect((await pushToFunction(processOrder, message, 1)).status).toBe(204);
    const paid = await order(placed.id);
    expect(paid).toMatchObject({ status: 'PAID', paymentId: expect.stringMatching(/^ch_/) });

    // In Cloud SQL (PostgreSQL), under the configured schema, migrated on first use.
    const [row] = await schema.query<{ status: string; payment_id: string }>(
      `SELECT status, payment_id FROM ${schema.schema}.orders WHERE id = $1`,
      [placed.id],
    );
    expect(row).toEqual({ status: 'PAID', payment_id: paid.paymentId });
    const [stock] = await schema.query<{ available: number }>(
      `SELECT available FROM ${schema.schema}.inventory WHERE sku = 'apple'`,
    );
    expect(stock.available).toBe(8);
    // The charge's idempotency record is in Memorystore (Redis), under the configured prefix.
    expect(await redis.keys()).toEqual(
      expect.arrayContaining([expect.stringContaining('idempotency:payments:')]),
    );

    // Pub/Sub delivers at least once: a redelivery is acknowledged and charges nothing more.
    expect((await pushToFunction(processOrder, message, 2)).status).toBe(204);
    expect(payments.charges.filter((c) => c.orderId === placed.id)).toHaveLength(1);
  });

  it('answers 409 for stock it does not have, reserving and publishing nothing', async () => {
    const before = published('orders').length;
    const res = await call('POST', '/orders', { customer: 'ada', items: [{ sku: 'apple', quantity: 99 }] });
    expect(res.status).toBe(409);
    expect(published('orders')).toHaveLength(before);
    expect(await (await call('GET', '/inventory/apple')).json()).toMatchObject({ available: 8 });
  });

  it('publishes a message that can never succeed to orders-dead-letter before acknowledging it', async () => {
    const ghost = {
      ...published('orders')[0],
      data: Buffer.from('{"type":"order.created","orderId":"ghost"}'),
    };
    const res = await pushToFunction(processOrder, ghost, 1);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ deadLettered: 'invalid', published: true });
    const [dead] = published('orders-dead-letter');
    expect(dead.data.toString('utf8')).toContain('ghost');
    expect(dead.attributes).toMatchObject({ faasade_dead_letter_reason: 'invalid' });
  });

  it('retries a payment outage on every delivery; the last one fails it and the order ends FAILED with its stock back', async () => {
    await call('PUT', '/inventory/pear', { available: 5, priceCents: 80 });
    const placed = (await (
      await call('POST', '/orders', { customer: 'bob', items: [{ sku: 'pear', quantity: 3 }] })
    ).json()) as Order;
    const message = published('orders').at(-1)!;
    payments.configure({ outage: true });
    try {
      // The subscription's max delivery attempts (5): each delivery fails, so Pub/Sub retries.
      for (let attempt = 1; attempt <= 5; attempt++) {
        expect((await pushToFunction(processOrder, message, attempt)).status).toBe(500);
      }
    } finally {
      payments.configure({ outage: false });
    }
    expect(String(stderr.mock.calls.at(-1)?.[0])).toMatch(/failed on its last allowed delivery \(5\)/);
    // The app's onDeadLetter ran on that last delivery, logged by the runtime.
    expect(
      logs.lines.some((l) => l.includes('order failed; its stock is released') && l.includes(placed.id)),
    ).toBe(true);
    expect(await order(placed.id)).toMatchObject({ status: 'FAILED', reason: expect.any(String) });
    expect(await (await call('GET', '/inventory/pear')).json()).toMatchObject({ available: 5 });
    expect(payments.charges.filter((c) => c.orderId === placed.id)).toHaveLength(0);
  });
});
