import { type Cookie, HttpResponse, type HttpResponseInit } from '@azure/functions';

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * What a caller receives for a handler's result, as the Functions host (gRPC mode, the default)
 * sends it: the worker's `HttpResponse` built from the result, its headers as a map (one value
 * per name), each `Cookie` written the way ASP.NET Core writes it (value escaped with
 * `Uri.EscapeDataString`, lowercase attributes), and the body bytes.
 *
 * @example
 * ```ts
 * import { hostResponse } from '@faasade/testing/azure';
 * const res = await hostResponse({ status: 200, body: 'hi', cookies: [{ name: 'sid', value: 'a b', httpOnly: true }] });
 * res.headers.getSetCookie(); // ['sid=a%20b; httponly']
 * ```
 */
export async function hostResponse(result: HttpResponseInit | HttpResponse | undefined): Promise<Response> {
  const response = result instanceof HttpResponse ? result : new HttpResponse(result ?? {});
  const headers = new Headers();
  const byName = new Map<string, string>();
  for (const [name, value] of response.headers.entries()) byName.set(name, value);
  for (const [name, value] of byName) headers.set(name, value);
  for (const cookie of response.cookies) headers.append('set-cookie', setCookieOf(cookie));
  const body = new Uint8Array(await response.arrayBuffer());
  return new Response(NULL_BODY.has(response.status) ? null : body, { status: response.status, headers });
}

function setCookieOf(c: Cookie): string {
  let line = `${c.name}=${escapeDataString(c.value)}`;
  if (c.expires !== undefined) line += `; expires=${new Date(c.expires).toUTCString()}`;
  if (c.maxAge !== undefined) line += `; max-age=${Math.trunc(c.maxAge)}`;
  if (c.domain) line += `; domain=${c.domain}`;
  if (c.path) line += `; path=${c.path}`;
  if (c.secure) line += '; secure';
  if (c.sameSite) line += `; samesite=${c.sameSite.toLowerCase()}`;
  if (c.httpOnly) line += '; httponly';
  return line;
}

/**
 * .NET's `Uri.EscapeDataString`: everything but `A-Z a-z 0-9 - _ . ~` is percent-encoded.
 *
 * @example
 * ```ts
 * import { escapeDataString } from '@faasade/testing/azure';
 * escapeDataString('a+b/c=(1)'); // 'a%2Bb%2Fc%3D%281%29'
 * ```
 */
export function escapeDataString(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
