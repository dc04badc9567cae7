import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import {
  binary,
  defineApp,
  http,
  type InvocationInfo,
  type InvocationObserver,
  json,
  text,
} from '@faasade/core';
import { azureHttpRequest, azureInvocationContext } from '@faasade/testing/azure';
import { as, registered } from '../support';

const echo = http({ method: ['GET', 'POST', 'PUT'], route: '/echo/:id' }, async (req, ctx) => {
  const url = new URL(req.url);
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => {
    headers[k] = v;
  });
  return json({
    method: req.method,
    path: url.pathname,
    query: url.search.slice(1),
    params: ctx.params,
    headers,
    body: Buffer.from(await req.arrayBuffer()).toString('base64'),
    trace: ctx.trace,
    rawIsPlatforms: ctx.raw.event instanceof HttpRequest && ctx.raw.context !== undefined,
  });
});

const app = defineApp({
  service: 'shop',
  functions: {
    echo,
    files: http({ method: 'GET', route: '/files/*' }, (_req, ctx) => json(ctx.params)),
    image: http({ method: 'POST', route: '/image' }, async (req) =>
      binary(new Uint8Array(await req.arrayBuffer()), { headers: { 'content-type': 'image/png' } }),
    ),
    login: http({ method: 'POST', route: '/login' }, () =>
      text('welcome', {
        status: 201,
        headers: [
          ['x-request-cost', '3'],
          ['set-cookie', 'sid=a%20b%3Bc; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=3600'],
          ['set-cookie', 'theme=dark; Domain=example.com; Expires=Wed, 21 Oct 2026 07:28:00 GMT'],
        ],
      }),
    ),
    deadline: http({ method: 'GET', route: '/deadline' }, (_req, ctx) => json({ deadline: ctx.deadline })),
  },
});

async function call(name: string, request: Request, params: Record<string, string> = {}, options = {}) {
  const registration = as(registered(app, options)(name), 'http');
  const context = azureInvocationContext({ functionName: name });
  return (await registration.handler(
    await azureHttpRequest(request, { params }),
    context,
  )) as HttpResponseInit;
}

const bodyOf = (res: HttpResponseInit) => JSON.parse(String(res.body));

