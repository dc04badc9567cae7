import { type CloudEvent, defineApp, event, http, PermanentError, queue, schedule } from '@faasade/core';
import { cloudEventRequest, gcpHarness, gcpHttpRequest, pubsubCloudEvent } from '@faasade/testing/gcp';
import { z } from 'zod';

const events: CloudEvent[] = [];
const ran: string[] = [];
const app = defineApp({
  service: 'harnessed',
  functions: {
    hello: http({ method: 'GET', route: '/hello/:name' }, (_req, ctx) => {
      ran.push('hello');
      ctx.log.info('greeting', { name: ctx.params.name });
      return { hello: ctx.params.name, coldStart: ctx.coldStart, trace: ctx.trace };
    }),
    slow: http(
      { method: 'GET', route: '/slow' },
      (_req, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', resolve)),
    ),
    orders: queue({ queue: 'orders', maxAttempts: 5, schema: z.object({ ok: z.boolean() }) }, (msg) => {
      ran.push('orders');
      if (!msg.body.ok) throw new Error('downstream failed');
      if (msg.attributes.permanent) throw new PermanentError('order is gone');
    }),
    tidy: schedule({ every: '5m' }, () => {
      ran.push('tidy');
    }),
    onUpload: event({ type: 'upload' }, (ce) => {
      events.push(ce);
    }),
  },
});

const stderr = jest.spyOn(console, 'error').mockImplementation(() => {});
const gcp = gcpHarness(app, { projectId: 'harness-project' });
afterAll(async () => {
  await gcp.close();
  stderr.mockRestore();
});
beforeEach(() => {
  gcp.clearLogs();
  ran.length = 0;
  events.length = 0;
});

describe('gcpHarness', () => {
  it("serves HTTP through the router, or a named function, over functions-framework's server", async () => {
    const routed = await gcp.http(new Request('http://localhost/hello/ada'));
    expect(routed.status).toBe(200);
    expect((await routed.json()).hello).toBe('ada');
    const direct = await gcp.http(gcpHttpRequest({ path: '/hello/grace' }), { functionName: 'hello' });
    expect((await direct.json()).hello).toBe('grace');
  });

  it('continues a trace from X-Cloud-Trace-Context', async () => {
    const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true };
    const res = await gcp.http(gcpHttpRequest({ path: '/hello/t', cloudTrace: trace }));
    expect((await res.json()).trace).toEqual(trace);
  });

  it('captures the Cloud Logging lines, normalised to the neutral level and message', async () => {
    await gcp.http(new Request('http://localhost/hello/ada'));
    const line = gcp.logs().find((l) => l.message === 'greeting');
    expect(line).toMatchObject({
      level: 'info',
      fields: { name: 'ada', function: 'hello', service: 'harnessed' },
    });
    expect(JSON.parse(line!.raw).severity).toBe('INFO');
  });

  it('gives the deadline of timeoutMs to the invocation', async () => {
    const res = await gcp.http(new Request('http://localhost/slow'), { timeoutMs: 50 });
    expect(res.status).toBe(504);
  });

  it("reads each message's fate the way Pub/Sub would", async () => {
    const result = await gcp.queue('orders', [
      { id: 'good', body: { ok: true } },
      { id: 'flaky', body: { ok: false }, deliveryCount: 2 },
      { id: 'last', body: { ok: false }, deliveryCount: 5 },
      { id: 'invalid', body: { nope: 1 } },
      { id: 'permanent', body: { ok: true }, attributes: { permanent: 'yes' } },
    ]);
    expect(result).toEqual({
      succeeded: ['good'],
      retried: ['flaky'],
      deadLettered: ['last', 'invalid', 'permanent'],
    });
  });

  it('fires a schedule and delivers an event', async () => {
    expect(await gcp.schedule('tidy')).toEqual({ ok: true });
    const upload: CloudEvent = {
      specversion: '1.0',
      id: 'u-1',
      source: 'test',
      type: 'upload',
      data: { name: 'a.png' },
    };
    expect(await gcp.event('onUpload', upload)).toEqual({ ok: true });
    expect(events.map((e) => e.id)).toEqual(['u-1']);
  });

  it('sends warm-up pings that run no user code, and starts new instances', async () => {
    gcp.newInstance();
    await gcp.warmup('hello');
    await gcp.warmup('orders');
    await gcp.warmup('tidy');
    await gcp.warmup('onUpload');
    expect(ran).toEqual([]);
    expect(events).toEqual([]);
    const res = await gcp.http(new Request('http://localhost/hello/warm'));
    expect((await res.json()).coldStart).toBe(false);
    gcp.newInstance();
    expect((await (await gcp.http(new Request('http://localhost/hello/cold'))).json()).coldStart).toBe(true);
  });
});

describe('GCP event factories', () => {
  it('build a Pub/Sub CloudEvent that posts in either content mode', () => {
    const ce = pubsubCloudEvent({
      data: { a: 1 },
      attributes: { k: 'v' },
      deliveryAttempt: 3,
      messageId: 'm-1',
    });
    expect(ce).toMatchObject({
      id: 'm-1',
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      data: { deliveryAttempt: 3 },
    });
    const binary = cloudEventRequest('http://x/', ce, 'binary');
    expect(binary.headers.get('ce-type')).toBe('google.cloud.pubsub.topic.v1.messagePublished');
    expect(cloudEventRequest('http://x/', ce, 'structured').headers.get('content-type')).toBe(
      'application/cloudevents+json',
    );
  });
});
