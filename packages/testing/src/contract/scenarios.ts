import type { CloudEvent } from '@faasade/core';
import type { Harness } from '../harness';
import {
  ALL_BYTES,
  CONTRACT_COOKIES,
  CONTRACT_EVENT_TYPE,
  CONTRACT_MAX_BODY_BYTES,
  type ContractProbe,
  PNG_BYTES,
  UNICODE_TEXT,
} from './app';
import {
  AN_ID,
  canonicalCookie,
  charsetOf,
  errorResponse,
  jsonOrText,
  leaksDetail,
  linesWith,
  mediaType,
  withoutIds,
} from './observe';

/** The trigger a scenario goes through: a harness that serves only HTTP runs only `http` scenarios. */
export type ScenarioTrigger = 'http' | 'queue' | 'schedule' | 'event';

/** What a scenario gets to work with. */
export interface ScenarioRun {
  readonly harness: Harness;
  readonly probe: ContractProbe;
  /** The URL requests are made against (`https://contract.example.com`). */
  readonly base: string;
}

/**
 * One behaviour every cloud must show. `observe` drives the harness and reduces what happened to
 * a plain value (ids and other per-run values replaced by placeholders); the suite checks it
 * equals `expected`, or what `platformDifferences` documents for that cloud.
 */
export interface ContractScenario {
  readonly id: string;
  readonly trigger: ScenarioTrigger;
  readonly title: string;
  readonly expected: unknown;
  observe(run: ScenarioRun): Promise<unknown>;
}

const BASE = 'https://contract.example.com';
export { BASE as CONTRACT_BASE_URL };

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const QUEUE_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

/** The trace header each cloud's front end hands a function, carrying {@link TRACE_ID}. */
export function platformTraceHeaders(cloud: Harness['cloud']): Record<string, string> {
  switch (cloud) {
    case 'aws':
      return {
        'x-amzn-trace-id': `Root=1-${TRACE_ID.slice(0, 8)}-${TRACE_ID.slice(8)};Parent=${SPAN_ID};Sampled=1`,
      };
    case 'gcp':
      return { 'x-cloud-trace-context': `${TRACE_ID}/${BigInt(`0x${SPAN_ID}`).toString(10)};o=1` };
    default:
      // Azure's front end hands the host a W3C traceparent, which becomes the context's traceContext.
      return { traceparent: TRACEPARENT };
  }
}

const get = (path: string, headers?: HeadersInit) => new Request(`${BASE}${path}`, { headers });
const send = (method: string, path: string, body: BodyInit, contentType: string) =>
  new Request(`${BASE}${path}`, { method, body, headers: { 'content-type': contentType } });
const STATUS_CODES = [200, 201, 202, 204, 302, 400, 401, 403, 409, 418, 422, 429, 503] as const;
const SECRET = 'hunter2';

const job = (id: string, body: unknown, deliveryCount = 1) => ({ id, body, deliveryCount });

/** What `/echo` saw of a request. */
interface Echo {
  status: number;
  method: string;
  url: string;
  contentType: string | null;
  bytes: number;
  base64: string;
  text: string;
  query: [string, string][];
}

async function echoOf(res: Response): Promise<Echo> {
  const body = (await res.json()) as Omit<Echo, 'status'>;
  return { status: res.status, ...body };
}

/**
 * The contract: every scenario, run identically against every harness. Order matters only for
 * readability; each scenario resets the probe and the logs before it runs.
 */
