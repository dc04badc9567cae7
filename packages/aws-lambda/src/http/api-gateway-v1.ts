import type { ApiGatewayV1Event, ApiGatewayV1Result } from '../types';
import { encodedPath, lowercaseHeaders, queryFrom, responseBody } from './encoding';
import { type HttpEventProcessor, withoutStage } from './processor';

/**
 * API Gateway REST APIs, and HTTP APIs with payload format 1.0. REST's `path` never holds the
 * stage; HTTP API 1.0's does on the `execute-api` domain, and is stripped. Query values arrive
 * decoded and are re-encoded; `Set-Cookie` leaves through `multiValueHeaders`.
 */
export const apiGatewayV1: HttpEventProcessor<ApiGatewayV1Event, ApiGatewayV1Result> = {
  method: (event) => event.httpMethod,
  path: (event) =>
    encodedPath(event.version === '1.0' ? withoutStage(event.path, event.requestContext) : event.path),
  query: (event) => queryFrom(event.multiValueQueryStringParameters ?? event.queryStringParameters, true),
  headers: (event) => lowercaseHeaders(event.multiValueHeaders ?? event.headers),
  sourceIp: (event) => event.requestContext.identity?.sourceIp,
  params: (event) => (event.pathParameters ?? undefined) as Record<string, string> | undefined,
  result(output) {
    const { body, isBase64Encoded } = responseBody(output);
    const result: ApiGatewayV1Result = {
      statusCode: output.status,
      headers: output.headers,
      body,
      isBase64Encoded,
    };
    if (output.cookies.length > 0) result.multiValueHeaders = { 'set-cookie': output.cookies };
    return result;
  },
};
