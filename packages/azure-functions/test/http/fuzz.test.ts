import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import { parseSetCookie } from '@faasade/azure-functions';
import { defineApp, http, text } from '@faasade/core';
import { azureInvocationContext, hostResponse } from '@faasade/testing/azure';
import fc from 'fast-check';
import { as, registered } from '../support';

// Echoes what it received, and sends back one header and one (already encoded) cookie value chosen by the request.
const app = defineApp({
  service: 'fuzz',
  functions: {
    echo: http({ method: '*', route: '/fz/*' }, async (req) => {
      const url = new URL(req.url);
      const headers: Record<string, string> = {};
      req.headers.forEach((v, k) => {
        headers[k] = v;
      });
      const body = Buffer.from(await req.arrayBuffer()).toString('base64');
      return text(
        JSON.stringify({ method: req.method, path: url.pathname, query: url.search.slice(1), headers, body }),
        {
          headers: [
            ['x-echo', req.headers.get('x-reply') ?? ''],
            ['set-cookie', `c=${req.headers.get('x-cookie-value') ?? ''}; Path=/`],
          ],
        },
      );
    }),
  },
});
const handler = as(registered(app)('echo'), 'http').handler;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const token = fc.stringMatching(/^[a-z0-9!#$%&'*+.^_`|~-]{1,20}$/);
// Header values the host can carry: visible Latin-1 with inner spaces and tabs, nothing to trim.
const headerValue = fc.stringMatching(
  /^[\x21-\x7e\xa0-\xff]([\x20-\x7e\xa0-\xff\t]{0,30}[\x21-\x7e\xa0-\xff])?$/,
);
const headers = fc.dictionary(
  token.map((t) => `x-${t}`),
  headerValue,
  { maxKeys: 8 },
);

function azureRequest(
  method: string,
  url: string,
  headerInit: Record<string, string>,
  body: Uint8Array,
): HttpRequest {
  // The host sends no body with GET or HEAD.
  const bytes = method === 'GET' || method === 'HEAD' ? undefined : { bytes: body };
  return new HttpRequest({ method, url, headers: headerInit, body: bytes });
}

async function invoke(request: HttpRequest): Promise<HttpResponseInit> {
  return (await handler(request, azureInvocationContext({ functionName: 'echo' }))) as HttpResponseInit;
}

describe('Azure HTTP conversions under arbitrary input', () => {
  it('never fail on any request the platform can represent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 20 }), {
          maxKeys: 5,
        }),
        fc.uint8Array({ maxLength: 64 }),
        async (method, path, query, headerInit, body) => {
          let request: HttpRequest;
          try {
            request = azureRequest(
              method,
              `https://fuzz.azurewebsites.net/api/fz/${path}?${query}`,
              headerInit,
              body,
            );
          } catch {
            fc.pre(false); // not a request the host could have delivered
            return;
          }
          const result = await invoke(request);
          expect(result.status).toBe(200);
          await hostResponse(result);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trip the method, path, query, headers and body bytes the platform delivers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'),
        fc.webPath(),
        fc.webQueryParameters(),
        headers,
        fc.uint8Array({ maxLength: 256 }),
        async (method, path, query, headerInit, body) => {
          const url = `https://fuzz.azurewebsites.net/api/fz/${path.replace(/^\//, '')}?${query}`;
          const request = azureRequest(method, url, headerInit, body);
          const sent = new URL(request.url);
          const echoed = JSON.parse(String((await invoke(request)).body));
          expect(echoed.method).toBe(method);
          expect(echoed.path).toBe(sent.pathname.slice('/api'.length));
          expect(echoed.query).toBe(sent.search.slice(1));
          for (const [name, value] of Object.entries(headerInit)) expect(echoed.headers[name]).toBe(value);
          expect(Buffer.from(echoed.body, 'base64').equals(Buffer.from(body))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('round-trip a response header and any cookie value to what the caller receives', async () => {
    await fc.assert(
      fc.asyncProperty(
        headerValue,
        fc.string({ unit: 'grapheme', maxLength: 30 }),
        async (reply, cookieValue) => {
          const headerInit = { 'x-reply': reply, 'x-cookie-value': encodeURIComponent(cookieValue) };
          const result = await invoke(
            azureRequest('GET', 'https://fuzz/api/fz/x', headerInit, new Uint8Array()),
          );
          expect((result.headers as Record<string, string>)['x-echo']).toBe(reply);
          expect(result.cookies).toEqual([{ name: 'c', value: cookieValue, path: '/' }]);
          const line = (await hostResponse(result)).headers.getSetCookie()[0];
          expect(decodeURIComponent(line.slice('c='.length, line.indexOf(';')))).toBe(cookieValue);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('parse any Set-Cookie line without failing, and read back any encoded name and value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (line) => {
        parseSetCookie(line);
      }),
    );
    fc.assert(
      fc.property(token, fc.string({ unit: 'grapheme', maxLength: 40 }), (name, value) => {
        expect(parseSetCookie(`${name}=${encodeURIComponent(value)}; Path=/`)).toEqual({
          name,
          value,
          path: '/',
        });
      }),
    );
  });
});
