import type { HttpRequest } from '@azure/functions';
import type { HttpInput } from '@faasade/core';

type Headers = Record<string, string | string[]>;

/**
 * Converts the host's `HttpRequest` into the runtime's input, all but the body. The path and
 * the raw query come from the URL (so repeated query keys survive), without the host's route
 * prefix, so that a route `/orders/:id` sees `/orders/42` whether the prefix is `api` or empty.
 * The handler reads the body once, as bytes, with {@link readBytes}.
 */
export function toHttpInput(request: HttpRequest, routePrefix: string): HttpInput {
  const url = request.url;
  const schemeEnd = url.indexOf('://');
  const hostStart = schemeEnd + 3;
  let pathStart = url.indexOf('/', hostStart);
  if (pathStart === -1) pathStart = url.length;
  const queryStart = url.indexOf('?', pathStart);
  const path = queryStart === -1 ? url.slice(pathStart) : url.slice(pathStart, queryStart);
  const headers = readHeaders(request.headers);
  return {
    method: request.method,
    path: withoutPrefix(path || '/', routePrefix),
    query: queryStart === -1 ? '' : url.slice(queryStart + 1),
    headers,
    body: undefined,
    scheme: url.slice(0, schemeEnd),
    host: url.slice(hostStart, pathStart),
    sourceIp: clientIp(headers['x-forwarded-for']),
    params: request.params,
  };
}

/**
 * The whole body as bytes, read straight from the request's stream: the same bytes
 * `arrayBuffer()` gives, without its layers of promises (the `@azure/functions` wrapper, then
 * undici's), which cost about a third of reading a small body. One chunk (what a buffered
 * request body is) is returned as it is; several are joined. The reader is not released (as
 * `arrayBuffer()` does not release it either): the body is used up, and releasing a lock builds
 * an error for the reader's `closed` promise, a few µs per request.
 */
export async function readBytes(stream: NonNullable<HttpRequest['body']>): Promise<Uint8Array> {
  const reader: ReadableStreamDefaultReader<Uint8Array> = stream.getReader();
  const first = await reader.read();
  if (first.done) return new Uint8Array(0);
  let next = await reader.read();
  if (next.done) return first.value;
  const chunks = [first.value];
  let length = first.value.byteLength;
  while (!next.done) {
    chunks.push(next.value);
    length += next.value.byteLength;
    next = await reader.read();
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Lowercase names; a header sent several times arrives joined with `, `, except `set-cookie`. */
function readHeaders(source: globalThis.Headers): Headers {
  const headers: Headers = {};
  source.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
    else {
      const seen = headers[name];
      headers[name] = seen === undefined ? [value] : [...seen, value];
    }
  });
  return headers;
}

/** Removes `/<prefix>` from the start of a path (case-insensitively, as the host routes). */
export function withoutPrefix(path: string, routePrefix: string): string {
  if (routePrefix === '') return path;
  const n = routePrefix.length + 1;
  if (path.length < n || path.charCodeAt(0) !== 47 || path.slice(1, n).toLowerCase() !== routePrefix)
    return path;
  if (path.length === n) return '/';
  return path.charCodeAt(n) === 47 ? path.slice(n) : path;
}

/** The caller's address from the front end's `X-Forwarded-For`, which App Service writes as `ip:port`. */
export function clientIp(forwarded: string | string[] | undefined): string | undefined {
  if (forwarded === undefined) return undefined;
  const all = typeof forwarded === 'string' ? forwarded : forwarded[0];
  const comma = all.indexOf(',');
  const first = (comma === -1 ? all : all.slice(0, comma)).trim();
  if (first.startsWith('[')) {
    const end = first.indexOf(']');
    return end > 1 ? first.slice(1, end) : undefined;
  }
  const colon = first.indexOf(':');
  // One colon is IPv4 with a port; more is a bare IPv6 address.
  const ip = colon !== -1 && colon === first.lastIndexOf(':') ? first.slice(0, colon) : first;
  return ip === '' ? undefined : ip;
}
