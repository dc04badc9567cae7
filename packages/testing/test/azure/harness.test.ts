import { defineApp, event, http, json, PermanentError, queue, schedule } from '@faasade/core';
import { azureHarness } from '@faasade/testing/azure';

let userCalls = 0;
const app = defineApp({
  service: 'shop',
  functions: {
    getOrder: http({ method: 'GET', route: '/orders/:id' }, (_req, ctx) => {
      userCalls++;
      ctx.log.info('order read', { id: ctx.params.id });
      return json({ id: ctx.params.id, coldStart: ctx.coldStart, trace: ctx.trace });
    }),
    login: http({ method: 'POST', route: '/login' }, () =>
      json(
        { ok: true },
        {
          headers: [
            ['set-cookie', 'sid=s1; Path=/; HttpOnly'],
            ['set-cookie', 'theme=dark'],
          ],
        },
      ),
    ),
    processOrder: queue({ queue: 'orders', maxAttempts: 5 }, (message) => {
      const body = message.body as { outcome: string };
      if (body.outcome === 'invalid') throw new PermanentError('unknown product');
      if (body.outcome === 'fail') throw new Error('try later');
    }),
    tidy: schedule({ every: '5m' }, () => {}),
    broken: schedule({ every: '5m' }, () => {
      throw new Error('nope');
    }),
    slow: http(
      { method: 'GET', route: '/slow' },
      (_req, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', resolve)),
    ),
    created: event({ type: 'orders.created' }, (ce) => {
      if (ce.subject === 'bad') throw new Error('bad event');
    }),
  },
});

describe('azureHarness', () => {
  const azure = azureHarness(app);
  beforeEach(() => azure.clearLogs());

  it('routes a request the way the host does, behind the api prefix, and returns what the caller gets', async () => {
    const res = await azure.http(new Request('https://shop.example/orders/42'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: '42' });
  });

  it('answers unknown routes and wrong methods through the catch-all router with the faasade error body', async () => {
    const missing = await azure.http(new Request('https://shop.example/nothing'));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
    const wrong = await azure.http(new Request('https://shop.example/login'));
    expect(wrong.status).toBe(405);
  });

  it("answers an unknown route with the host's empty 404 when the app registers no router", async () => {
    const bare = azureHarness(app, { router: false });
    const res = await bare.http(new Request('https://shop.example/nothing'));
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('');
  });

  it('delivers every cookie the handler set', async () => {
    const res = await azure.http(new Request('https://shop.example/login', { method: 'POST' }));
    expect(res.headers.getSetCookie()).toEqual(['sid=s1; path=/; httponly', 'theme=dark']);
  });

  it('continues the trace of an incoming traceparent through the host span', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await azure.http(new Request('https://shop.example/orders/1', { headers: { traceparent } }));
    const { trace } = await res.json();
    expect(trace.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(trace.spanId).not.toBe('b7ad6b7169203331');
  });

  it('gives the invocation the timeout asked for, and answers an overrun with 504', async () => {
    const res = await azure.http(new Request('https://shop.example/slow'), { timeoutMs: 20 });
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ error: { code: 'FUNCTION_TIMEOUT' } });
  });

  it('reports which messages succeed, are retried, and end in the poison queue', async () => {
    const result = await azure.queue('processOrder', [
      { id: 'ok', body: { outcome: 'ok' } },
      { id: 'retry', body: { outcome: 'fail' }, deliveryCount: 1 },
      { id: 'invalid', body: { outcome: 'invalid' } },
      { id: 'last', body: { outcome: 'fail' }, deliveryCount: 5 },
    ]);
    expect(result).toEqual({ succeeded: ['ok'], retried: ['retry'], deadLettered: ['invalid', 'last'] });
  });

  it('says whether a schedule run or an event delivery failed', async () => {
    expect(await azure.schedule('tidy')).toEqual({ ok: true });
    expect(await azure.schedule('broken')).toEqual({ ok: false });
    const ce = { specversion: '1.0' as const, id: '1', source: '/orders', type: 'orders.created' };
    expect(await azure.event('created', ce)).toEqual({ ok: true });
    expect(await azure.event('created', { ...ce, subject: 'bad' })).toEqual({ ok: false });
  });

  it('warms a new instance through the warmup trigger without running user code', async () => {
    azure.newInstance();
    const before = userCalls;
    await azure.warmup('getOrder');
    expect(userCalls).toBe(before);
    const res = await azure.http(new Request('https://shop.example/orders/7'));
    expect((await res.json()).coldStart).toBe(false);
  });

  it('starts a new instance whose first invocation is a cold start', async () => {
    azure.newInstance();
    const first = await (await azure.http(new Request('https://shop.example/orders/1'))).json();
    const second = await (await azure.http(new Request('https://shop.example/orders/2'))).json();
    expect([first.coldStart, second.coldStart]).toEqual([true, false]);
  });

  it('captures the lines the host received, parsed into level, message and fields', async () => {
    await azure.http(new Request('https://shop.example/orders/9'));
    const line = azure.logs().find((l) => l.message === 'order read');
    expect(line).toMatchObject({
      level: 'info',
      fields: { id: '9', service: 'shop', cloud: 'azure', function: 'getOrder' },
    });
    expect(JSON.parse(line!.raw).message).toBe('order read');
  });
});
