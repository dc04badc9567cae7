import { binary, defineApp, http, json } from '@faasade/core';
import { toLambda, UnsupportedEventError } from '../src';
import { albEvent, captureLogs, context, httpApiEvent, restEvent } from './fixtures';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);
let handled = 0;

async function echo(req: Request, ctx: { params: Readonly<Record<string, string>> }) {
  handled++;
  const url = new URL(req.url);
  const headers: Record<string, string> = {};
  req.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    method: req.method,
    url: req.url,
    path: url.pathname,
    query: url.search.slice(1),
    params: ctx.params,
    headers,
    body: Buffer.from(await req.arrayBuffer()).toString('base64'),
  };
}

const app = defineApp({
  service: 'orders',
  functions: {
    getOrder: http({ method: 'GET', route: '/orders/:id' }, echo),
    anything: http({ method: '*', route: '/echo/*' }, echo),
    login: http({ method: 'POST', route: '/login' }, () =>
      json(
        { ok: true },
        {
          headers: [
            ['set-cookie', 'session=abc; HttpOnly'],
            ['set-cookie', 'theme=dark; Path=/'],
          ],
        },
      ),
    ),
    logo: http({ method: 'GET', route: '/logo.png' }, () =>
      binary(PNG, { headers: { 'content-type': 'image/png' } }),
    ),
  },
});
const lambda = toLambda(app);
const logs = captureLogs();

beforeEach(() => {
  handled = 0;
});

function bodyOf(result: { body: string }) {
  return JSON.parse(result.body);
}

describe('API Gateway REST API (payload 1.0)', () => {
  it('reads the method, the stage-free path and the route parameters', async () => {
    const result = await lambda.router(restEvent(), context());
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ method: 'GET', path: '/orders/42', params: { id: '42' } });
  });

  it('builds the URL from the Host and X-Forwarded-Proto headers', async () => {
    const result = await lambda.getOrder(restEvent(), context());
    expect(bodyOf(result).url).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/orders/42');
  });

  it('keeps every value of a repeated query key and header, re-encoding the decoded query', async () => {
    const event = restEvent({
      path: '/echo/x',
      queryStringParameters: { tag: 'b', q: 'a b&c' },
      multiValueQueryStringParameters: { tag: ['a', 'b'], q: ['a b&c'] },
      multiValueHeaders: { 'X-Tag': ['one', 'two'], Host: ['api.example.com'] },
    });
    const echoed = bodyOf(await lambda.router(event, context()));
    expect(new URLSearchParams(echoed.query).getAll('tag')).toEqual(['a', 'b']);
    expect(new URLSearchParams(echoed.query).get('q')).toBe('a b&c');
    expect(echoed.headers['x-tag']).toBe('one, two');
  });

  it('decodes a base64 request body to the exact bytes', async () => {
    const event = restEvent({
      httpMethod: 'PUT',
      path: '/echo/upload',
      body: Buffer.from(PNG).toString('base64'),
      isBase64Encoded: true,
    });
    expect(bodyOf(await lambda.router(event, context())).body).toBe(Buffer.from(PNG).toString('base64'));
  });

  it('returns each Set-Cookie through multiValueHeaders', async () => {
    const result = await lambda.login(restEvent({ httpMethod: 'POST', path: '/login' }), context());
    expect(result).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      multiValueHeaders: { 'set-cookie': ['session=abc; HttpOnly', 'theme=dark; Path=/'] },
      isBase64Encoded: false,
    });
  });

  it('base64-encodes a binary response and says so', async () => {
    const result = await lambda.router(restEvent({ path: '/logo.png' }), context());
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body, 'base64')).toEqual(Buffer.from(PNG));
  });

  it("uses API Gateway's path parameters when the function's route does not match the path", async () => {
    // Behind a custom domain with a base path mapping the path keeps the mapping's prefix.
    const result = await lambda.getOrder(
      restEvent({ path: '/shop/orders/42', pathParameters: { id: '42' } }),
      context(),
    );
    expect(bodyOf(result).params).toEqual({ id: '42' });
  });
});

