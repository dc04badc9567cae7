import { type Attributes, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { InvocationInfo, InvocationOutcome } from '../../context/observer';
import type { Outcome } from '../metrics/faas-metrics';
import { ATTR, CLOUD_PLATFORM, CLOUD_PROVIDER, KNOWN_HTTP_METHODS } from '../semconv';

/** The last HTTP span name made, and what it was made from: a warm function asks for the same one. */
let lastName: { method: string; route: string | undefined; name: string } | undefined;

/** HTTP spans are named `METHOD route` (the route template, never the path: names stay low-cardinality). */
export function invocationSpanName(info: InvocationInfo): string {
  if (!info.http) return info.functionName;
  const { method: raw, route } = info.http;
  if (lastName && lastName.method === raw && lastName.route === route) return lastName.name;
  const method = normalizeMethod(raw);
  const verb = method === '_OTHER' ? 'HTTP' : method;
  const name = route ? `${verb} ${route}` : verb;
  lastName = { method: raw, route, name };
  return name;
}

/** SERVER for requests, timers and anything called directly; CONSUMER for messages and data events. */
export function invocationSpanKind(info: InvocationInfo): SpanKind {
  if (info.http) return SpanKind.SERVER;
  return info.messaging || info.trigger === 'pubsub' || info.trigger === 'datasource'
    ? SpanKind.CONSUMER
    : SpanKind.SERVER;
}

/** The span attributes known when the invocation starts: FaaS, cloud, HTTP server, messaging. */
export function invocationAttributes(info: InvocationInfo): Attributes {
  const a: Attributes = {
    [ATTR.faasTrigger]: info.trigger,
    [ATTR.faasInvocationId]: info.invocationId,
    [ATTR.faasInvocationIdLegacy]: info.invocationId,
    [ATTR.faasColdstart]: info.coldStart,
    [ATTR.faasName]: info.functionName,
  };
  if (info.cloud !== 'local') {
    a[ATTR.cloudProvider] = CLOUD_PROVIDER[info.cloud];
    a[ATTR.cloudPlatform] = CLOUD_PLATFORM[info.cloud];
  }
  const p = info.platform;
  if (p) {
    set(a, ATTR.cloudRegion, p.region);
    set(a, ATTR.cloudResourceId, p.resourceId);
    set(a, ATTR.cloudAccountId, p.accountId);
    set(a, ATTR.faasVersion, p.version);
    set(a, ATTR.faasMaxMemory, p.maxMemoryBytes);
    set(a, ATTR.faasInstance, p.instance);
  }
  if (info.http) httpAttributes(a, info.http);
  if (info.messaging) messagingAttributes(a, info.messaging);
  return a;
}

function httpAttributes(a: Attributes, http: NonNullable<InvocationInfo['http']>): void {
  const method = normalizeMethod(http.method);
  a[ATTR.httpRequestMethod] = method;
  if (method === '_OTHER') a[ATTR.httpRequestMethodOriginal] = http.method;
  set(a, ATTR.httpRoute, http.route);
  a[ATTR.urlPath] = http.path;
  set(a, ATTR.urlQuery, http.query || undefined);
  set(a, ATTR.urlScheme, http.scheme);
  if (http.host) {
    const { address, port } = splitHost(http.host);
    a[ATTR.serverAddress] = address;
    set(a, ATTR.serverPort, port);
  }
  set(a, ATTR.userAgentOriginal, http.userAgent);
  set(a, ATTR.clientAddress, http.clientAddress);
}

function messagingAttributes(a: Attributes, m: NonNullable<InvocationInfo['messaging']>): void {
  set(a, ATTR.messagingSystem, m.system);
  set(a, ATTR.messagingDestinationName, m.destination);
  set(a, ATTR.messagingMessageId, m.messageId);
  a[ATTR.messagingOperationType] = 'process';
  a[ATTR.messagingOperationName] = 'process';
  // semconv has a delivery count only per system; the others have no standard attribute.
  if (m.system === 'servicebus') set(a, ATTR.servicebusDeliveryCount, m.deliveryCount);
  if (m.system === 'gcp_pubsub') set(a, ATTR.pubsubDeliveryAttempt, m.deliveryCount);
}

/**
 * Sets the span's final status. Thrown errors are recorded as exceptions; a timeout is an error;
 * a 5xx is an error span; a 4xx is not (the server did its job: the caller erred).
 */
export function finishInvocationSpan(span: Span, outcome: InvocationOutcome): Outcome {
  const status = outcome.status;
  if (status !== undefined) span.setAttribute(ATTR.httpResponseStatusCode, status);
  if (outcome.error !== undefined) span.recordException(toException(outcome.error));
  if (outcome.timedOut) {
    span.setAttribute(ATTR.errorType, 'timeout');
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'invocation timed out' });
    return 'timeout';
  }
  if (outcome.error !== undefined) {
    const exception = toException(outcome.error);
    span.setAttribute(ATTR.errorType, exception.name ?? 'Error');
    span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
    return 'error';
  }
  if (status !== undefined && status >= 500) {
    span.setAttribute(ATTR.errorType, String(status));
    span.setStatus({ code: SpanStatusCode.ERROR });
    return 'error';
  }
  return 'success';
}

/** The API records `Error`-shaped values; anything else thrown is described as a string. */
function toException(error: unknown): { name?: string; message: string; stack?: string } {
  if (error instanceof Error) return error;
  return { name: typeof error, message: typeof error === 'string' ? error : safeString(error) };
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** semconv's `http.request.method`: the known methods in upper case, `_OTHER` for the rest. */
export function normalizeMethod(method: string): string {
  if (KNOWN_HTTP_METHODS.has(method)) return method;
  const upper = method.toUpperCase();
  return KNOWN_HTTP_METHODS.has(upper) ? upper : '_OTHER';
}

/** The last host split: a warm function is called on the same host every time. */
let lastHost: { host: string; split: { address: string; port?: number } } | undefined;

/** `example.com:8443` and `[::1]:8080` into address and port. */
export function splitHost(host: string): { address: string; port?: number } {
  if (lastHost?.host === host) return lastHost.split;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  const split = m
    ? { address: m[1].replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : undefined }
    : { address: host };
  lastHost = { host, split };
  return split;
}

function set(a: Attributes, key: string, value: string | number | boolean | undefined): void {
  if (value !== undefined && value !== '') a[key] = value;
}
