import { binary, defineApp, http, type QueueMessage, queue } from '@faasade/core';
import { registerGcpFunctions } from '@faasade/gcp-functions';
import { cloudEventRequest, pubsubCloudEvent } from '@faasade/testing/gcp';
import fc from 'fast-check';
import { captureLogs, closeAll, type Served, serve } from './support';

const received: QueueMessage[] = [];
const app = defineApp({
  service: 'fuzz',
  functions: {
    mirror: http({ method: '*', route: '/m/:id/*' }, async (req, ctx) => {
      const headers: Record<string, string> = {};
      req.headers.forEach((value, name) => {
        if (name.startsWith('x-f-')) headers[name] = value;
      });
      return {
        method: req.method,
        url: req.url,
        headers,
        params: ctx.params,
        body: Buffer.from(await req.arrayBuffer()).toString('base64'),
      };
    }),
    reply: http({ method: 'POST', route: '/reply' }, async (req) => {
      const spec = JSON.parse(req.headers.get('x-spec')!) as {
        status: number;
        headers: [string, string][];
        cookies: string[];
      };
      const headers = new Headers(spec.headers);
      for (const cookie of spec.cookies) headers.append('set-cookie', cookie);
      return binary(new Uint8Array(await req.arrayBuffer()), { status: spec.status, headers });
    }),
    inbox: queue({ queue: 'inbox' }, (message) => {
      received.push(message);
    }),
  },
});

const servers: Record<string, Served> = {};
const logs = captureLogs();
const stderr = jest.spyOn(console, 'error').mockImplementation(() => {});
beforeAll(async () => {
  registerGcpFunctions(app);
  for (const name of ['mirror', 'reply', 'inbox']) servers[name] = await serve(name);
});
afterAll(async () => {
  logs.restore();
  stderr.mockRestore();
  await closeAll();
});

// What HTTP can carry: token header names, visible ASCII values without edge whitespace.
const headerName = fc.stringMatching(/^[a-z0-9-]{1,20}$/).map((s) => `x-f-${s}`);
const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,40}[!-~])?$/);
const segment = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .filter((s) => s !== '.' && s !== '..');
const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');
const bytes = fc.uint8Array({ maxLength: 2048 });

describe('HTTP conversion under arbitrary input', () => {
  it('round-trips methods, paths, route params, raw queries, headers and bodies into the handler', async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        segment,
        fc.array(segment, { maxLength: 4 }),
        fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 12 })), { maxLength: 5 }),
        fc.dictionary(headerName, headerValue, { maxKeys: 6 }),
        bytes,
        async (verb, id, rest, query, headers, body) => {
          const url = new URL(
            `${servers.mirror.url}m/${encodeURIComponent(id)}/${rest.map(encodeURIComponent).join('/')}`,
          );
          url.search = new URLSearchParams(query).toString();
          const hasBody = verb !== 'GET' && body.length > 0;
          const res = await fetch(url, {
            method: verb,
            headers: { ...headers, ...(hasBody ? { 'content-type': 'application/octet-stream' } : {}) },
            body: hasBody ? body : undefined,
          });
          expect(res.status).toBe(200);
          const seen = await res.json();
          const expected = new URL(seen.url);
          expect(seen.method).toBe(verb);
          expect(expected.pathname).toBe(url.pathname);
          expect(expected.search).toBe(url.search);
          expect(seen.params.id).toBe(id);
          expect(seen.headers).toEqual(headers);
          expect(Buffer.from(seen.body, 'base64')).toEqual(Buffer.from(hasBody ? body : []));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('round-trips statuses, headers, cookies and binary bodies out of the handler', async () => {
    // 204, 205 and 304 carry no body; a 407 without a proxy is a network error to fetch (the
    // Fetch spec's rule for the client reading it, not the server's), so the test client can not see it.
    const status = fc
      .integer({ min: 200, max: 599 })
      .filter((s) => s !== 204 && s !== 205 && s !== 304 && s !== 407);
    const cookie = fc
      .tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[a-zA-Z0-9]{0,16}$/))
      .map(([k, v]) => `${k}=${v}; Path=/`);
    await fc.assert(
      fc.asyncProperty(
        status,
        fc.dictionary(headerName, headerValue, { maxKeys: 6 }),
        fc.array(cookie, { maxLength: 3 }),
        bytes,
        async (code, headers, cookies, body) => {
          const spec = { status: code, headers: Object.entries(headers), cookies };
          const res = await fetch(`${servers.reply.url}reply`, {
            method: 'POST',
            headers: { 'x-spec': JSON.stringify(spec), 'content-type': 'application/octet-stream' },
            body,
          });
          expect(res.status).toBe(code);
          for (const [name, value] of Object.entries(headers)) expect(res.headers.get(name)).toBe(value);
          expect(res.headers.getSetCookie()).toEqual(cookies);
          expect(new Uint8Array(await res.arrayBuffer())).toEqual(body);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('Pub/Sub conversion under arbitrary input', () => {
  it('round-trips payloads, attributes, ids and delivery attempts into the handler', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), bytes),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 }), {
          maxKeys: 5,
        }),
        fc.stringMatching(/^[0-9]{1,16}$/),
        fc.option(fc.integer({ min: -3, max: 200 }), { nil: undefined }),
        fc.constantFrom('binary' as const, 'structured' as const),
        async (data, attributes, messageId, deliveryAttempt, mode) => {
          received.length = 0;
          const ce = pubsubCloudEvent({ data, attributes, messageId, deliveryAttempt });
          const res = await fetch(cloudEventRequest(servers.inbox.url, ce, mode));
          expect(res.status).toBe(204);
          expect(received).toHaveLength(1);
          const [message] = received;
          expect(message.text).toBe(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
          expect(message.attributes).toEqual(attributes);
          expect(message.id).toBe(messageId);
          expect(message.deliveryCount).toBe(
            deliveryAttempt !== undefined && deliveryAttempt >= 1 ? deliveryAttempt : 1,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers any CloudEvent body with a status, never a crash: 204 when it handled a message, else 500', async () => {
    const pushLike = fc.record(
      {
        message: fc.oneof(
          fc.jsonValue(),
          fc.record({ data: fc.jsonValue(), attributes: fc.jsonValue(), messageId: fc.jsonValue() }),
        ),
        deliveryAttempt: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.jsonValue(), pushLike),
        fc.string({ maxLength: 30 }),
        async (data, type) => {
          received.length = 0;
          const ce = { specversion: '1.0' as const, id: 'e', source: 's', type: type || 't', data };
          const res = await fetch(cloudEventRequest(servers.inbox.url, ce, 'structured'));
          expect([204, 500]).toContain(res.status);
          expect(received).toHaveLength(res.status === 204 ? 1 : 0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
