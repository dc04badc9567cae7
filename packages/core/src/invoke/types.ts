import type { InvocationObserver, PlatformInfo, TraceCarrier } from '../context/observer';
import type { Cloud, LogSink } from '../context/scope';
import type { RawHeaders } from '../function/request';

/** An HTTP request as an adapter hands it to the runtime. */
export interface HttpInput {
  method: string;
  /** The path, without the query string (`/orders/42`). */
  path: string;
  /** The raw query string without `?` (`a=1&a=2`). */
  query: string;
  /** Lowercase header names; repeated headers as arrays. Cookies in `cookie`. */
  headers: RawHeaders;
  body?: Uint8Array | string;
  scheme?: string;
  host?: string;
  sourceIp?: string;
  /** Path parameters the platform already extracted, used when the route template does not match. */
  params?: Record<string, string>;
}

/** A queue message as an adapter hands it to the runtime. */
export interface MessageInput {
  id: string;
  /** The body as text (adapters decode base64 first). */
  text: string;
  /**
   * The body's bytes, when the platform delivers bytes (Pub/Sub `data`, an Azure binary message):
   * `text` is then their UTF-8 reading, lossy for binary payloads.
   */
  bytes?: Uint8Array;
  attributes: Record<string, string>;
  /** 1 on the first delivery. */
  deliveryCount: number;
  enqueuedAt?: Date;
  /** The queue, topic or subscription. */
  source: string;
  /** The message's own trace context (its attributes, or the platform's trace header). */
  carrier?: TraceCarrier;
  /** `aws_sqs`, `gcp_pubsub`, `azure_storage_queue`, ... */
  system?: string;
}

/** What an adapter knows about the invocation itself. */
export interface InvocationMeta {
  /** The platform's request id; a random one is made when absent. */
  invocationId?: string;
  /** Epoch ms at which the platform stops the invocation; the function's timeout when absent. */
  deadline?: number;
  /** The platform's own event and context, reachable as `ctx.raw`. */
  raw?: { event: unknown; context: unknown };
  platform?: PlatformInfo;
  /** The instance was provisioned/pre-warmed: its first invocation is not a cold start. */
  provisioned?: boolean;
  /** A warm-up ping: answered at once without running user code, not counted. */
  warmup?: boolean;
  /** Incoming trace context (headers of the request, or the platform's trace header). */
  carrier?: TraceCarrier;
  /** Where this invocation's log lines go (Azure: the invocation context's log methods). */
  logSink?: LogSink;
  /** The platform cancelled the invocation (client gone, host shutting down): aborts `ctx.signal`. */
  signal?: AbortSignal;
  /**
   * The adapter flushes telemetry itself, once for several invocations: an SQS batch is one
   * Lambda invocation, and one export per batch is all the freeze requires. This invocation then
   * does not flush at its end; the adapter calls `runtime.flush(deadline)` after the last one.
   */
  deferFlush?: boolean;
}

/** How a message invocation ended, for the adapter to turn into the platform's signal. */
export type MessageOutcome =
  | { status: 'ok' }
  /** Failed; the platform should deliver it again. */
  | { status: 'retry'; error: unknown }
  /** Given up: `invalid` can never succeed (validation), `exhausted` ran out of attempts. */
  | { status: 'dead-letter'; reason: 'invalid' | 'exhausted'; error: unknown };

/** How a schedule or event invocation ended. */
export type RunOutcome = { status: 'ok' } | { status: 'error'; error: unknown };

export interface RuntimeOptions {
  cloud: Cloud;
  /** Telemetry (from `@faasade/core/telemetry`); without it nothing of OpenTelemetry is loaded. */
  observer?: InvocationObserver;
  /** Upper bound on the end-of-invocation telemetry flush (default 2000 ms). */
  flushTimeoutMs?: number;
  /**
   * How long before the platform's deadline the handler's own deadline falls (default 100 ms, at
   * most a tenth of the invocation's time), so an overrun is still answered, logged and flushed
   * before the platform stops the process.
   */
  deadlineMarginMs?: number;
  /** The cloud's log line shape, for every invocation of this runtime. */
  logFormatter?: unknown;
  /** Facts about the platform known at start-up (region, memory, version). */
  platform?: PlatformInfo;
}
