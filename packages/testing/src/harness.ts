import type { CloudEvent } from '@faasade/core';

/** One message for {@link Harness.queue}. */
export interface HarnessMessage {
  id: string;
  /** The body; objects are sent as JSON. */
  body: unknown;
  attributes?: Record<string, string>;
  /** Delivery count the platform reports (1 for a first delivery). */
  deliveryCount?: number;
  /** FIFO/ordering group, where the cloud has one. */
  group?: string;
}

/** What the platform does with each message of a batch after the invocation. */
export interface QueueBatchResult {
  /** Ids the platform will consider done (deleted / acked). */
  succeeded: string[];
  /** Ids the platform will deliver again. */
  retried: string[];
  /** Ids that end up in the dead-letter destination (SQS DLQ, `<queue>-poison`, dead-letter topic). */
  deadLettered: string[];
}

/** One log line as the cloud's tooling would see it, normalised to the neutral field names. */
export interface HarnessLogLine {
  level: string;
  message: string;
  /** Every other field of the line. */
  fields: Record<string, unknown>;
  /** The line exactly as the platform received it. */
  raw: string;
}

export interface HarnessHttpOptions {
  /** Send to this function rather than through the app's router. */
  functionName?: string;
  /** Milliseconds the platform gives the invocation (its deadline). */
  timeoutMs?: number;
}

/**
 * Invokes an app the way one cloud would: its event shapes in, its result shapes out, its log
 * channel captured. The contract suite runs the same scenarios against every harness.
 */
export interface Harness {
  readonly cloud: 'aws' | 'azure' | 'gcp' | 'local';
  /** Sends an HTTP request through the cloud's HTTP trigger and returns what the caller would get. */
  http(request: Request, options?: HarnessHttpOptions): Promise<Response>;
  /** Delivers a batch (or, where the cloud has no batches, each message in turn) to a queue function. */
  queue(
    functionName: string,
    messages: HarnessMessage[],
    options?: { timeoutMs?: number },
  ): Promise<QueueBatchResult>;
  /** Fires a scheduled function; `ok` is false when the platform would record a failure. */
  schedule(functionName: string): Promise<{ ok: boolean }>;
  /** Delivers a CloudEvent through the cloud's event trigger. */
  event(functionName: string, event: CloudEvent): Promise<{ ok: boolean }>;
  /** Sends a warm-up ping the way this cloud's tooling does. */
  warmup(functionName: string): Promise<void>;
  /** Log lines captured since the harness started or since the last `clearLogs()`. */
  logs(): HarnessLogLine[];
  clearLogs(): void;
  /** Starts a new instance: the next invocation is a cold start. */
  newInstance(): void;
  close(): Promise<void>;
}