describe('Azure HTTP trigger', () => {
  it('gives the handler the method, the path without the route prefix, the raw query and every header', async () => {
    const request = new Request('https://shop.azurewebsites.net/api/echo/42?tag=a&tag=b&q=x%20y', {
      method: 'POST',
      headers: [
        ['content-type', 'application/json'],
        ['accept', 'text/html'],
        ['accept', 'application/json'],
      ],
      body: '{"n":1}',
    });
    const res = await call('echo', request);
    expect(res.status).toBe(200);
    expect(bodyOf(res)).toMatchObject({
      method: 'POST',
      path: '/echo/42',
      query: 'tag=a&tag=b&q=x%20y',
      params: { id: '42' },
      headers: { 'content-type': 'application/json', accept: 'text/html, application/json' },
      body: Buffer.from('{"n":1}').toString('base64'),
      rawIsPlatforms: true,
    });
  });

  it('strips a custom route prefix, and none when the prefix is empty', async () => {
    const custom = await call('echo', new Request('https://shop/v1/echo/7'), {}, { routePrefix: '/v1/' });
    expect(bodyOf(custom)).toMatchObject({ path: '/echo/7', params: { id: '7' } });
    const none = await call('echo', new Request('https://shop/echo/8'), {}, { routePrefix: '' });
    expect(bodyOf(none)).toMatchObject({ path: '/echo/8', params: { id: '8' } });
  });

  it("falls back to the host's route params when the path differs in case, naming the wildcard *", async () => {
    const res = await call('files', new Request('https://shop/api/FILES/a/b.txt'), {
      faasade_rest: 'a/b.txt',
    });
    expect(bodyOf(res)).toEqual({ '*': 'a/b.txt' });
  });

  it('returns a binary body as the same bytes with its content type', async () => {
    const bytes = new Uint8Array([0, 255, 1, 254, 137, 80, 78, 71]);
    const res = await call('image', new Request('https://shop/api/image', { method: 'POST', body: bytes }));
    expect(res.headers).toMatchObject({ 'content-type': 'image/png' });
    expect(res.body).toBeInstanceOf(Uint8Array);
    expect([...(res.body as Uint8Array)]).toEqual([...bytes]);
  });

  it('keeps the status and the headers, and sends each Set-Cookie as an Azure cookie', async () => {
    const res = await call('login', new Request('https://shop/api/login', { method: 'POST' }));
    expect(res.status).toBe(201);
    expect(res.headers).toEqual({ 'content-type': 'text/plain; charset=utf-8', 'x-request-cost': '3' });
    expect(res.body).toBe('welcome');
    expect(res.cookies).toEqual([
      { name: 'sid', value: 'a b;c', path: '/', httpOnly: true, secure: true, sameSite: 'Lax', maxAge: 3600 },
      { name: 'theme', value: 'dark', domain: 'example.com', expires: new Date('2026-10-21T07:28:00Z') },
    ]);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const res = await call('echo', new Request('https://shop/api/echo/1', { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
  });

  it('continues the trace of the host from the invocation context', async () => {
    const registration = as(registered(app)('echo'), 'http');
    const traceParent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const context = azureInvocationContext({ functionName: 'echo', traceParent });
    const request = new Request('https://shop/api/echo/1', {
      headers: { traceparent: '00-11111111111111111111111111111111-2222222222222222-01' },
    });
    const res = (await registration.handler(await azureHttpRequest(request), context)) as HttpResponseInit;
    expect(bodyOf(res).trace).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      sampled: true,
    });
  });

  it('continues the traceparent header when the host gave no trace context', async () => {
    const request = new Request('https://shop/api/echo/1', {
      headers: { traceparent: '00-11111111111111111111111111111111-2222222222222222-00' },
    });
    const res = await call('echo', request);
    expect(bodyOf(res).trace).toEqual({
      traceId: '11111111111111111111111111111111',
      spanId: '2222222222222222',
      sampled: false,
    });
  });

  it('sets the deadline from functionTimeout, capped at the 230 s HTTP limit of the front end', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_800_000_000_000);
    try {
      const short = await call(
        'deadline',
        new Request('https://shop/api/deadline'),
        {},
        { functionTimeoutMs: 60_000 },
      );
      expect(bodyOf(short).deadline).toBe(1_800_000_000_000 + 60_000);
      const long = await call(
        'deadline',
        new Request('https://shop/api/deadline'),
        {},
        { functionTimeoutMs: 10 * 60_000 },
      );
      expect(bodyOf(long).deadline).toBe(1_800_000_000_000 + 230_000);
    } finally {
      now.mockRestore();
    }
  });

  it('tells telemetry the client address, the host and the platform', async () => {
    const seen: InvocationInfo[] = [];
    const observer: InvocationObserver = {
      start(info) {
        seen.push(info);
        return { traceIds: undefined, run: (fn) => fn(), end() {} };
      },
      flush: async () => {},
    };
    const request = new Request('https://shop.azurewebsites.net/api/echo/1?x=1', {
      headers: { 'x-forwarded-for': '203.0.113.7:51234, 10.0.0.1', 'user-agent': 'curl/8' },
    });
    await call('echo', request, {}, { observer, platform: { region: 'westeurope' } });
    expect(seen[0].http).toMatchObject({
      method: 'GET',
      route: '/echo/:id',
      path: '/echo/1',
      query: 'x=1',
      scheme: 'https',
      host: 'shop.azurewebsites.net',
      userAgent: 'curl/8',
      clientAddress: '203.0.113.7',
    });
    expect(seen[0]).toMatchObject({ cloud: 'azure', trigger: 'http', platform: { region: 'westeurope' } });
  });

  it('routes through the app router in the catch-all function: unknown routes and wrong methods get the error body', async () => {
    const router = as(registered(app, { router: true })('faasadeRouter'), 'http');
    const notFound = (await router.handler(
      await azureHttpRequest(new Request('https://shop/api/nope')),
      azureInvocationContext({ invocationId: 'inv-1' }),
    )) as HttpResponseInit;
    expect(notFound.status).toBe(404);
    expect(bodyOf(notFound)).toEqual({
      error: { code: 'ROUTE_NOT_FOUND', message: 'No route for GET /nope' },
      invocationId: 'inv-1',
    });
    const wrongMethod = (await router.handler(
      await azureHttpRequest(new Request('https://shop/api/image')),
      azureInvocationContext(),
    )) as HttpResponseInit;
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers).toMatchObject({ allow: 'POST' });
  });
});
