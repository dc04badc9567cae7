import type { HttpOutput } from '@faasade/core';
import type { GcpResponse } from '../types';

/**
 * Writes the runtime's answer with Node's own methods rather than Express's `send`, so nothing
 * is added or rewritten: the status, every header, each `Set-Cookie` as its own header line, and
 * the body as the exact bytes (a Buffer over the same memory, no copy).
 */
export function sendOutput(res: GcpResponse, output: HttpOutput): void {
  res.statusCode = output.status;
  const headers = output.headers;
  for (const name in headers) setHeader(res, name, headers[name]);
  if (output.cookies.length > 0) setHeader(res, 'set-cookie', output.cookies);
  const body = output.body;
  res.end(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}

// Node refuses a header name or value with characters HTTP forbids; such a header is dropped
// rather than turning the whole answer into functions-framework's 500.
function setHeader(res: GcpResponse, name: string, value: string | string[]): void {
  try {
    res.setHeader(name, value);
  } catch {
    /* dropped: not a valid HTTP header */
  }
}
