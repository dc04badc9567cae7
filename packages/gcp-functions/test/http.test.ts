import { IncomingMessage, ServerResponse } from 'node:http';
import { binary, defineApp, HttpError, http, json, text } from '@faasade/core';
import { registerGcpFunctions } from '@faasade/gcp-functions';
import { gcpHttpRequest } from '@faasade/testing/gcp';
import { z } from 'zod';
import { captureLogs, closeAll, type Served, serve } from './support';

const seen: { raw?: { event: unknown; context: unknown }; invocationId?: string; ran: number } = { ran: 0 };
const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);

const app = defineApp({
  service: 'shop',
  functions: {
    echo: http({ method: '*', route: '/echo/*' }, async (req, ctx) => {
      seen.raw = ctx.raw;
      seen.invocationId = ctx.invocationId;
      seen.ran++;
      const url = new URL(req.url);
      return {
        method: req.method,
        path: url.pathname,
        query: url.search.slice(1),
        url: req.url,
        header: req.headers.get('x-custom'),
        repeated: req.headers.get('x-repeated'),
        cookie: req.headers.get('cookie'),
        body: Buffer.from(await req.arrayBuffer()).toString('base64'),
        params: ctx.params,
      };
    }),
    getItem: http({ method: 'GET', route: '/items/:id' }, (_req, ctx) => ({ id: ctx.params.id })),
    createItem: http({ method: 'POST', route: '/items' }, async (_req, ctx) => {
      const item = await ctx.body(z.object({ name: z.string() }));
      return json(item, { status: 201 });
    }),
    cookies: http({ method: 'GET', route: '/cookies' }, () => {
      const headers = new Headers({ 'x-multi': 'a' });
      headers.append('x-multi', 'b');
      headers.append('set-cookie', 'session=abc; HttpOnly; Path=/');
      headers.append('set-cookie', 'theme=dark; Max-Age=60');
      return new Response('made', { status: 202, headers });
    }),
    bytes: http({ method: 'GET', route: '/bytes' }, () =>
      binary(bytes, { headers: { 'content-type': 'image/png' } }),
    ),
    unicode: http({ method: 'GET', route: '/unicode' }, () => text('héllo ✓ 🌍')),
    nothing: http({ method: 'DELETE', route: '/items/:id' }, () => undefined),
    boom: http({ method: 'GET', route: '/boom' }, () => {
      throw new Error('database password is hunter2');
    }),
    teapot: http({ method: 'GET', route: '/teapot' }, () => {
      throw new HttpError(418, 'TEAPOT', 'I am a teapot', { headers: { 'retry-after': '5' } });
    }),
    slow: http(
      { method: 'GET', route: '/slow' },
      (_req, ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', resolve)),
    ),
  },
});

registerGcpFunctions(app, { router: 'api', timeoutMs: 200 });
const targets: Record<string, Served> = {};
const logs = captureLogs();

beforeAll(async () => {
  for (const name of [
    'echo',
    'getItem',
    'createItem',
    'cookies',
    'bytes',
    'unicode',
    'nothing',
    'boom',
    'teapot',
    'slow',
    'api',
  ]) {
    targets[name] = await serve(name);
  }
});
afterAll(async () => {
  logs.restore();
  await closeAll();
});
beforeEach(() => {
  seen.ran = 0;
});

const send = (target: string, init: Parameters<typeof gcpHttpRequest>[0] = {}) =>
  fetch(gcpHttpRequest({ ...init, baseUrl: targets[target].url.slice(0, -1) }));

describe('HTTP requests into the handler', () => {
  it('hands over the method, the path after the function URL, the raw query and the headers', async () => {
    const res = await send('echo', {
      method: 'PUT',
      path: '/echo/a%20b/c',
      query: 'tag=x&tag=y&q=caf%C3%A9',
      headers: { 'x-custom': 'value', cookie: 'a=1; b=2' },
      body: 'plain text',
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      method: 'PUT',
      path: '/echo/a%20b/c',
      query: 'tag=x&tag=y&q=caf%C3%A9',
      header: 'value',
      cookie: 'a=1; b=2',
      params: { '*': 'a b/c' },
    });
    // Google's front end terminates TLS and says so in X-Forwarded-Proto.
    expect(body.url).toBe(`https://${new URL(targets.echo.url).host}/echo/a%20b/c?tag=x&tag=y&q=caf%C3%A9`);
  });

  it('keeps every value of a repeated request header', async () => {
    const raw = await rawRequest(
      targets.echo.url,
      'GET /echo/ HTTP/1.1\r\nHost: x\r\nX-Repeated: one\r\nX-Repeated: two\r\nConnection: close\r\n\r\n',
    );
    expect(JSON.parse(raw.body).repeated).toBe('one, two');
  });

  it('passes the body bytes exactly as sent, binary included', async () => {
    const res = await send('echo', {
      method: 'POST',
      path: '/echo/',
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(Buffer.from((await res.json()).body, 'base64')).toEqual(Buffer.from(bytes));
  });

  it('reads a body sent without a content type, which functions-framework leaves unread', async () => {
    const raw = await rawRequest(
      targets.echo.url,
      'POST /echo/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello',
    );
    expect(Buffer.from(JSON.parse(raw.body).body, 'base64').toString()).toBe('hello');
  });

  it("gives the handler the Express request and response as ctx.raw, and functions-framework's execution id", async () => {
    await send('echo', { path: '/echo/', headers: { 'function-execution-id': 'exec-42' } });
    expect(seen.raw?.event).toBeInstanceOf(IncomingMessage);
    expect(seen.raw?.context).toBeInstanceOf(ServerResponse);
    expect(seen.invocationId).toBe('exec-42');
  });
});

describe('route parameters', () => {
  it("matches the function's route against the path after its URL", async () => {
    expect(await (await send('getItem', { path: '/items/42' })).json()).toEqual({ id: '42' });
  });

  it('routes every HTTP function through the router target', async () => {
    expect(await (await send('api', { path: '/items/7' })).json()).toEqual({ id: '7' });
    const created = await send('api', { method: 'POST', path: '/items', body: { name: 'pear' } });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ name: 'pear' });
  });

  it('answers 404 for an unknown route and 405 with Allow for a wrong method through the router', async () => {
    const missing = await send('api', { path: '/nowhere' });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('ROUTE_NOT_FOUND');
    const wrong = await send('api', { method: 'PATCH', path: '/items/7', body: 'x' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('DELETE, GET');
  });
});

describe('HTTP responses out of the handler', () => {
  it('writes the status, every header and each Set-Cookie as its own header', async () => {
    const res = await send('cookies', { path: '/cookies' });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-multi')).toBe('a, b');
    expect(res.headers.getSetCookie()).toEqual(['session=abc; HttpOnly; Path=/', 'theme=dark; Max-Age=60']);
    expect(await res.text()).toBe('made');
  });

  it('sends a binary body byte for byte with its content type', async () => {
    const res = await send('bytes', { path: '/bytes' });
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  it('sends unicode text as UTF-8', async () => {
    const res = await send('unicode', { path: '/unicode' });
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('héllo ✓ 🌍');
  });

  it('answers 204 with no body when the handler returns nothing', async () => {
    const res = await send('nothing', { method: 'DELETE', path: '/items/1' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('answers a thrown error with the neutral error body and no detail', async () => {
    const res = await send('boom', { path: '/boom' });
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Internal server error' },
      invocationId: expect.any(String),
    });
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });

  it('answers an HttpError with its status, code and headers', async () => {
    const res = await send('teapot', { path: '/teapot' });
    expect(res.status).toBe(418);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await res.json()).error.code).toBe('TEAPOT');
  });

  it('answers 504 FUNCTION_TIMEOUT when the handler overruns the function timeout', async () => {
    const res = await send('slow', { path: '/slow' });
    expect(res.status).toBe(504);
    expect((await res.json()).error.code).toBe('FUNCTION_TIMEOUT');
  });
});

describe('warm-up and the platform', () => {
  it('answers a warm-up ping without running the handler', async () => {
    const res = await send('echo', { path: '/echo/', headers: { 'x-faasade-warmup': '1' } });
    expect(await res.json()).toEqual({ warmup: true });
    expect(seen.ran).toBe(0);
  });

  it('leaves a malformed JSON body to functions-framework, whose body parser answers 400 before the function runs', async () => {
    const res = await send('echo', {
      method: 'POST',
      path: '/echo/',
      body: '{"broken',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(seen.ran).toBe(0);
  });
});

/** Sends bytes as they are, for what fetch will not send (repeated headers, a body without a type). */
async function rawRequest(url: string, request: string): Promise<{ status: number; body: string }> {
  const { connect } = await import('node:net');
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
    });
    socket.on('end', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      const chunked = /transfer-encoding: chunked/i.test(head);
      const body = rest.join('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: chunked ? dechunk(body) : body });
    });
    socket.on('error', reject);
  });
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}
