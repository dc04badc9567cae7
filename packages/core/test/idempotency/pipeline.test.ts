import { randomUUID } from 'node:crypto';
import { defineApp, http, invoke, invokeMessage, json, type LogSink, queue } from '@faasade/core';
import { idempotent } from '@faasade/core/idempotency';
import { InMemoryStateStore } from '@faasade/core/state';
import { gate } from '../support/invocation';

/** Keeps the pipeline's log lines out of the test output. */
const quiet: LogSink = { write() {} };

describe('idempotency through the invocation pipeline', () => {
  const store = new InMemoryStateStore();
  const started = gate();
  const finish = gate();
  let runs = 0;

  const app = defineApp({
    service: 'orders',
    functions: {
      createOrder: http(
        { method: 'POST', route: '/orders' },
        idempotent(
          async (req) => {
            runs++;
            const body = await req.json();
            if (body.slow) {
              started.open();
              await finish.wait;
            }
            return json({ id: `order-${runs}` }, { status: 201 });
          },
          { store, required: true },
        ),
      ),
      shipOrder: queue(
        { queue: 'orders', maxAttempts: 5 },
        idempotent(async () => 'shipped', { store, key: (msg) => (msg.body as { orderId: string }).orderId }),
      ),
    },
  });

  const post = (key: string | null, body: unknown) =>
    invoke(
      app,
      new Request('https://api.example.com/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'idempotency-key': key }) },
        body: JSON.stringify(body),
      }),
      { meta: { logSink: quiet } },
    );

  it('answers a replay with the same status and body', async () => {
    const key = randomUUID();
    const first = await post(key, { sku: 'A' });
    const replay = await post(key, { sku: 'A' });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(await first.json());
  });

  it('answers a duplicate of a running request with 409, its code and Retry-After', async () => {
    const key = randomUUID();
    const first = post(key, { slow: true });
    await started.wait;
    const duplicate = await post(key, { slow: true });
    finish.open();
    expect((await first).status).toBe(201);
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await duplicate.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_IN_PROGRESS' } });
  });

  it('answers a reused key with 422 and a missing key with 400', async () => {
    const key = randomUUID();
    await post(key, { sku: 'A' });
    const reused = await post(key, { sku: 'B' });
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    const missing = await post(null, { sku: 'A' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_MISSING' } });
  });

  it('dead-letters a queue message that reuses a key with another body, without retrying it', async () => {
    const orderId = randomUUID();
    const options = { meta: { logSink: quiet } };
    expect(await invokeMessage(app, 'shipOrder', { orderId, total: 10 }, options)).toEqual({ status: 'ok' });
    const reused = await invokeMessage(app, 'shipOrder', { orderId, total: 99 }, options);
    expect(reused).toMatchObject({ status: 'dead-letter', reason: 'invalid' });
  });
});
