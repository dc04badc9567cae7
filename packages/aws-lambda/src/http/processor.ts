import {
  type ContextLogger,
  type HttpInput,
  type HttpOutput,
  headerOf,
  type RawHeaders,
} from '@faasade/core';
import type { LambdaHttpResult } from '../types';
import { requestBody } from './encoding';

/**
 * How one HTTP event shape (REST v1, HTTP API v2, ALB) is read and answered. Each shape has one
 * processor with these methods, chosen by {@link processorFor}.
 */
export interface HttpEventProcessor<E, R extends LambdaHttpResult = LambdaHttpResult> {
  method(event: E): string;
  /** The path, without the query string, as a valid encoded path. */
  path(event: E): string;
  /** The raw query string without `?`; repeated keys keep every value. */
  query(event: E): string;
  /** Lowercase names, repeated headers as arrays, cookies in `cookie`. */
  headers(event: E): RawHeaders;
  /** The caller's address (for an ALB, from `X-Forwarded-For` in `headers`). */
  sourceIp(event: E, headers: RawHeaders): string | undefined;
  /** Path parameters the platform extracted from its own route. */
  params(event: E): Record<string, string> | undefined;
  /** The response in the shape this event's source expects. */
  result(output: HttpOutput, log: ContextLogger): R;
}

/** The fields every HTTP event shape has. */
export interface HttpEventBody {
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** Reads an event through its processor into the runtime's neutral input. */
export function toHttpInput<E extends HttpEventBody>(processor: HttpEventProcessor<E>, event: E): HttpInput {
  const headers = processor.headers(event);
  return {
    method: processor.method(event),
    path: processor.path(event),
    query: processor.query(event),
    headers,
    body: requestBody(event.body, event.isBase64Encoded),
    scheme: headerOf(headers, 'x-forwarded-proto') ?? 'https',
    sourceIp: processor.sourceIp(event, headers),
    params: processor.params(event),
  };
}

/**
 * The path without the stage segment an HTTP API puts in front of it on its own
 * `execute-api` domain when the stage is not `$default`. On a custom domain the stage is never
 * in the path, so a route that starts with the stage's name is left alone there.
 */
export function withoutStage(path: string, requestContext: { stage?: string; domainName?: string }): string {
  const { stage, domainName } = requestContext;
  if (!path || !stage || stage === '$default' || !domainName?.includes('.execute-api.')) return path;
  if (path === `/${stage}`) return '/';
  return path.startsWith(`/${stage}/`) ? path.slice(stage.length + 1) : path;
}
