import { HttpError, json } from '@faasade/core/function';
import {
  IdempotencyInProgressError,
  IdempotencyKeyMissingError,
  IdempotencyPayloadMismatchError,
  idempotent,
} from '@faasade/core/idempotency';
import { InMemoryStateStore } from '@faasade/core/state';
import { gate, runInvocation } from '../support/invocation';
import { post } from './requests';

describe('idempotent HTTP handlers', () => {
  let store: InMemoryStateStore;
  let calls: number;

  beforeEach(() => {
    store = new InMemoryStateStore();
    calls = 0;
  });

  const createOrder = (options: Partial<Parameters<typeof idempotent>[1]> = {}) =>
    idempotent(
      async (req: Request) => {
        calls++;
        const body = await req.json();
        return json(
          { id: `order-${calls}`, ...body },
          { status: 201, headers: { 'set-cookie': 'seen=1', 'x-order': String(calls) } },
        );
      },
      { store, ...options },
    );

  it('runs the handler once and replays its response (status, headers, cookies, body) to a duplicate', async () => {
    const handler = createOrder();
    const first = await runInvocation((ctx) => handler(post({ sku: 'A' }), ctx));
    const second = await runInvocation((ctx) => handler(post({ sku: 'A' }), ctx));
    expect(calls).toBe(1);
    for (const res of [first, second]) {
      expect(res).toBeInstanceOf(Response);
      expect(res.status).toBe(201);
      expect(res.headers.get('x-order')).toBe('1');
      expect(res.headers.getSetCookie()).toEqual(['seen=1']);
      expect(await res.json()).toEqual({ id: 'order-1', sku: 'A' });
    }
  });

  it('replays a binary response byte for byte', async () => {
    const bytes = new Uint8Array([0, 255, 128, 10]);
    const handler = idempotent(
      async () => new Response(bytes, { headers: { 'content-type': 'application/pdf' } }),
      { store },
    );
    await runInvocation((ctx) => handler(post({}), ctx));
    const replay = await runInvocation((ctx) => handler(post({}), ctx));
    expect(new Uint8Array(await replay.arrayBuffer())).toEqual(bytes);
    expect(replay.headers.get('content-type')).toBe('application/pdf');
  });

  it('replays a plain object result as JSON, for the pipeline to answer as it did the first time', async () => {
    const handler = idempotent(
      async () => {
        calls++;
        return { id: 'order-1', total: 1999 };
      },
      { store },
    );
    const first = await runInvocation((ctx) => handler(post({}), ctx));
    const second = await runInvocation((ctx) => handler(post({}), ctx));
    expect(calls).toBe(1);
    expect(second).toEqual(first);
    expect(second).toEqual({ id: 'order-1', total: 1999 });
  });

  it('answers a duplicate that arrives while the first is running with 409 IDEMPOTENCY_IN_PROGRESS', async () => {
    const started = gate();
    const running = gate();
    const handler = idempotent(
      async () => {
        started.open();
        await running.wait;
        return { done: true };
      },
      { store },
    );
    const first = runInvocation((ctx) => handler(post({}), ctx));
    await started.wait;
    const duplicate = runInvocation((ctx) => handler(post({}), ctx));
    await expect(duplicate).rejects.toThrow(IdempotencyInProgressError);
    const error = (await duplicate.catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 409, code: 'IDEMPOTENCY_IN_PROGRESS' });
    expect(Number(error.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
    running.open();
    expect(await first).toEqual({ done: true });
  });

  it('rejects the same key with another payload: 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const handler = createOrder();
    await runInvocation((ctx) => handler(post({ sku: 'A' }), ctx));
    const reused = runInvocation((ctx) => handler(post({ sku: 'B' }), ctx));
    await expect(reused).rejects.toThrow(IdempotencyPayloadMismatchError);
    await expect(reused).rejects.toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(calls).toBe(1);
  });

  it('counts another path under the same key as another payload', async () => {
    const handler = createOrder();
    await runInvocation((ctx) => handler(post({ sku: 'A' }, 'key-1', '/orders'), ctx));
    await expect(
      runInvocation((ctx) => handler(post({ sku: 'A' }, 'key-1', '/orders?priority=high'), ctx)),
    ).rejects.toThrow(IdempotencyPayloadMismatchError);
  });

  it('treats JSON bodies that differ only in key order and whitespace as the same payload', async () => {
    const handler = createOrder();
    await runInvocation((ctx) => handler(post('{"sku":"A","qty":2}'), ctx));
    const replay = await runInvocation((ctx) => handler(post('{ "qty": 2,\n  "sku": "A" }'), ctx));
    expect(replay.status).toBe(201);
    expect(calls).toBe(1);
  });

  it('compares only the part of the body that payloadValidation selects', async () => {
    const handler = createOrder({ payloadValidation: (body) => (body as { sku: string }).sku });
    await runInvocation((ctx) => handler(post({ sku: 'A', note: 'first' }), ctx));
    await runInvocation((ctx) => handler(post({ sku: 'A', note: 'edited' }), ctx));
    expect(calls).toBe(1);
    await expect(runInvocation((ctx) => handler(post({ sku: 'B', note: 'first' }), ctx))).rejects.toThrow(
      IdempotencyPayloadMismatchError,
    );
  });

  it('replays whatever the payload when payloadValidation is false', async () => {
    const handler = createOrder({ payloadValidation: false });
    await runInvocation((ctx) => handler(post({ sku: 'A' }), ctx));
    const replay = await runInvocation((ctx) => handler(post({ sku: 'B' }), ctx));
    expect(await replay.json()).toEqual({ id: 'order-1', sku: 'A' });
  });

  it('releases the key when the handler throws, so that a retry runs', async () => {
    const handler = idempotent(
      async () => {
        if (++calls === 1) throw new Error('payment service down');
        return { paid: true };
      },
      { store },
    );
    await expect(runInvocation((ctx) => handler(post({}), ctx))).rejects.toThrow('payment service down');
    expect(await runInvocation((ctx) => handler(post({}), ctx))).toEqual({ paid: true });
    expect(calls).toBe(2);
  });

  it('does not keep a 5xx response: the retry runs again', async () => {
    const handler = idempotent(async () => json({ attempt: ++calls }, { status: calls === 1 ? 503 : 200 }), {
      store,
    });
    expect((await runInvocation((ctx) => handler(post({}), ctx))).status).toBe(503);
    expect((await runInvocation((ctx) => handler(post({}), ctx))).status).toBe(200);
    expect((await runInvocation((ctx) => handler(post({}), ctx))).status).toBe(200);
    expect(calls).toBe(2);
  });

  it('keeps a 4xx response: the caller gets the same answer again', async () => {
    const handler = idempotent(async () => json({ attempt: ++calls }, { status: 409 }), { store });
    await runInvocation((ctx) => handler(post({}), ctx));
    const replay = await runInvocation((ctx) => handler(post({}), ctx));
    expect(replay.status).toBe(409);
    expect(calls).toBe(1);
  });

  it('runs without idempotency when the request has no key and none is required', async () => {
    const handler = createOrder();
    await runInvocation((ctx) => handler(post({}, null), ctx));
    await runInvocation((ctx) => handler(post({}, null), ctx));
    expect(calls).toBe(2);
  });

  it('rejects a request without a key when one is required: 400 IDEMPOTENCY_KEY_MISSING', async () => {
    const handler = createOrder({ required: true });
    const missing = runInvocation((ctx) => handler(post({}, null), ctx));
    await expect(missing).rejects.toThrow(IdempotencyKeyMissingError);
    await expect(missing).rejects.toMatchObject({ status: 400, code: 'IDEMPOTENCY_KEY_MISSING' });
    expect(calls).toBe(0);
  });

  it('leaves the body of a standard Request for the handler to read', async () => {
    const handler = createOrder();
    const req = new Request('https://api.example.com/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
      body: JSON.stringify({ sku: 'A' }),
    });
    const res = await runInvocation((ctx) => handler(req, ctx));
    expect(await res.json()).toEqual({ id: 'order-1', sku: 'A' });
  });

  it('keeps the keys of different functions apart', async () => {
    const handler = createOrder();
    await runInvocation((ctx) => handler(post({}), ctx), { functionName: 'createOrder' });
    await runInvocation((ctx) => handler(post({}), ctx), { functionName: 'createRefund' });
    expect(calls).toBe(2);
  });

  it('takes the key from wherever the key function says', async () => {
    const handler = createOrder({ key: (req) => (req as Request).headers.get('x-request-id') ?? undefined });
    const withRequestId = () => {
      const req = post({}, null);
      req.headers.set('x-request-id', 'r-1');
      return req;
    };
    await runInvocation((ctx) => handler(withRequestId(), ctx));
    await runInvocation((ctx) => handler(withRequestId(), ctx));
    expect(calls).toBe(1);
  });
});