export const contractScenarios: readonly ContractScenario[] = [
  // ── HTTP: status, headers, bodies, cookies, query strings, route parameters ──────────────────
  {
    id: 'http.status-codes',
    trigger: 'http',
    title: 'returns the status code the handler chose, with its body and headers',
    async observe({ harness }) {
      const seen: Record<string, unknown> = {};
      for (const code of STATUS_CODES) {
        const res = await harness.http(get(`/status/${code}`));
        seen[code] = { status: res.status, body: await res.text(), location: res.headers.get('location') };
      }
      return seen;
    },
    expected: Object.fromEntries(
      STATUS_CODES.map((code) => [
        code,
        {
          status: code,
          body: code === 204 ? '' : `status ${code}`,
          location: code === 302 ? '/status/200' : null,
        },
      ]),
    ),
  },
  {
    id: 'http.headers',
    trigger: 'http',
    title: 'passes request headers in (repeated ones joined) and response headers out (repeated ones too)',
    async observe({ harness }) {
      const headers = new Headers({ 'x-one': 'one', 'X-Mixed-Case': 'Value', 'x-empty': '' });
      headers.append('x-repeat', 'a');
      headers.append('x-repeat', 'b');
      const res = await harness.http(get('/headers', headers));
      return {
        status: res.status,
        seen: await res.json(),
        single: res.headers.get('x-single'),
        multi: res.headers.get('x-multi'),
        cacheControl: res.headers.get('cache-control'),
        mixedCase: res.headers.get('x-mixed-case-out'),
        type: mediaType(res.headers.get('content-type')),
      };
    },
    expected: {
      status: 200,
      seen: { one: 'one', repeated: 'a, b', mixedCase: 'Value', empty: '' },
      single: 'one',
      multi: 'a, b',
      cacheControl: 'no-store',
      mixedCase: 'Value',
      type: 'application/json',
    },
  },
  {
    id: 'http.head',
    trigger: 'http',
    title: 'answers HEAD on a GET route with the status and headers but no body',
    async observe({ harness }) {
      const res = await harness.http(new Request(`${BASE}/body/json`, { method: 'HEAD' }));
      return { status: res.status, body: await res.text(), type: mediaType(res.headers.get('content-type')) };
    },
    expected: { status: 200, body: '', type: 'application/json' },
  },
  {
    id: 'http.body.json',
    trigger: 'http',
    title: 'carries JSON bodies both ways',
    async observe({ harness }) {
      const out = await harness.http(get('/body/json'));
      const sent = JSON.stringify({ order: { sku: 'apple', quantity: 2 }, tags: ['a', 'b'] });
      const echo = await echoOf(await harness.http(send('POST', '/echo', sent, 'application/json')));
      return {
        status: out.status,
        type: mediaType(out.headers.get('content-type')),
        body: await out.json(),
        echo: { status: echo.status, contentType: echo.contentType, text: echo.text },
      };
    },
    expected: {
      status: 200,
      type: 'application/json',
      body: { ok: true, n: 1.5, list: [1, 'two', null], nested: { a: { b: 'c' } } },
      echo: {
        status: 200,
        contentType: 'application/json',
        text: '{"order":{"sku":"apple","quantity":2},"tags":["a","b"]}',
      },
    },
  },
  {
    id: 'http.body.text',
    trigger: 'http',
    title: 'carries text bodies both ways, line breaks included',
    async observe({ harness }) {
      const out = await harness.http(get('/body/text'));
      const echo = await echoOf(
        await harness.http(send('PUT', '/echo', 'line one\r\nline two\n', 'text/plain; charset=utf-8')),
      );
      return {
        status: out.status,
        type: mediaType(out.headers.get('content-type')),
        charset: charsetOf(out.headers.get('content-type')),
        body: await out.text(),
        echo: { method: echo.method, text: echo.text, bytes: echo.bytes },
      };
    },
    expected: {
      status: 200,
      type: 'text/plain',
      charset: 'utf-8',
      body: 'plain text\nsecond line\n',
      echo: { method: 'PUT', text: 'line one\r\nline two\n', bytes: 19 },
    },
  },
  {
    id: 'http.body.binary',
    trigger: 'http',
    title: 'carries binary bodies both ways, every byte value intact',
    async observe({ harness }) {
      const out = await harness.http(get('/body/binary'));
      const png = await harness.http(get('/body/png'));
      const echo = await echoOf(
        await harness.http(send('POST', '/echo', ALL_BYTES, 'application/octet-stream')),
      );
      return {
        status: out.status,
        type: mediaType(out.headers.get('content-type')),
        body: Buffer.from(await out.arrayBuffer()).toString('base64'),
        png: {
          status: png.status,
          type: mediaType(png.headers.get('content-type')),
          body: Buffer.from(await png.arrayBuffer()).toString('base64'),
        },
        echo: { bytes: echo.bytes, base64: echo.base64 },
      };
    },
    expected: {
      status: 200,
      type: 'application/octet-stream',
      body: Buffer.from(ALL_BYTES).toString('base64'),
      png: { status: 200, type: 'image/png', body: Buffer.from(PNG_BYTES).toString('base64') },
      echo: { bytes: 256, base64: Buffer.from(ALL_BYTES).toString('base64') },
    },
  },
  {
    id: 'http.body.unicode',
    trigger: 'http',
    title: 'carries text outside Latin-1 (and outside the BMP) both ways, as UTF-8',
    async observe({ harness }) {
      const asJson = await harness.http(get('/body/unicode-json'));
      const asText = await harness.http(get('/body/unicode-text'));
      const echo = await echoOf(
        await harness.http(send('POST', '/echo', UNICODE_TEXT, 'text/plain; charset=utf-8')),
      );
      return {
        json: await asJson.json(),
        text: await asText.text(),
        echo: { text: echo.text, bytes: echo.bytes },
      };
    },
    expected: {
      json: { text: UNICODE_TEXT },
      text: UNICODE_TEXT,
      echo: { text: UNICODE_TEXT, bytes: Buffer.byteLength(UNICODE_TEXT) },
    },
  },
  {
    id: 'http.cookies',
    trigger: 'http',
    title: 'passes request cookies in and several Set-Cookie headers out, each intact',
    async observe({ harness }) {
      const res = await harness.http(get('/cookies', { cookie: 'a=1; b=two; c=x%3Dy' }));
      const sent = ((await res.json()) as { cookie: string | null }).cookie;
      return {
        status: res.status,
        // The Cookie header's pairs, in order; how they are spaced is not the contract.
        cookie: sent?.split(';').map((pair) => pair.trim()) ?? null,
        setCookie: res.headers.getSetCookie().map(canonicalCookie),
      };
    },
    expected: {
      status: 200,
      cookie: ['a=1', 'b=two', 'c=x%3Dy'],
      setCookie: CONTRACT_COOKIES.map(canonicalCookie),
    },
  },
  {
    id: 'http.query',
    trigger: 'http',
    title: 'passes query strings with repeated keys, empty values and encoded characters',
    async observe({ harness }) {
      const res = await harness.http(
        get('/echo?tag=a&tag=b&tag=c&empty=&space=a%20b&plus=a+b&enc=%C3%A9t%C3%A9%26more&last=1'),
      );
      return (await echoOf(res)).query;
    },
    expected: [
      ['tag', 'a'],
      ['tag', 'b'],
      ['tag', 'c'],
      ['empty', ''],
      ['space', 'a b'],
      ['plus', 'a b'],
      ['enc', 'été&more'],
      ['last', '1'],
    ],
  },
  {
    id: 'http.route-params',
    trigger: 'http',
    title: 'extracts route parameters, percent-decoded',
    async observe({ harness }) {
      const plain = await harness.http(get('/items/42/parts/wheel'));
      const encoded = await harness.http(get('/items/a%20b/parts/%C3%A9t%C3%A9'));
      return {
        plain: { status: plain.status, ...(await plain.json()) },
        encoded: { status: encoded.status, ...(await encoded.json()) },
      };
    },
    expected: {
      plain: { status: 200, params: { id: '42', part: 'wheel' } },
      encoded: { status: 200, params: { id: 'a b', part: 'été' } },
    },
  },
  {
    id: 'http.route-params.encoded-slash',
    trigger: 'http',
    title: 'keeps an encoded slash (%2F) inside one route parameter',
    async observe({ harness }) {
      const res = await harness.http(get('/items/a%2Fb/parts/x'));
      return { status: res.status, body: withoutIds(jsonOrText(await res.text())) };
    },
    expected: { status: 200, body: { params: { id: 'a/b', part: 'x' } } },
  },
  {
    id: 'http.route-params.encoded-percent',
    trigger: 'http',
    title: 'decodes a route parameter exactly once (%25 is a percent sign, %2541 is "%41")',
    async observe({ harness }) {
      const res = await harness.http(get('/items/100%25/parts/%2541'));
      return { status: res.status, body: withoutIds(jsonOrText(await res.text())) };
    },
    expected: { status: 200, body: { params: { id: '100%', part: '%41' } } },
  },
  {
    id: 'http.route-case',
    trigger: 'http',
    title: 'matches the literal segments of a route case-sensitively',
    async observe({ harness }) {
      const res = await harness.http(get('/STATUS/201'));
      return { status: res.status, body: withoutIds(jsonOrText(await res.text())) };
    },
    expected: {
      status: 404,
      body: {
        error: { code: 'ROUTE_NOT_FOUND', message: 'No route for GET /STATUS/201' },
        invocationId: AN_ID,
      },
    },
  },
  {
    id: 'http.request-url',
    trigger: 'http',
    title: 'gives the handler the URL the client called: scheme, host, path and raw query',
    async observe({ harness }) {
      const res = await harness.http(get('/echo?x=1&y=%20&z=a+b'));
      return ((await res.json()) as { url: string }).url;
    },
    expected: `${BASE}/echo?x=1&y=%20&z=a+b`,
  },
  // ── HTTP errors: one body on every cloud ─────────────────────────────────────────────────────
  {
    id: 'http.validation-failed',
    trigger: 'http',
    title: 'accepts a valid body, and answers an invalid one with 400 VALIDATION_FAILED and its issues',
    async observe({ harness }) {
      const ok = await harness.http(
        send('POST', '/orders', JSON.stringify({ sku: 'apple', quantity: 2 }), 'application/json'),
      );
      const bad = await harness.http(
        send('POST', '/orders', JSON.stringify({ sku: '', quantity: 0 }), 'application/json'),
      );
      return { ok: { status: ok.status, body: await ok.json() }, invalid: await errorResponse(bad) };
    },
    expected: {
      ok: { status: 201, body: { created: { sku: 'apple', quantity: 2 } } },
      invalid: {
        status: 400,
        type: 'application/json',
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The request body is not valid',
            issues: [
              { path: 'sku', message: 'Expected a non-empty string' },
              { path: 'quantity', message: 'Expected a whole number of at least 1' },
            ],
          },
          invocationId: AN_ID,
        },
      },
    },
  },
  {
    id: 'http.malformed-json',
    trigger: 'http',
    title: 'answers malformed JSON with 400 MALFORMED_JSON',
    async observe({ harness }) {
      const res = await errorResponse(
        await harness.http(send('POST', '/orders', '{"sku": "apple", ', 'application/json')),
      );
      const body = res.body as { error?: { code?: string; message?: string }; invocationId?: string };
      return {
        status: res.status,
        type: res.type,
        code: body?.error?.code ?? null,
        messageStart: body?.error?.message?.slice(0, 'The request body is not valid JSON'.length) ?? null,
        invocationId: body?.invocationId ?? null,
      };
    },
    expected: {
      status: 400,
      type: 'application/json',
      code: 'MALFORMED_JSON',
      messageStart: 'The request body is not valid JSON',
      invocationId: AN_ID,
    },
  },
  {
    id: 'http.payload-too-large',
    trigger: 'http',
    title: 'answers a body over the limit with 413 PAYLOAD_TOO_LARGE',
    async observe({ harness }) {
      const big = JSON.stringify({ sku: 'x'.repeat(CONTRACT_MAX_BODY_BYTES), quantity: 1 });
      return errorResponse(await harness.http(send('POST', '/orders', big, 'application/json')));
    },
    expected: {
      status: 413,
      type: 'application/json',
      body: {
        error: {
          code: 'PAYLOAD_TOO_LARGE',
          message: `The request body is larger than ${CONTRACT_MAX_BODY_BYTES} bytes`,
        },
        invocationId: AN_ID,
      },
    },
  },
  {
    id: 'http.unsupported-media-type',
    trigger: 'http',
    title: 'answers a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE',
    async observe({ harness }) {
      const res = await errorResponse(await harness.http(send('POST', '/orders', 'sku=apple', 'text/plain')));
      return { status: res.status, code: (res.body as { error: { code: string } }).error.code };
    },
    expected: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  },
  {
    id: 'http.unknown-route',
    trigger: 'http',
    title: 'answers an unknown route with 404 ROUTE_NOT_FOUND',
    async observe({ harness }) {
      return errorResponse(await harness.http(get('/no/such/route')));
    },
    expected: {
      status: 404,
      type: 'application/json',
      body: {
        error: { code: 'ROUTE_NOT_FOUND', message: 'No route for GET /no/such/route' },
        invocationId: AN_ID,
      },
    },
  },
  {
    id: 'http.wrong-method',
    trigger: 'http',
    title: 'answers a method the route does not take with 405 METHOD_NOT_ALLOWED and Allow',
    async observe({ harness }) {
      const res = await harness.http(new Request(`${BASE}/status/200`, { method: 'DELETE' }));
      return { ...(await errorResponse(res)), allow: res.headers.get('allow') };
    },
    expected: {
      status: 405,
      type: 'application/json',
      body: {
        error: { code: 'METHOD_NOT_ALLOWED', message: 'DELETE is not allowed on /status/200' },
        invocationId: AN_ID,
      },
      allow: 'GET',
    },
  },
  {
    id: 'http.thrown-error',
    trigger: 'http',
    title: 'answers a thrown error with 500 INTERNAL_ERROR: no detail, no stack, the invocation id',
    async observe({ harness }) {
      const res = await harness.http(get('/boom'));
      const text = await res.text();
      const body = jsonOrText(text) as { invocationId?: unknown };
      const logged = harness.logs().filter((line) => line.level === 'error');
      return {
        ...(await errorResponse(new Response(text, { status: res.status, headers: res.headers }))),
        leaksDetail: leaksDetail(text, SECRET),
        // The id the caller gets is the one on the error's log line, so support can find it.
        idOnErrorLog: logged.some((line) => line.fields.invocationId === body.invocationId),
      };
    },
    expected: {
      status: 500,
      type: 'application/json',
      body: { error: { code: 'INTERNAL_ERROR', message: 'Internal server error' }, invocationId: AN_ID },
      leaksDetail: false,
      idOnErrorLog: true,
    },
  },
  {
    id: 'http.thrown-http-error',
    trigger: 'http',
    title: 'answers a thrown HttpError with its own status, code, message and headers',
    async observe({ harness }) {
      const res = await harness.http(get('/teapot'));
      return { ...(await errorResponse(res)), retryAfter: res.headers.get('retry-after') };
    },
    expected: {
      status: 418,
      type: 'application/json',
      body: { error: { code: 'I_AM_A_TEAPOT', message: 'Short and stout' }, invocationId: AN_ID },
      retryAfter: '120',
    },
  },
  {
    id: 'http.invalid-status',
    trigger: 'http',
    title:
      'answers a handler that returns an impossible status (99, 600) like a thrown error: 500 INTERNAL_ERROR',
    async observe({ harness }) {
      const seen: Record<string, unknown> = {};
      for (const code of [99, 600]) {
        try {
          seen[code] = await errorResponse(await harness.http(get(`/status/${code}`)));
        } catch (error) {
          // A harness that cannot even build the response the platform would send.
          seen[code] = { threw: String(error) };
        }
      }
      return seen;
    },
    expected: Object.fromEntries(
      [99, 600].map((code) => [
        code,
        {
          status: 500,
          type: 'application/json',
          body: { error: { code: 'INTERNAL_ERROR', message: 'Internal server error' }, invocationId: AN_ID },
        },
      ]),
    ),
  },
  {
    id: 'http.deadline',
    trigger: 'http',
    title: 'answers a handler that overruns its deadline with 504 FUNCTION_TIMEOUT',
    async observe({ harness }) {
      return errorResponse(await harness.http(get('/slow'), { timeoutMs: 300 }));
    },
    expected: {
      status: 504,
      type: 'application/json',
      body: {
        error: { code: 'FUNCTION_TIMEOUT', message: 'The function did not finish in time' },
        invocationId: AN_ID,
      },
    },
  },
  // ── Trace continuation ───────────────────────────────────────────────────────────────────────
  {
    id: 'trace.platform-header',
    trigger: 'http',
    title: "continues the trace of the cloud's own incoming trace header",
    async observe({ harness }) {
      const res = await harness.http(get('/trace', platformTraceHeaders(harness.cloud)));
      const { trace } = (await res.json()) as { trace: { traceId: string; sampled: boolean } | null };
      return trace && { traceId: trace.traceId, sampled: trace.sampled };
    },
    expected: { traceId: TRACE_ID, sampled: true },
  },
  {
    id: 'trace.traceparent',
    trigger: 'http',
    title: 'continues the trace of an incoming W3C traceparent header',
    async observe({ harness }) {
      const res = await harness.http(get('/trace', { traceparent: TRACEPARENT }));
      const { trace } = (await res.json()) as { trace: { traceId: string; sampled: boolean } | null };
      return trace && { traceId: trace.traceId, sampled: trace.sampled };
    },
    expected: { traceId: TRACE_ID, sampled: true },
  },
  {
    id: 'trace.traceparent-wins',
    trigger: 'http',
    title: "prefers an incoming traceparent to the cloud's own trace header when both arrive",
    async observe({ harness }) {
      const own = platformTraceHeaders(harness.cloud);
      const winner = `00-${QUEUE_TRACE_ID}-${SPAN_ID}-01`;
      const res = await harness.http(get('/trace', { ...own, traceparent: winner }));
      const { trace } = (await res.json()) as { trace: { traceId: string } | null };
      return trace?.traceId ?? null;
    },
    expected: QUEUE_TRACE_ID,
  },
  {
    id: 'trace.message',
    trigger: 'queue',
    title: "continues the trace of a message's traceparent attribute",
    async observe({ harness, probe }) {
      const traceparent = `00-${QUEUE_TRACE_ID}-${SPAN_ID}-01`;
      await harness.queue('work', [{ id: 'traced', body: { task: 't' }, attributes: { traceparent } }]);
      return probe.messageTraces.traced ?? null;
    },
    expected: QUEUE_TRACE_ID,
  },
  // ── Logs ─────────────────────────────────────────────────────────────────────────────────────
  {
    id: 'logs.fields',
    trigger: 'http',
    title: 'writes log lines with the same fields and levels on every cloud',
    async observe({ harness }) {
      const res = await harness.http(get('/log'));
      const { invocationId } = (await res.json()) as { invocationId: string };
      const lines = harness.logs();
      return ['contract info line', 'contract warn line', 'contract error line'].map((message) => {
        const line = linesWith(lines, message)[0];
        if (!line) return { message, missing: true };
        const f = line.fields;
        return {
          level: line.level,
          message: line.message,
          service: f.service,
          cloud: f.cloud === harness.cloud ? '<this cloud>' : f.cloud,
          function: f.function,
          invocationId: f.invocationId === invocationId ? AN_ID : f.invocationId,
          coldStart: typeof f.coldStart,
          marker: f.marker,
        };
      });
    },
    expected: [
      ['info', 'contract info line'],
      ['warn', 'contract warn line'],
      ['error', 'contract error line'],
    ].map(([level, message]) => ({
      level,
      message,
      service: 'contract',
      cloud: '<this cloud>',
      function: 'log',
      invocationId: AN_ID,
      coldStart: 'boolean',
      marker: 'contract',
    })),
  },
  {
    id: 'logs.message-failures',
    trigger: 'queue',
    title: 'logs a retried message as a warning and a dead-lettered one as an error, with the same fields',
    async observe({ harness }) {
      await harness.queue('work', [
        job('f-retry', { task: 'j', fail: 'transient' }),
        job('f-dead', { task: 7 }),
      ]);
      const lines = harness.logs();
      const pick = (message: string) =>
        linesWith(lines, message).map((line) => ({
          level: line.level,
          service: line.fields.service,
          function: line.fields.function,
          messageId: line.fields.messageId,
          deliveryCount: line.fields.deliveryCount,
          maxAttempts: line.fields.maxAttempts,
          reason: line.fields.reason ?? null,
          invocationId: typeof line.fields.invocationId === 'string' ? AN_ID : line.fields.invocationId,
        }));
      return {
        retried: pick('message failed; it will be retried'),
        deadLettered: pick('message dead-lettered'),
      };
    },
    expected: {
      retried: [
        {
          level: 'warn',
          service: 'contract',
          function: 'work',
          messageId: 'f-retry',
          deliveryCount: 1,
          maxAttempts: 3,
          reason: null,
          invocationId: AN_ID,
        },
      ],
      deadLettered: [
        {
          level: 'error',
          service: 'contract',
          function: 'work',
          messageId: 'f-dead',
          deliveryCount: 1,
          maxAttempts: 3,
          reason: 'invalid',
          invocationId: AN_ID,
        },
      ],
    },
  },
  // ── Instance lifecycle ───────────────────────────────────────────────────────────────────────
  {
    id: 'instance.cold-start',
    trigger: 'http',
    title: 'reports coldStart true on the first invocation of an instance, then false',
    async observe({ harness }) {
      harness.newInstance();
      const first = (await (await harness.http(get('/instance'))).json()) as { coldStart: boolean };
      const second = (await (await harness.http(get('/instance'))).json()) as { coldStart: boolean };
      harness.newInstance();
      const again = (await (await harness.http(get('/instance'))).json()) as { coldStart: boolean };
      const logged = linesWith(harness.logs(), 'contract instance probe').map((l) => l.fields.coldStart);
      return { handler: [first.coldStart, second.coldStart, again.coldStart], logged };
    },
    expected: { handler: [true, false, true], logged: [true, false, true] },
  },
  {
    id: 'instance.warmup',
    trigger: 'http',
    title: 'answers a warm-up ping without running user code, and the instance is warm after it',
    async observe({ harness, probe }) {
      harness.newInstance();
      await harness.warmup('instance');
      const ranDuringPing = [...probe.ran];
      const after = (await (await harness.http(get('/instance'))).json()) as { coldStart: boolean };
      return { ranDuringPing, coldStartAfterPing: after.coldStart };
    },
    expected: { ranDuringPing: [], coldStartAfterPing: false },
  },
  {
    id: 'instance.warmup.queue',
    trigger: 'queue',
    title: 'answers a warm-up ping to a queue function without running user code',
    async observe({ harness, probe }) {
      await harness.warmup('work');
      return { ran: [...probe.ran], deadLettered: [...probe.deadLettered] };
    },
    expected: { ran: [], deadLettered: [] },
  },
  // ── Queues ───────────────────────────────────────────────────────────────────────────────────
  {
    id: 'queue.message',
    trigger: 'queue',
    title: 'hands a message over with its id, body, text, attributes and delivery count',
    async observe({ harness, probe }) {
      const result = await harness.queue('work', [
        {
          id: 'shape-1',
          body: { task: 'ship', n: 1 },
          attributes: { origin: 'web', tenant: 'acme' },
          deliveryCount: 2,
        },
      ]);
      return { result, message: probe.messages['shape-1'] ?? null };
    },
    expected: {
      result: { succeeded: ['shape-1'], retried: [], deadLettered: [] },
      message: {
        body: { task: 'ship', n: 1 },
        text: '{"task":"ship","n":1}',
        attributes: { origin: 'web', tenant: 'acme' },
        deliveryCount: 2,
      },
    },
  },
  {
    id: 'queue.partial-failure',
    trigger: 'queue',
    title: 'retries only the messages of a batch that failed',
    async observe({ harness, probe }) {
      const result = await harness.queue('work', [
        job('m-ok-1', { task: 'a' }),
        job('m-fail-1', { task: 'b', fail: 'transient' }),
        job('m-ok-2', { task: 'c' }),
        job('m-fail-2', { task: 'd', fail: 'transient' }, 2),
      ]);
      return { result, ran: [...probe.ran], deadLetterHook: [...probe.deadLettered] };
    },
    expected: {
      result: { succeeded: ['m-ok-1', 'm-ok-2'], retried: ['m-fail-1', 'm-fail-2'], deadLettered: [] },
      ran: ['work:m-ok-1', 'work:m-fail-1', 'work:m-ok-2', 'work:m-fail-2'],
      deadLetterHook: [],
    },
  },
  {
    id: 'queue.poison',
    trigger: 'queue',
    title: 'dead-letters a message that can never succeed at once, without retrying it',
    async observe({ harness, probe }) {
      const result = await harness.queue('work', [
        job('p-invalid', { task: 42 }),
        job('p-not-json', 'this is {not json'),
        job('p-permanent', { task: 'e', fail: 'permanent' }),
        job('p-fine', { task: 'f' }),
      ]);
      return { result, ran: [...probe.ran], deadLetterHook: [...probe.deadLettered] };
    },
    expected: {
      result: {
        succeeded: ['p-fine'],
        retried: [],
        deadLettered: ['p-invalid', 'p-not-json', 'p-permanent'],
      },
      ran: ['work:p-permanent', 'work:p-fine'],
      deadLetterHook: ['p-invalid', 'p-not-json', 'p-permanent'],
    },
  },
  {
    id: 'queue.last-attempt',
    trigger: 'queue',
    title: 'dead-letters a message that fails on its last allowed attempt',
    async observe({ harness, probe }) {
      const result = await harness.queue('work', [
        job('l-second', { task: 'g', fail: 'transient' }, 2),
        job('l-last', { task: 'h', fail: 'transient' }, 3),
      ]);
      return { result, deadLetterHook: [...probe.deadLettered] };
    },
    expected: {
      result: { succeeded: [], retried: ['l-second'], deadLettered: ['l-last'] },
      deadLetterHook: ['l-last'],
    },
  },
  {
    id: 'queue.deadline',
    trigger: 'queue',
    title: 'retries a message whose handler overruns its deadline',
    async observe({ harness, probe }) {
      const result = await harness.queue('work', [job('d-hang', { task: 'i', fail: 'hang' })], {
        timeoutMs: 300,
      });
      return { result, ran: [...probe.ran], deadLetterHook: [...probe.deadLettered] };
    },
    expected: {
      result: { succeeded: [], retried: ['d-hang'], deadLettered: [] },
      ran: ['work:d-hang'],
      deadLetterHook: [],
    },
  },
  {
    id: 'queue.ordered-group',
    trigger: 'queue',
    title: 'holds back the rest of an ordered group after one of its messages fails; other groups go on',
    async observe({ harness, probe }) {
      const result = await harness.queue('work', [
        { id: 'g-a1', body: { task: 'a1' }, group: 'a' },
        { id: 'g-a2', body: { task: 'a2', fail: 'transient' }, group: 'a' },
        { id: 'g-a3', body: { task: 'a3' }, group: 'a' },
        { id: 'g-b1', body: { task: 'b1' }, group: 'b' },
      ]);
      return { result, ran: [...probe.ran] };
    },
    expected: {
      result: { succeeded: ['g-a1', 'g-b1'], retried: ['g-a2', 'g-a3'], deadLettered: [] },
      ran: ['work:g-a1', 'work:g-a2', 'work:g-b1'],
    },
  },
  // ── Schedules and events ─────────────────────────────────────────────────────────────────────
  {
    id: 'schedule.run',
    trigger: 'schedule',
    title: 'runs a schedule, and reports a failing one as failed',
    async observe({ harness, probe }) {
      const ok = await harness.schedule('tick');
      const failing = await harness.schedule('tickFails');
      return { ok, failing, ran: [...probe.ran] };
    },
    expected: { ok: { ok: true }, failing: { ok: false }, ran: ['tick', 'tickFails'] },
  },
  {
    id: 'event.delivery',
    trigger: 'event',
    title: 'delivers a CloudEvent with its id, type, source and data, and reports a failure',
    async observe({ harness, probe }) {
      const thing: CloudEvent = {
        specversion: '1.0',
        id: 'evt-1',
        source: 'contract.tests',
        type: CONTRACT_EVENT_TYPE,
        data: { n: 1, name: 'thing' },
      };
      const ok = await harness.event('thing', thing);
      const failing = await harness.event('thing', { ...thing, id: 'evt-2', data: { fail: true } });
      return {
        ok,
        failing,
        received: probe.events.map((e) => ({ id: e.id, type: e.type, source: e.source, data: e.data })),
      };
    },
    expected: {
      ok: { ok: true },
      failing: { ok: false },
      received: [
        { id: 'evt-1', type: CONTRACT_EVENT_TYPE, source: 'contract.tests', data: { n: 1, name: 'thing' } },
        { id: 'evt-2', type: CONTRACT_EVENT_TYPE, source: 'contract.tests', data: { fail: true } },
      ],
    },
  },
  {
    id: 'event.other-type',
    trigger: 'event',
    title: 'ignores a CloudEvent of a type the function does not handle',
    async observe({ harness, probe }) {
      const other: CloudEvent = {
        specversion: '1.0',
        id: 'evt-x',
        source: 'contract.tests',
        type: 'other.type',
      };
      return { result: await harness.event('thing', other), ran: [...probe.ran] };
    },
    expected: { result: { ok: true }, ran: [] },
  },
];

/** A scenario by id; throws for an id that is not one. */
export function scenarioById(id: string): ContractScenario {
  const found = contractScenarios.find((s) => s.id === id);
  if (!found) throw new TypeError(`No contract scenario "${id}"`);
  return found;
}
