import { type LambdaHttpResult, toLambda } from '@faasade/aws-lambda';
import { binary, defineApp, http, json } from '@faasade/core';
import { setDefaultLogSink } from '@faasade/core/logger';
import fc from 'fast-check';
import {
  albEvent,
  apiGatewayV1Event,
  apiGatewayV2Event,
  type HttpEventOptions,
  lambdaResultToResponse,
} from '../../src/aws';

// An app that answers every request with what it received; `x-echo: raw` sends the body back as it came.
const app = defineApp({
  service: 'echo',
  functions: {
    echo: http({ method: '*', route: '/*' }, async (req) => {
      const bytes = new Uint8Array(await req.arrayBuffer());
      if (req.headers.get('x-echo') === 'raw') {
        return binary(bytes, {
          headers: { 'content-type': req.headers.get('content-type') ?? 'application/octet-stream' },
        });
      }
      const url = new URL(req.url);
      const headers: Record<string, string> = {};
      req.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return json({
        method: req.method,
        path: url.pathname,
        query: url.search.slice(1),
        headers,
        body: Buffer.from(bytes).toString('base64'),
      });
    }),
  },
});
const { router } = toLambda(app);

beforeAll(() => setDefaultLogSink({ write() {} }));
afterAll(() => setDefaultLogSink(undefined));

type Mode = 'v2' | 'function-url' | 'v1' | 'alb' | 'alb-multi';

function eventFor(mode: Mode, options: HttpEventOptions) {
  if (mode === 'v1') return apiGatewayV1Event(options);
  if (mode === 'alb' || mode === 'alb-multi') return albEvent(options, { multiValue: mode === 'alb-multi' });
  return apiGatewayV2Event(options, { functionUrl: mode === 'function-url' });
}

async function send(mode: Mode, options: HttpEventOptions) {
  const result = (await router(eventFor(mode, options) as never, undefined as never)) as LambdaHttpResult;
  return lambdaResultToResponse(result);
}

const segment = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 8 })
  .filter((s) => s !== '.' && s !== '..');
const token = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'),
  minLength: 1,
  maxLength: 10,
});
const headerValue = fc
  .string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: 1,
    maxLength: 20,
  })
  .map((v) => v.trim())
  .filter((v) => v.length > 0);
const cookie = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/), fc.stringMatching(/^[A-Za-z0-9_]{0,8}$/))
  .map(([k, v]) => `${k}=${v}`);

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
  segments: fc.array(segment, { maxLength: 4 }),
  query: fc.array(
    fc.tuple(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 6 })),
    { maxLength: 5 },
  ),
  headers: fc.dictionary(
    token.map((t) => `x-${t}`),
    fc.array(headerValue, { minLength: 1, maxLength: 3 }),
    { maxKeys: 5 },
  ),
  cookies: fc.array(cookie, { maxLength: 3 }),
  body: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.uint8Array({ maxLength: 40 })),
});
type Generated = typeof request extends fc.Arbitrary<infer T> ? T : never;

function optionsOf(r: Generated, extra: Record<string, string> = {}): HttpEventOptions {
  const path = `/${r.segments.map(encodeURIComponent).join('/')}`;
  const query = r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const headers: Record<string, string | string[]> = { ...r.headers, ...extra };
  if (r.cookies.length > 0) headers.cookie = r.cookies.join('; ');
  const text = typeof r.body === 'string';
  if (r.method !== 'GET')
    headers['content-type'] = text ? 'text/plain; charset=utf-8' : 'application/octet-stream';
  return {
    method: r.method,
    path: query ? `${path}?${query}` : path,
    headers,
    body: r.method === 'GET' ? undefined : r.body,
  };
}

function grouped(pairs: Iterable<[string, string]>, pick: (values: string[]) => string[]) {
  const out = new Map<string, string[]>();
  for (const [k, v] of pairs) out.set(k, [...(out.get(k) ?? []), v]);
  return Object.fromEntries([...out].map(([k, v]) => [k, pick(v)]));
}

const all = (v: string[]) => v;
const lastOnly = (v: string[]) => [v[v.length - 1]];

/** What each trigger lets through of repeated headers and query values. */
const platform: Record<
  Mode,
  {
    joinHeaders: (v: string[]) => string;
    query: (v: string[]) => string[];
    ordered: boolean;
    decodesPath: boolean;
  }
> = {
  v2: { joinHeaders: (v) => v.join(','), query: all, ordered: true, decodesPath: true },
  'function-url': { joinHeaders: (v) => v.join(','), query: all, ordered: true, decodesPath: false },
  v1: { joinHeaders: (v) => v.join(', '), query: all, ordered: false, decodesPath: false },
  alb: { joinHeaders: (v) => v[v.length - 1], query: lastOnly, ordered: false, decodesPath: false },
  'alb-multi': { joinHeaders: (v) => v.join(', '), query: all, ordered: false, decodesPath: false },
};

describe.each(Object.keys(platform) as Mode[])('HTTP through %s events', (mode) => {
  const rules = platform[mode];

  it('never crashes, and the handler sees the method, path, query, headers, cookies and body the platform lets through', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        // An HTTP API decodes the path: an encoded "/" or "%" inside a segment can not be told apart afterwards.
        if (rules.decodesPath) fc.pre(!r.segments.some((s) => s.includes('/') || s.includes('%')));
        const res = await send(mode, optionsOf(r));
        expect(res.status).toBe(200);
        const echoed = await res.json();
        expect(echoed.method).toBe(r.method);
        expect(echoed.path.split('/').slice(1).map(decodeURIComponent)).toEqual(
          r.segments.length ? r.segments : [''],
        );
        const sent = new URLSearchParams(
          r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
        );
        const got = new URLSearchParams(echoed.query);
        if (rules.ordered) expect([...got]).toEqual([...sent]);
        else expect(grouped(got, all)).toEqual(grouped(sent, rules.query));
        for (const [name, values] of Object.entries(r.headers))
          expect(echoed.headers[name]).toBe(rules.joinHeaders(values));
        expect(echoed.headers.cookie).toBe(r.cookies.length ? r.cookies.join('; ') : undefined);
        const body =
          r.method === 'GET' ? new Uint8Array() : typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
        expect(Buffer.from(echoed.body, 'base64')).toEqual(Buffer.from(body));
      }),
      { numRuns: 150 },
    );
  });

  it('returns any body exactly, base64-encoded when its content type is not text', async () => {
    await fc.assert(
      fc.asyncProperty(
        request.filter((r) => r.method !== 'GET'),
        async (r) => {
          const res = await send(mode, optionsOf(r, { 'x-echo': 'raw' }));
          const expected = typeof r.body === 'string' ? Buffer.from(r.body) : Buffer.from(r.body);
          expect(Buffer.from(await res.arrayBuffer())).toEqual(expected);
          expect(res.headers.get('content-type')).toBe(
            typeof r.body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream',
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});
