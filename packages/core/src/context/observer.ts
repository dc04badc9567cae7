import type { Cloud, TraceIds } from './scope';

/** What triggered an invocation, as the OpenTelemetry FaaS conventions name it. */
export type FaasTrigger = 'http' | 'pubsub' | 'timer' | 'datasource' | 'other';

/** A carrier of incoming trace headers, lowercase keys (`traceparent`, `tracestate`, `x-amzn-trace-id`, ...). */
export type TraceCarrier = Readonly<Record<string, string | undefined>>;

/** Facts about the platform an adapter knows; each becomes a resource or span attribute where set. */
export interface PlatformInfo {
  /** `cloud.region` */
  region?: string;
  /** `faas.version` */
  version?: string;
  /** `faas.max_memory` in bytes */
  maxMemoryBytes?: number;
  /** `cloud.resource_id` (an ARN, an Azure resource id, a GCP resource name) */
  resourceId?: string;
  /** `cloud.account.id` */
  accountId?: string;
  /** `faas.instance` (the log stream on Lambda) */
  instance?: string;
}

/** Everything an observer needs to start the span and the metrics of one invocation. */
export interface InvocationInfo {
  service: string;
  functionName: string;
  cloud: Cloud;
  trigger: FaasTrigger;
  invocationId: string;
  coldStart: boolean;
  /** Epoch milliseconds at which the invocation started. */
  startTime: number;
  platform?: PlatformInfo;
  http?: {
    method: string;
    /** The route template that matched (`/orders/:id`), when one did. */
    route?: string;
    path: string;
    query?: string;
    scheme?: string;
    host?: string;
    userAgent?: string;
    clientAddress?: string;
  };
  messaging?: {
    /** `aws_sqs`, `servicebus`, `gcp_pubsub`, `azure_storage_queue`, ... */
    system?: string;
    destination?: string;
    messageId?: string;
    deliveryCount?: number;
  };
  /**
   * Incoming trace context. For HTTP it is the request headers; for a message it is that message's
   * own context (its attributes), so that every message of a batch continues its own trace.
   */
  carrier?: TraceCarrier;
}

/** How an invocation ended. */
export interface InvocationOutcome {
  /** HTTP status returned, for HTTP triggers. A 5xx marks the span as an error; a 4xx does not. */
  status?: number;
  /** The error thrown by the handler, if any. */
  error?: unknown;
  /** True when the handler overran its deadline. */
  timedOut?: boolean;
}

/** The telemetry of one running invocation. */
export interface InvocationObservation {
  /** The invocation span's ids, for log correlation; undefined when nothing is traced. */
  readonly traceIds: TraceIds | undefined;
  /** Runs `fn` with the invocation span active, so that child spans and outgoing calls join it. */
  run<T>(fn: () => T): T;
  /** Ends the span and records the FaaS metrics. Called exactly once. */
  end(outcome: InvocationOutcome): void;
}

/** A counter, up-down counter, histogram or gauge with attributes. */
export interface MetricInstrument {
  record(value: number, attributes?: Record<string, string | number | boolean>): void;
}

/** Custom metrics for user code, `ctx.metrics`. */
export interface MetricsApi {
  counter(name: string, options?: { description?: string; unit?: string }): MetricInstrument;
  upDownCounter(name: string, options?: { description?: string; unit?: string }): MetricInstrument;
  histogram(
    name: string,
    options?: { description?: string; unit?: string; boundaries?: number[] },
  ): MetricInstrument;
  gauge(name: string, options?: { description?: string; unit?: string }): MetricInstrument;
}

/**
 * The seam between the invocation pipeline and telemetry. The core calls it for every
 * invocation; `@faasade/core/telemetry` implements it with OpenTelemetry. A function that
 * configures no observer loads nothing of OpenTelemetry.
 */
export interface InvocationObserver {
  /**
   * Called once by each runtime made with this observer, at init (when the module that makes
   * the runtime loads), with the app's service name: an observer builds here what it would
   * otherwise build in the first invocation (telemetry: its SDK objects, its exporters, and the
   * collector connection, whose handshake then overlaps the rest of init).
   */
  prepare?(service: string): void;
  start(info: InvocationInfo): InvocationObservation;
  /** Records the instance's init duration once, on its first invocation. */
  recordInit?(initDurationMs: number, info: InvocationInfo): void;
  /** Custom metrics API; a no-op implementation when absent. */
  readonly metrics?: MetricsApi;
  /**
   * Exports what the invocation produced. Must resolve within `timeoutMs` and must never reject:
   * a collector that is down or hangs can not fail or stall an invocation.
   */
  flush(timeoutMs: number): Promise<void>;
}
