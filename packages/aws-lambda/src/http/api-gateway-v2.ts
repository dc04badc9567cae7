import type { ApiGatewayV2Event, ApiGatewayV2Result } from '../types';
import { encodedPath, encodedQuery, responseBody } from './encoding';
import { type HttpEventProcessor, withoutStage } from './processor';

function isFunctionUrl(event: ApiGatewayV2Event): boolean {
  return (
    (event.requestContext as { domainName?: string } | undefined)?.domainName?.includes('.lambda-url.') ===
    true
  );
}

function encodeSegment(segment: string): string {
  try {
    return encodeURIComponent(segment);
  } catch {
    return segment; // a lone surrogate: left for encodedPath to escape
  }
}

/**
 * HTTP API payload 2.0 and Function URLs. Headers arrive lowercase with repeated values joined
 * by commas; cookies arrive in `cookies` and leave in `cookies`, one `Set-Cookie` each.
 */
export const apiGatewayV2: HttpEventProcessor<ApiGatewayV2Event, ApiGatewayV2Result> = {
  method: (event) => event.requestContext.http.method,
  path: (event) => {
    const path = withoutStage(event.rawPath, event.requestContext) ?? '';
    // An HTTP API hands over the path decoded (`%25` arrives as `%`), a Function URL encoded:
    // re-encode the HTTP API's segments so the router decodes each exactly once.
    return isFunctionUrl(event)
      ? encodedPath(path)
      : encodedPath(path.split('/').map(encodeSegment).join('/'));
  },
  query: (event) => encodedQuery(event.rawQueryString),
  headers: (event) =>
    event.cookies?.length ? { ...event.headers, cookie: event.cookies.join('; ') } : (event.headers ?? {}),
  sourceIp: (event) => event.requestContext.http.sourceIp,
  params: (event) => event.pathParameters as Record<string, string> | undefined,
  result(output) {
    const { body, isBase64Encoded } = responseBody(output);
    const result: ApiGatewayV2Result = {
      statusCode: output.status,
      headers: output.headers,
      body,
      isBase64Encoded,
    };
    if (output.cookies.length > 0) result.cookies = output.cookies;
    return result;
  },
};
