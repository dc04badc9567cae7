import type { Cookie, HttpResponseInit } from '@azure/functions';
import type { HttpOutput } from '@faasade/core';
import { parseSetCookie } from './cookies';

/**
 * Converts the runtime's output into what an `@azure/functions` HTTP handler returns: the
 * status, every header (one value per name, as the model carries them), each `Set-Cookie` as a
 * `Cookie`, and the body as text or bytes, untouched (`enableContentNegotiation` stays off).
 */
export function toResponseInit(output: HttpOutput): HttpResponseInit {
  const init: HttpResponseInit = { status: output.status, headers: output.headers, body: output.body };
  if (output.cookies.length > 0) {
    const cookies: Cookie[] = [];
    for (const line of output.cookies) {
      const cookie = parseSetCookie(line);
      if (cookie) cookies.push(cookie);
    }
    init.cookies = cookies;
  }
  return init;
}
