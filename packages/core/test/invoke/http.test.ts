import { Hono } from 'hono';
import { z } from 'zod';
import { resetInstance } from '../../src/context/instance';
import { defineApp, http, mount } from '../../src/function/define';
import { HttpError } from '../../src/function/errors';
import { json } from '../../src/function/response';
import { invoke } from '../../src/invoke/local';
import { captureLogs } from './support';

const Order = z.object({ sku: z.string().min(1), quantity: z.number().int().positive() });

const app = defineApp({
  service: 'shop',
  defaults: { maxBodyBytes: 64 },
  functions: {
    create: http({ method: 'POST', route: '/orders' }, async (req, ctx) => {
      const body = await ctx.body(Order);
      return json({ ...body, id: 'o-1' }, { status: 201 });
    }),
    get: http({ method: 'GET', route: '/orders/:id' }, (_req, ctx) => ({ id: ctx.params.id })),
    boom: http({ method: 'GET', route: '/boom' }, () => {
      throw new Error('database password is hunter2');
    }),
    teapot: http({ method: 'GET', route: '/teapot' }, () => {
      throw new HttpError(418, 'TEAPOT', 'I am a teapot', { headers: { 'Retry-After': '5' } });
    }),
    slow: http({ method: 'GET', route: '/slow', timeoutMs: 50 }, (_req, ctx) => {
      return new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve({ late: true })));
    }),
    cold: http({ method: 'GET', route: '/cold' }, (_req, ctx) => ({ coldStart: ctx.coldStart })),
    hono: mount(
      '/hono',
      (req) => new Hono().get('/hello/:n', (c) => c.json({ hello: c.req.param('n') })).fetch(req),
      {
        stripPrefix: true,
      },
    ),
  },
});

const post = (body: string, type = 'application/json') =>
  new Request('http://localhost/orders', { method: 'POST', headers: { 'content-type': type }, body });

describe('the HTTP pipeline', () => {
  it('routes with parameters', async () => {
    const res = await invoke(app, new Request('http://localhost/orders/42'));
    expect(await res.json()).toEqual({ id: '42' });
  });

  it('validates the body and answers 201', async () => {
    const res = await invoke(app, post('{"sku":"A","quantity":2}'));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ sku: 'A', quantity: 2, id: 'o-1' });
  });

  it.each([
    ['a schema failure', post('{"sku":"","quantity":-1}'), 400, 'VALIDATION_FAILED'],
    ['malformed JSON', post('{"sku":'), 400, 'MALFORMED_JSON'],
    ['an empty body', post(''), 400, 'MALFORMED_JSON'],
    [
      'the wrong content type',
      post('sku=A', 'application/x-www-form-urlencoded'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'an oversized body',
      post(JSON.stringify({ sku: 'x'.repeat(100), quantity: 1 })),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['an unknown route', new Request('http://localhost/nowhere'), 404, 'ROUTE_NOT_FOUND'],
    ['a wrong method', new Request('http://localhost/orders', { method: 'PUT' }), 405, 'METHOD_NOT_ALLOWED'],
  ])('answers %s with a 4xx and a stable code', async (_what, request, status, code) => {
    const res = await invoke(app, request);
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error.code).toBe(code);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('lists every schema issue with its path', async () => {
    const res = await invoke(app, post('{"sku":"","quantity":-1}'));
    const body = await res.json();
    expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['quantity', 'sku']);
  });

  it('says which methods are allowed on a 405', async () => {
    const res = await invoke(app, new Request('http://localhost/orders', { method: 'DELETE' }));
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('hides an unknown error from the client and logs it with its stack', async () => {
    const logs = captureLogs();
    const res = await invoke(app, new Request('http://localhost/boom'), {
      meta: { invocationId: 'inv-9', logSink: logs },
    });
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Internal server error' },
      invocationId: 'inv-9',
    });
    expect(body).not.toContain('hunter2');
    const line = logs.lines.find((l) => l.level === 'error');
    expect(line?.invocationId).toBe('inv-9');
    expect(JSON.stringify(line)).toContain('Error');
    expect(JSON.stringify(line)).toMatch(/stack/);
  });

  it('passes an HttpError through with its status, code and headers', async () => {
    const res = await invoke(app, new Request('http://localhost/teapot'));
    expect(res.status).toBe(418);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await res.json()).error).toEqual({ code: 'TEAPOT', message: 'I am a teapot' });
  });

  it('answers 504 when the handler overruns its deadline, and aborts its signal', async () => {
    const res = await invoke(app, new Request('http://localhost/slow'));
    expect(res.status).toBe(504);
    expect((await res.json()).error.code).toBe('FUNCTION_TIMEOUT');
  });

  it('mounts a Hono app under a prefix', async () => {
    const res = await invoke(app, new Request('http://localhost/hono/hello/ada'));
    expect(await res.json()).toEqual({ hello: 'ada' });
  });

  it('marks only the first invocation of an instance as a cold start', async () => {
    resetInstance();
    const first = await (await invoke(app, new Request('http://localhost/cold'))).json();
    const second = await (await invoke(app, new Request('http://localhost/cold'))).json();
    expect([first.coldStart, second.coldStart]).toEqual([true, false]);
  });

  it('does not count a provisioned instance as cold', async () => {
    resetInstance();
    const res = await invoke(app, new Request('http://localhost/cold'), { meta: { provisioned: true } });
    expect((await res.json()).coldStart).toBe(false);
  });

  it('answers a warm-up ping without running user code, and the next call is warm', async () => {
    resetInstance();
    const handler = jest.fn(() => ({}));
    const warm = defineApp({ service: 'w', functions: { f: http({ method: 'GET', route: '/f' }, handler) } });
    const res = await invoke(
      warm,
      new Request('http://localhost/f', { headers: { 'x-faasade-warmup': '1' } }),
    );
    expect(await res.json()).toEqual({ warmup: true });
    expect(handler).not.toHaveBeenCalled();
    const logs = captureLogs();
    await invoke(warm, new Request('http://localhost/f'), { meta: { logSink: logs } });
    expect(logs.lines.some((l) => l.message === 'cold start')).toBe(false);
  });

  it('logs the init duration once, on the cold start', async () => {
    resetInstance();
    const logs = captureLogs();
    await invoke(app, new Request('http://localhost/cold'), { meta: { logSink: logs } });
    await invoke(app, new Request('http://localhost/cold'), { meta: { logSink: logs } });
    const cold = logs.lines.filter((l) => l.message === 'cold start');
    expect(cold).toHaveLength(1);
    expect(cold[0].initDurationMs).toBeGreaterThanOrEqual(0);
  });

  it('strips the body of a HEAD response', async () => {
    const res = await invoke(app, new Request('http://localhost/orders/1', { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});
