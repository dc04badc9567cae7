import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { InvocationContext } from '../context/context';

/** HTTP methods a function can answer; `*` answers any. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | '*';

/**
 * What an HTTP handler may return: a `Response` (use {@link json}/{@link text} from
 * `@faasade/core` for the fast path), a plain value that becomes JSON, a string (text/plain),
 * bytes (application/octet-stream), or nothing (204).
 */
export type HttpResult = Response | object | string | Uint8Array | null | undefined | void;

export type HttpHandler = (req: Request, ctx: InvocationContext) => HttpResult | Promise<HttpResult>;

export interface HttpOptions {
  method: HttpMethod | readonly HttpMethod[];
  /** Route template: `/orders/:id`, `/files/*` (the rest of the path lands in `params['*']`). */
  route: string;
  /** Largest body `ctx.body()` accepts, in bytes (default: the app's, 1 MiB). */
  maxBodyBytes?: number;
  /** Deadline for the handler when the platform gives none (default: the app's, 30 s). */
  timeoutMs?: number;
}

/** A queue message, the same shape on every cloud. */
export interface QueueMessage<T = unknown> {
  /** The platform's message id (SQS messageId, Azure queue message id, Pub/Sub messageId). */
  readonly id: string;
  /** The body: parsed and validated when the function has a `schema`, else the JSON value or the text. */
  readonly body: T;
  /** The body as text: exactly as it arrived, or the UTF-8 reading of the bytes that did. */
  readonly text: string;
  /**
   * The body's bytes exactly as they arrived: for binary payloads (protobuf, Avro, compressed),
   * whose UTF-8 `text` is lossy. Made on first read for platforms that deliver text (SQS).
   */
  readonly bytes: Uint8Array;
  /** Message attributes (SQS message attributes, Pub/Sub attributes, Service Bus properties). */
  readonly attributes: Readonly<Record<string, string>>;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
  readonly enqueuedAt: Date | undefined;
  /** Queue, topic or subscription the message came from. */
  readonly source: string;
}

export type QueueHandler<T> = (
  message: QueueMessage<T>,
  ctx: InvocationContext,
) => unknown | Promise<unknown>;

export interface QueueOptions<T = unknown> {
  /** The neutral queue name; adapters map it to an SQS queue, an Azure queue, a Pub/Sub topic. */
  queue: string;
  /** Deliveries before a message is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Validates each body; a message that fails it is dead-lettered at once, never retried. */
  schema?: StandardSchemaV1<unknown, T>;
  timeoutMs?: number;
}

export interface ScheduleInfo {
  /** When the platform meant to run it. */
  scheduledTime: Date;
  /** True when the platform reports the run as late (Azure's `isPastDue`). */
  pastDue: boolean;
}

export type ScheduleHandler = (ctx: InvocationContext, info: ScheduleInfo) => unknown | Promise<unknown>;

export type ScheduleOptions = ({ cron: string; every?: never } | { every: string; cron?: never }) & {
  /** IANA time zone for `cron` (default UTC). */
  timezone?: string;
  timeoutMs?: number;
};

/** A CloudEvents 1.0 event, the neutral shape of platform events. */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time?: string;
  subject?: string;
  datacontenttype?: string;
  dataschema?: string;
  data?: T;
  /** W3C trace context extension. */
  traceparent?: string;
  tracestate?: string;
  [extension: string]: unknown;
}

export type EventHandler<T> = (event: CloudEvent<T>, ctx: InvocationContext) => unknown | Promise<unknown>;

export interface EventOptions {
  /** CloudEvent type(s) this function handles; `*` for any. */
  type: string | readonly string[];
  timeoutMs?: number;
}

export interface HttpFunction {
  readonly kind: 'http';
  readonly options: HttpOptions;
  readonly handler: HttpHandler;
}
export interface QueueFunction<T = unknown> {
  readonly kind: 'queue';
  readonly options: QueueOptions<T>;
  readonly handler: QueueHandler<T>;
}
export interface ScheduleFunction {
  readonly kind: 'schedule';
  readonly options: ScheduleOptions;
  readonly handler: ScheduleHandler;
}
export interface EventFunction<T = unknown> {
  readonly kind: 'event';
  readonly options: EventOptions;
  readonly handler: EventHandler<T>;
}

export type FunctionDefinition = HttpFunction | QueueFunction<any> | ScheduleFunction | EventFunction<any>;
