import type { LambdaHttpResult } from '../types';
import { alb, albMultiValue } from './alb';
import { apiGatewayV1 } from './api-gateway-v1';
import { apiGatewayV2 } from './api-gateway-v2';
import type { HttpEventBody, HttpEventProcessor } from './processor';

/**
 * Picks the processor for an HTTP event by the fields only its shape has: `version: '2.0'` and
 * `requestContext.http` for an HTTP API 2.0 or Function URL; else `httpMethod` with
 * `requestContext.elb` for an ALB (`multiValueHeaders` in multi-value mode), or without it for
 * REST and HTTP API 1.0. Undefined for anything else.
 */
export function processorFor(
  event: unknown,
): HttpEventProcessor<HttpEventBody, LambdaHttpResult> | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as {
    version?: unknown;
    httpMethod?: unknown;
    multiValueHeaders?: unknown;
    requestContext?: { elb?: unknown; http?: { method?: unknown } | null } | null;
  };
  const rc = e.requestContext;
  if (typeof rc !== 'object' || rc === null) return undefined;
  if (e.version === '2.0' && typeof rc.http?.method === 'string') return apiGatewayV2;
  if (typeof e.httpMethod !== 'string') return undefined;
  if (rc.elb) return e.multiValueHeaders ? albMultiValue : alb;
  return apiGatewayV1;
}
