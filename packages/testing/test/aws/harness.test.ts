import { binary, defineApp, event, http, json, queue, schedule } from '@faasade/core';
import { z } from 'zod';
import { type AwsHttpMode, awsHarness } from '../../src/aws';
import type { Harness } from '../../src/harness';

let handlerRuns = 0;
const failOn = new Set<string>();

const app = defineApp({
  service: 'shop',
  functions: {
    getOrder: http({ method: 'GET', route: '/orders/:id' }, (req, ctx) => {
      handlerRuns++;
      ctx.log.info('order read', { id: ctx.params.id });
      return json(
        { id: ctx.params.id, tags: new URL(req.url).searchParams.getAll('tag'), coldStart: ctx.coldStart },
        {
          headers: [
            ['set-cookie', 'a=1'],
            ['set-cookie', 'b=2'],
          ],
        },
      );
    }),
    logo: http({ method: 'GET', route: '/logo.png' }, () =>
      binary(new Uint8Array([0x89, 0x50, 0xff]), { headers: { 'content-type': 'image/png' } }),
    ),
    slow: http({ method: 'GET', route: '/slow' }, () => new Promise(() => {})),
    processOrder: queue(
      { queue: 'orders', maxAttempts: 3, schema: z.object({ orderId: z.string() }) },
      (msg) => {
        if (failOn.has(msg.id)) throw new Error('payment service unavailable');
      },
    ),
    tick: schedule({ every: '5m' }, () => {}),
    failingTick: schedule({ every: '5m' }, () => {
      throw new Error('nope');
    }),
    onShipped: event({ type: 'order.shipped' }, () => {}),
  },
});

beforeEach(() => {
  handlerRuns = 0;
  failOn.clear();
});

describe.each<AwsHttpMode>(['v2', 'function-url', 'v1', 'alb', 'alb-multi'])(
  'the AWS harness over %s',
  (mode) => {
    let aws: Harness;
    beforeAll(() => {
      aws = awsHarness(app, { mode });
    });
    afterAll(() => aws.close());

    it(`serves a request through the router, with route parameters and ${mode === 'alb' ? 'the last of repeated query values' : 'repeated query keys'}`, async () => {
      const res = await aws.http(new Request('https://shop.example.com/orders/42?tag=a&tag=b'));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: '42', tags: mode === 'alb' ? ['b'] : ['a', 'b'] });
    });

    it('serves a request through the named function', async () => {
      const res = await aws.http(new Request('https://shop.example.com/orders/7'), {
        functionName: 'getOrder',
      });
      expect((await res.json()).id).toBe('7');
    });

    it(`returns ${mode === 'alb' ? 'the one Set-Cookie single-value mode allows' : 'every Set-Cookie'}`, async () => {
      const res = await aws.http(new Request('https://shop.example.com/orders/1'));
      expect(res.headers.getSetCookie()).toEqual(mode === 'alb' ? ['a=1'] : ['a=1', 'b=2']);
    });

    it('returns a binary body byte for byte', async () => {
      const res = await aws.http(new Request('https://shop.example.com/logo.png'));
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0xff]));
    });

    it('answers 504 when a handler overruns the invocation deadline', async () => {
      const res = await aws.http(new Request('https://shop.example.com/slow'), { timeoutMs: 20 });
      expect(res.status).toBe(504);
    });
  },
);

describe('the AWS harness for queues, schedules, events, warm-ups and logs', () => {
  let aws: Harness;
  beforeAll(() => {
    aws = awsHarness(app);
  });
  afterAll(() => aws.close());
  beforeEach(() => aws.clearLogs());

  it('retries only the failed messages of a batch', async () => {
    failOn.add('m-2');
    const result = await aws.queue('processOrder', [
      { id: 'm-1', body: { orderId: '1' } },
      { id: 'm-2', body: { orderId: '2' } },
    ]);
    expect(result).toEqual({ succeeded: ['m-1'], retried: ['m-2'], deadLettered: [] });
  });

  it('dead-letters a message that fails validation at once, through the dead-letter queue', async () => {
    expect(await aws.queue('processOrder', [{ id: 'poison', body: { nope: true } }])).toEqual({
      succeeded: [],
      retried: [],
      deadLettered: ['poison'],
    });
  });

  it('dead-letters a message that fails its last allowed delivery, as the redrive policy does', async () => {
    failOn.add('m-3');
    expect(
      await aws.queue('processOrder', [{ id: 'm-3', body: { orderId: '3' }, deliveryCount: 3 }]),
    ).toEqual({
      succeeded: [],
      retried: [],
      deadLettered: ['m-3'],
    });
  });

  it('keeps a failed FIFO group in order: its later messages are retried too', async () => {
    failOn.add('a-1');
    const result = await aws.queue('processOrder', [
      { id: 'a-1', body: { orderId: '1' }, group: 'a' },
      { id: 'a-2', body: { orderId: '2' }, group: 'a' },
      { id: 'b-1', body: { orderId: '3' }, group: 'b' },
    ]);
    expect(result).toEqual({ succeeded: ['b-1'], retried: ['a-1', 'a-2'], deadLettered: [] });
  });

  it('reports schedule runs and event deliveries as the platform would', async () => {
    expect(await aws.schedule('tick')).toEqual({ ok: true });
    expect(await aws.schedule('failingTick')).toEqual({ ok: false });
    expect(
      await aws.event('onShipped', {
        specversion: '1.0',
        id: 'e-1',
        source: 'shipping',
        type: 'order.shipped',
      }),
    ).toEqual({ ok: true });
  });

  it('answers a warm-up ping without running user code, and counts a cold start once per new instance', async () => {
    aws.newInstance();
    await aws.warmup('getOrder');
    expect(handlerRuns).toBe(0);
    aws.newInstance();
    const first = await (await aws.http(new Request('https://shop.example.com/orders/1'))).json();
    const second = await (await aws.http(new Request('https://shop.example.com/orders/1'))).json();
    expect([first.coldStart, second.coldStart]).toEqual([true, false]);
  });

  it("captures the logger's lines with the invocation's fields", async () => {
    await aws.http(new Request('https://shop.example.com/orders/9'));
    const line = aws.logs().find((l) => l.message === 'order read');
    expect(line).toMatchObject({
      level: 'info',
      fields: { service: 'shop', cloud: 'aws', function: 'getOrder', id: '9' },
    });
    expect(line?.fields.invocationId).toEqual(expect.any(String));
  });
});
