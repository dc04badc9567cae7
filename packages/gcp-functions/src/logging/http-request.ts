import { IncomingMessage } from 'node:http';
import type { InvocationScope } from '@faasade/core';
import type { GcpRequest } from '../types';

const cache = new WeakMap<object, string>();
const quote = JSON.stringify;

/**
 * Cloud Logging's `httpRequest` for a line of an HTTP invocation, as JSON: what is known while
 * the request runs (method, URL, user agent, client address, protocol). The request is the
 * Express request the adapter put in `ctx.raw.event`; lines of other triggers get none.
 */
export function httpRequestJson(scope: InvocationScope): string | undefined {
  const req = scope.ctx?.raw.event;
  if (!(req instanceof IncomingMessage)) return undefined;
  let json = cache.get(req);
  if (json === undefined) {
    const r = req as GcpRequest;
    const url = `${r.protocol}://${r.headers.host ?? 'localhost'}${r.originalUrl || r.url}`;
    const userAgent = r.headers['user-agent'];
    const ip = r.ip;
    // Built by hand: stringifying five short strings costs a fraction of stringifying an object.
    json =
      `{"requestMethod":${quote(r.method)},"requestUrl":${quote(url)}` +
      (userAgent === undefined ? '' : `,"userAgent":${quote(userAgent)}`) +
      (ip === undefined ? '' : `,"remoteIp":${quote(ip)}`) +
      `,"protocol":${quote(`HTTP/${r.httpVersion}`)}}`;
    cache.set(req, json);
  }
  return json;
}
