import type { HttpInput, InvocationMeta, RawHeaders } from '@faasade/core';
import type { GcpPlatform } from '../platform';
import { httpCarrier } from '../tracing/carrier';
import type { GcpRequest, GcpResponse } from '../types';

/**
 * The request as the runtime takes it. The path and the raw query come from the URL exactly as
 * sent (functions-framework sees the path after the function's URL); the body is the
 * `rawBody` functions-framework's body parsers kept, bytes untouched.
 */
export function toHttpInput(req: GcpRequest, body: Uint8Array | undefined): HttpInput {
  const url = req.originalUrl || req.url;
  const q = url.indexOf('?');
  return {
    method: req.method,
    path: q === -1 ? url : url.slice(0, q),
    query: q === -1 ? '' : url.slice(q + 1),
    headers: req.headers as RawHeaders,
    body,
    scheme: req.protocol,
    host: req.headers.host,
    sourceIp: req.ip,
  };
}

/** What the runtime should know about an HTTP invocation. */
export function httpMeta(req: GcpRequest, res: GcpResponse, platform: GcpPlatform): InvocationMeta {
  return {
    invocationId: req.executionId,
    deadline: platform.timeoutMs === undefined ? undefined : Date.now() + platform.timeoutMs,
    raw: { event: req, context: res },
    platform: platform.info,
    carrier: httpCarrier(req.headers),
  };
}

/**
 * The body bytes. functions-framework's parsers keep them in `rawBody` for every request with a
 * `Content-Type`; a body sent without one is left unread, so it is read here.
 */
export function requestBody(req: GcpRequest): Uint8Array | undefined | Promise<Uint8Array | undefined> {
  if (req.rawBody !== undefined) return req.rawBody;
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  return hasBody && !req.readableEnded ? readAll(req) : undefined;
}

async function readAll(req: GcpRequest): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : Buffer.concat(chunks);
}
