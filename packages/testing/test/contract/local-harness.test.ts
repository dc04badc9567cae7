import {
  type CloudEvent,
  defineApp,
  event,
  HttpError,
  http,
  PermanentError,
  queue,
  schedule,
} from '@faasade/core';
import { localHarness } from '@faasade/testing/local';

const ran: string[] = [];
const app = defineApp({
  service: 'local-demo',
  functions: {
    hello: http({ method: 'GET', route: '/hello/:name' }, (req, ctx) => {
      ran.push('hello');
      ctx.log.info('greeting', { name: ctx.params.name });
      return {
        hello: ctx.params.name,
        coldStart: ctx.coldStart,
        cloud: ctx.cloud,
        trace: ctx.trace ?? null,
        deliveredBy: req.headers.get('x-by'),
      };
    }),
    other: http({ method: 'POST', route: '/other' }, () => ({ other: true })),
    teapot: http({ method: 'GET', route: '/teapot' }, () => {
      throw new HttpError(418, 'TEAPOT', 'short and stout');
    }),
    slow: http(
      { method: 'GET', route: '/slow' },
      (_req, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve('late'))),
    ),
    jobs: queue({ queue: 'jobs', maxAttempts: 2 }, (message) => {
      ran.push(`jobs:${message.id}`);
      const body = message.body as { outcome?: string };
      if (body.outcome === 'fail') throw new Error('try later');
      if (body.outcome === 'never') throw new PermanentError('cannot ever work');
    }),
    tidy: schedule({ every: '5m' }, () => {
      ran.push('tidy');
    }),
    thing: event({ type: 'thing.happened' }, (ce) => {
      ran.push(`thing:${ce.id}`);
    }),
  },
});

const local = localHarness(app, { timeoutMs: 5_000 });
beforeEach(() => {
  ran.length = 0;
  local.clearLogs();
});
afterAll(() => local.close());

describe('localHarness', () => {
  it('serves HTTP through the runtime, as the cloud "local"', async () => {
    const res = await local.http(new Request('http://localhost/hello/ada', { headers: { 'x-by': 'test' } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ hello: 'ada', cloud: 'local', deliveredBy: 'test' });
    const named = await local.http(new Request('http://localhost/other', { method: 'POST' }), {
      functionName: 'other',
    });
    expect(await named.json()).toEqual({ other: true });
    await expect(local.http(new Request('http://localhost/'), { functionName: 'jobs' })).rejects.toThrow(
      'local-demo has no http function named "jobs"',
    );
  });

  it('answers errors with the one error body, and overruns with 504 within timeoutMs', async () => {
    const teapot = await local.http(new Request('http://localhost/teapot'));
    expect(teapot.status).toBe(418);
    expect(await teapot.json()).toMatchObject({
      error: { code: 'TEAPOT' },
      invocationId: expect.any(String),
    });
    const slow = await local.http(new Request('http://localhost/slow'), { timeoutMs: 50 });
    expect(slow.status).toBe(504);
    expect(await slow.json()).toMatchObject({ error: { code: 'FUNCTION_TIMEOUT' } });
  });

  it('continues the trace of a traceparent header', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await local.http(new Request('http://localhost/hello/t', { headers: { traceparent } }));
    expect((await res.json()).trace).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      sampled: true,
    });
  });

  it('captures JSON log lines, normalised to level, message and fields, through its own sink', async () => {
    const other = localHarness(app);
    await local.http(new Request('http://localhost/hello/ada'));
    const line = local.logs().find((l) => l.message === 'greeting');
    expect(line).toMatchObject({
      level: 'info',
      fields: { name: 'ada', service: 'local-demo', function: 'hello', cloud: 'local' },
    });
    expect(JSON.parse(line!.raw).message).toBe('greeting');
    // Each harness keeps its own lines: nothing goes through a process-wide sink.
    expect(other.logs()).toEqual([]);
    local.clearLogs();
    expect(local.logs()).toEqual([]);
    await other.close();
  });

  it("reads each message's fate from the runtime's outcome", async () => {
    const result = await local.queue('jobs', [
      { id: 'ok', body: { outcome: 'ok' } },
      { id: 'flaky', body: { outcome: 'fail' } },
      { id: 'last', body: { outcome: 'fail' }, deliveryCount: 2 },
      { id: 'never', body: { outcome: 'never' } },
      { id: 'text', body: 'plain text' },
    ]);
    expect(result).toEqual({
      succeeded: ['ok', 'text'],
      retried: ['flaky'],
      deadLettered: ['last', 'never'],
    });
    expect(ran).toEqual(['jobs:ok', 'jobs:flaky', 'jobs:last', 'jobs:never', 'jobs:text']);
  });

  it('holds back the rest of an ordered group once one of its messages is still on the queue', async () => {
    const result = await local.queue('jobs', [
      { id: 'a1', body: {}, group: 'a' },
      { id: 'a2', body: { outcome: 'fail' }, group: 'a' },
      { id: 'a3', body: {}, group: 'a' },
      { id: 'b1', body: { outcome: 'never' }, group: 'b' },
      { id: 'b2', body: {}, group: 'b' },
    ]);
    // A dead-lettered message has left the queue: its group goes on.
    expect(result).toEqual({ succeeded: ['a1', 'b2'], retried: ['a2', 'a3'], deadLettered: ['b1'] });
    expect(ran).toEqual(['jobs:a1', 'jobs:a2', 'jobs:b1', 'jobs:b2']);
  });

  it('runs schedules and events and reports their outcome', async () => {
    expect(await local.schedule('tidy')).toEqual({ ok: true });
    const ce: CloudEvent = { specversion: '1.0', id: 'e1', source: 'test', type: 'thing.happened' };
    expect(await local.event('thing', ce)).toEqual({ ok: true });
    expect(await local.event('thing', { ...ce, id: 'e2', type: 'other' })).toEqual({ ok: true });
    expect(ran).toEqual(['tidy', 'thing:e1']);
    await expect(local.schedule('thing')).rejects.toThrow('no schedule function named "thing"');
  });

  it('sends warm-up pings that run no user code, and starts new instances', async () => {
    local.newInstance();
    for (const name of ['hello', 'jobs', 'tidy', 'thing']) await local.warmup(name);
    expect(ran).toEqual([]);
    const warm = await local.http(new Request('http://localhost/hello/warm'));
    expect((await warm.json()).coldStart).toBe(false);
    local.newInstance();
    const cold = await local.http(new Request('http://localhost/hello/cold'));
    expect((await cold.json()).coldStart).toBe(true);
  });

  it('refuses to run once closed', async () => {
    const closed = localHarness(app);
    await closed.close();
    await expect(closed.http(new Request('http://localhost/hello/x'))).rejects.toThrow('closed');
  });
});