describe('HTTP API (payload 2.0) and Function URLs', () => {
  it('passes the raw query string through unchanged, repeated keys included', async () => {
    const event = httpApiEvent({ rawPath: '/echo/q', rawQueryString: 'tag=a&tag=b&q=a%20b' });
    expect(bodyOf(await lambda.router(event, context())).query).toBe('tag=a&tag=b&q=a%20b');
  });

  it('turns the cookies array into a Cookie header, and Set-Cookie into cookies', async () => {
    const echoed = bodyOf(
      await lambda.router(httpApiEvent({ rawPath: '/echo/c', cookies: ['a=1', 'b=2'] }), context()),
    );
    expect(echoed.headers.cookie).toBe('a=1; b=2');
    const result = await lambda.router(
      httpApiEvent({ rawPath: '/login' }, { http: { method: 'POST', sourceIp: '198.51.100.7' } }),
      context(),
    );
    expect(result).toMatchObject({
      statusCode: 200,
      cookies: ['session=abc; HttpOnly', 'theme=dark; Path=/'],
    });
    expect(result.headers).not.toHaveProperty('set-cookie');
  });

  it('strips a named stage from the path on the execute-api domain', async () => {
    const event = httpApiEvent({ rawPath: '/prod/orders/42' }, { stage: 'prod' });
    expect(bodyOf(await lambda.router(event, context())).path).toBe('/orders/42');
  });

  it('keeps a path that starts with the stage name on a custom domain, where the stage is never in the path', async () => {
    const event = httpApiEvent({ rawPath: '/echo/x' }, { stage: 'echo', domainName: 'api.example.com' });
    expect(bodyOf(await lambda.router(event, context())).path).toBe('/echo/x');
  });

  it('escapes what an HTTP API decoded in the path instead of letting it split the URL', async () => {
    const event = httpApiEvent({ rawPath: '/echo/what?#now 100%', rawQueryString: 'x=1' });
    const echoed = bodyOf(await lambda.router(event, context()));
    expect(echoed.path).toBe('/echo/what%3F%23now%20100%25');
    expect(echoed.query).toBe('x=1');
  });

  it('serves a Function URL event, which has the same shape', async () => {
    const event = httpApiEvent(
      { rawPath: '/orders/7', headers: { host: 'abcdefgh.lambda-url.eu-west-1.on.aws' } },
      { domainName: 'abcdefgh.lambda-url.eu-west-1.on.aws' },
    );
    expect(bodyOf(await lambda.getOrder(event, context()))).toMatchObject({
      url: 'https://abcdefgh.lambda-url.eu-west-1.on.aws/orders/7',
      params: { id: '7' },
    });
  });

  it('answers with the error body and status of the core for an unknown route', async () => {
    const result = await lambda.router(httpApiEvent({ rawPath: '/nowhere' }), context());
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toMatchObject({
      error: { code: 'ROUTE_NOT_FOUND' },
      invocationId: context().awsRequestId,
    });
  });
});

describe('Application Load Balancer', () => {
  it('answers with a status description, as the load balancer requires', async () => {
    const result = await lambda.router(albEvent(false), context());
    expect(result).toMatchObject({ statusCode: 200, statusDescription: '200 OK' });
  });

  it('takes the caller from the first X-Forwarded-For address and keeps query values as the client encoded them', async () => {
    const observed: unknown[] = [];
    const observing = toLambda(app, {
      observer: {
        start: (info) => {
          observed.push(info.http?.clientAddress);
          return { traceIds: undefined, run: (fn) => fn(), end() {} };
        },
        flush: async () => {},
      },
    });
    const event = albEvent(false, { path: '/echo/q', queryStringParameters: { q: 'a%20b', plain: 'x' } });
    const echoed = bodyOf(await observing.router(event, context()));
    expect(echoed.query).toBe('q=a%20b&plain=x');
    expect(observed).toEqual(['198.51.100.7']);
  });

  it('in single-value mode sends only the first Set-Cookie, and warns which were dropped', async () => {
    const result = await lambda.router(albEvent(false, { httpMethod: 'POST', path: '/login' }), context());
    expect(result.headers?.['set-cookie']).toBe('session=abc; HttpOnly');
    expect(result).not.toHaveProperty('multiValueHeaders');
    expect(logs.records()).toContainEqual(expect.objectContaining({ level: 'warn', dropped: ['theme'] }));
  });

  it('in multi-value mode keeps every header value, query value and cookie', async () => {
    const event = albEvent(true, {
      path: '/echo/m',
      multiValueHeaders: { host: ['orders.example.com'], 'x-tag': ['one', 'two'] },
      multiValueQueryStringParameters: { tag: ['a', 'b'] },
    });
    const echoed = bodyOf(await lambda.router(event, context()));
    expect(echoed.headers['x-tag']).toBe('one, two');
    expect(echoed.query).toBe('tag=a&tag=b');
    const login = await lambda.router(albEvent(true, { httpMethod: 'POST', path: '/login' }), context());
    expect(login).toMatchObject({
      statusDescription: '200 OK',
      multiValueHeaders: {
        'content-type': ['application/json'],
        'set-cookie': ['session=abc; HttpOnly', 'theme=dark; Path=/'],
      },
    });
    expect(login).not.toHaveProperty('headers');
  });
});

describe('every HTTP handler', () => {
  it('answers a serverless-plugin-warmup ping without running the handler', async () => {
    const result = await lambda.getOrder({ source: 'serverless-plugin-warmup' }, context());
    expect(result.statusCode).toBe(200);
    expect(handled).toBe(0);
  });

  it('refuses an event that no HTTP trigger sends, naming the handler', async () => {
    const sqs = { Records: [{ eventSource: 'aws:sqs' }] } as never;
    await expect(lambda.router(sqs, context())).rejects.toThrow(UnsupportedEventError);
    await expect(lambda.getOrder(sqs, context())).rejects.toThrow(/handler of getOrder/);
  });
});
