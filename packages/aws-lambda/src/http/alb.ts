import { headerOf, type RawHeaders } from '@faasade/core';
import type { AlbEvent, AlbResult } from '../types';
import { encodedPath, lowercaseHeaders, queryFrom, responseBody } from './encoding';
import type { HttpEventProcessor } from './processor';

const common = {
  method: (event: AlbEvent) => event.httpMethod,
  path: (event: AlbEvent) => encodedPath(event.path),
  sourceIp(_event: AlbEvent, headers: RawHeaders) {
    const forwarded = headerOf(headers, 'x-forwarded-for');
    return forwarded?.split(',')[0].trim() || undefined;
  },
  params: () => undefined,
};

function statusDescription(status: number): string {
  // node:http (~3 ms to load) only for ALB responses, and only when the first one is made.
  const text = (require('node:http') as typeof import('node:http')).STATUS_CODES[status];
  return text ? `${status} ${text}` : String(status);
}

/**
 * An ALB target group in its default single-value mode: one value per header and per query key
 * (the last one, when the client repeated it). A response can carry only one `Set-Cookie`: the
 * first is sent and a warning names the ones dropped; turn on multi-value headers to send all.
 */
export const alb: HttpEventProcessor<AlbEvent, AlbResult> = {
  ...common,
  query: (event) => queryFrom(event.queryStringParameters, false),
  headers: (event) => lowercaseHeaders(event.headers),
  result(output, log) {
    const { body, isBase64Encoded } = responseBody(output);
    const headers = { ...output.headers };
    if (output.cookies.length > 0) headers['set-cookie'] = output.cookies[0];
    if (output.cookies.length > 1) {
      log.warn('ALB single-value headers mode carries one Set-Cookie; the others were dropped', {
        dropped: output.cookies.slice(1).map((c) => c.split('=')[0]),
      });
    }
    return {
      statusCode: output.status,
      statusDescription: statusDescription(output.status),
      headers,
      body,
      isBase64Encoded,
    };
  },
};

/** An ALB target group with multi-value headers on: every header, query value and cookie survives. */
export const albMultiValue: HttpEventProcessor<AlbEvent, AlbResult> = {
  ...common,
  query: (event) => queryFrom(event.multiValueQueryStringParameters, false),
  headers: (event) => lowercaseHeaders(event.multiValueHeaders),
  result(output) {
    const { body, isBase64Encoded } = responseBody(output);
    const multiValueHeaders: Record<string, string[]> = {};
    for (const name in output.headers) multiValueHeaders[name] = [output.headers[name]];
    if (output.cookies.length > 0) multiValueHeaders['set-cookie'] = output.cookies;
    return {
      statusCode: output.status,
      statusDescription: statusDescription(output.status),
      multiValueHeaders,
      body,
      isBase64Encoded,
    };
  },
};
