import type { TraceIds } from '@faasade/core';
import {
  formatCloudTraceContext,
  type GcpCloudEvent,
  PUBSUB_MESSAGE_PUBLISHED,
  type PubsubPushData,
} from '@faasade/gcp-functions';

const PROJECT = 'faasade-test';

/** What {@link gcpHttpRequest} sends. */
export interface GcpHttpRequestInit {
  method?: string;
  /** The path after the function's URL, e.g. `/orders/42`. Default `/`. */
  path?: string;
  /** The raw query string without `?` (`a=1&a=2`). */
  query?: string;
  headers?: Record<string, string>;
  /** Text, bytes, or a value sent as JSON (with `content-type: application/json`). */
  body?: string | Uint8Array | object;
  /** Sent as Google's `X-Cloud-Trace-Context` (decimal span id). */
  cloudTrace?: TraceIds;
  /** Default `http://localhost:8080`; the harness replaces it with its server's. */
  baseUrl?: string;
}

/**
 * An HTTP request as it reaches a function behind Google's front end: the client address in
 * `X-Forwarded-For`, `X-Forwarded-Proto: https`, and the trace header when given.
 *
 * @example
 * ```ts
 * import { gcpHttpRequest } from '@faasade/testing/gcp';
 * const req = gcpHttpRequest({ method: 'POST', path: '/orders', body: { sku: 'apple' } });
 * ```
 */
export function gcpHttpRequest(init: GcpHttpRequestInit = {}): Request {
  const headers = new Headers({
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-proto': 'https',
    ...init.headers,
  });
  if (init.cloudTrace) headers.set('x-cloud-trace-context', formatCloudTraceContext(init.cloudTrace));
  let body: BodyInit | undefined;
  if (typeof init.body === 'string' || init.body instanceof Uint8Array) body = init.body as BodyInit;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const url = `${init.baseUrl ?? 'http://localhost:8080'}${init.path ?? '/'}${init.query ? `?${init.query}` : ''}`;
  return new Request(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
}

/** What {@link pubsubCloudEvent} puts in the message. */
export interface PubsubEventInit {
  /** The payload: bytes, text, or a value sent as JSON. */
  data?: unknown;
  attributes?: Record<string, string>;
  /** Only sent when given, as Pub/Sub only sends it when the subscription has a dead-letter policy. */
  deliveryAttempt?: number;
  messageId?: string;
  publishTime?: string;
  orderingKey?: string;
  topic?: string;
  subscription?: string;
}

/**
 * A `google.cloud.pubsub.topic.v1.messagePublished` CloudEvent as Eventarc delivers it: the
 * payload base64 in `data.message.data`, ids and times in both spellings, the subscription and,
 * when given, the delivery attempt.
 *
 * @example
 * ```ts
 * import { pubsubCloudEvent } from '@faasade/testing/gcp';
 * const ce = pubsubCloudEvent({ data: { orderId: 'o-1' }, attributes: { origin: 'web' }, deliveryAttempt: 2, messageId: 'm-1' });
 * ```
 */
export function pubsubCloudEvent(init: PubsubEventInit = {}): GcpCloudEvent {
  const messageId = init.messageId ?? String(Math.floor(Math.random() * 1e15));
  const publishTime = init.publishTime ?? new Date().toISOString();
  const topic = init.topic ?? 'faasade-topic';
  const message: PubsubPushData['message'] = {
    data: Buffer.from(payloadBytes(init.data)).toString('base64'),
    attributes: init.attributes ?? {},
    messageId,
    message_id: messageId,
    publishTime,
    publish_time: publishTime,
  };
  if (init.orderingKey) message.orderingKey = init.orderingKey;
  const data: PubsubPushData = {
    message,
    subscription: `projects/${PROJECT}/subscriptions/${init.subscription ?? `${topic}-sub`}`,
  };
  if (init.deliveryAttempt !== undefined) data.deliveryAttempt = init.deliveryAttempt;
  return {
    specversion: '1.0',
    id: messageId,
    type: PUBSUB_MESSAGE_PUBLISHED,
    source: `//pubsub.googleapis.com/projects/${PROJECT}/topics/${topic}`,
    time: publishTime,
    datacontenttype: 'application/json',
    data,
  };
}

/**
 * The CloudEvent a schedule function gets from a Cloud Scheduler job with a Pub/Sub target: a
 * message on the job's topic whose payload is the job's body, published at the schedule time.
 *
 * @example
 * ```ts
 * import { cloudSchedulerEvent } from '@faasade/testing/gcp';
 * const tick = cloudSchedulerEvent({ jobName: 'release-stale', time: '2026-11-24T10:05:00Z' });
 * ```
 */
export function cloudSchedulerEvent(
  init: { jobName?: string; body?: string; time?: string } = {},
): GcpCloudEvent {
  const job = init.jobName ?? 'faasade-job';
  return pubsubCloudEvent({ data: init.body ?? '', publishTime: init.time, topic: `${job}-topic` });
}

/**
 * The request a Cloud Scheduler job with an HTTP target sends (`scheduleTrigger: 'http'`):
 * `X-CloudScheduler`, `X-CloudScheduler-JobName` and `X-CloudScheduler-ScheduleTime`.
 *
 * @example
 * ```ts
 * import { cloudSchedulerRequest } from '@faasade/testing/gcp';
 * const req = cloudSchedulerRequest('http://localhost:8080/', { jobName: 'release-stale' });
 * ```
 */
export function cloudSchedulerRequest(url: string, init: { jobName?: string; time?: string } = {}): Request {
  return new Request(url, {
    method: 'POST',
    headers: {
      'user-agent': 'Google-Cloud-Scheduler',
      'x-cloudscheduler': 'true',
      'x-cloudscheduler-jobname': `projects/${PROJECT}/locations/europe-west1/jobs/${init.jobName ?? 'faasade-job'}`,
      'x-cloudscheduler-scheduletime': init.time ?? new Date().toISOString(),
    },
  });
}

/** How a CloudEvent travels over HTTP: attributes as `ce-*` headers (binary) or all in one JSON body (structured). */
export type CloudEventMode = 'binary' | 'structured';

/**
 * The HTTP request that delivers a CloudEvent to a function's URL, in either content mode, as
 * Eventarc sends it (binary) or as a CloudEvents SDK may (structured).
 *
 * @example
 * ```ts
 * import { cloudEventRequest, pubsubCloudEvent } from '@faasade/testing/gcp';
 * const res = await fetch(cloudEventRequest('http://127.0.0.1:8080/', pubsubCloudEvent({ data: 'hi' }), 'binary'));
 * ```
 */
export function cloudEventRequest(url: string, ce: GcpCloudEvent, mode: CloudEventMode): Request {
  if (mode === 'structured') {
    return new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(ce),
    });
  }
  const headers = new Headers({ 'content-type': ce.datacontenttype ?? 'application/json' });
  for (const [name, value] of Object.entries(ce)) {
    if (name !== 'data' && name !== 'datacontenttype' && value !== undefined)
      headers.set(`ce-${name}`, String(value));
  }
  const data = ce.data;
  const body = data === undefined ? undefined : typeof data === 'string' ? data : JSON.stringify(data);
  return new Request(url, { method: 'POST', headers, body });
}

function payloadBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string') return new TextEncoder().encode(data);
  return new TextEncoder().encode(data === undefined ? '' : JSON.stringify(data));
}
