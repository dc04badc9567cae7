import { AsyncLocalStorage } from 'node:async_hooks';
import type { InvocationContext } from './context';

/** The clouds faasade runs on; `local` is the in-process invoker and `npm start`. */
export type Cloud = 'aws' | 'azure' | 'gcp' | 'local';

/** The ids of the trace an invocation belongs to, as lowercase hex. */
export interface TraceIds {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

/** Log levels in increasing severity. `silent` is only a threshold. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Where a formatted log line goes. The default writes to stdout; the Azure adapter sends lines
 * through the invocation context's level methods so the Functions host sees the level.
 */
export interface LogSink {
  write(line: string, level: LogLevel): void;
}

/**
 * Everything the core keeps for one invocation, held in AsyncLocalStorage so that concurrent
 * invocations in one process (Azure Functions, Cloud Run functions) never see each other's
 * state. Modules read it through {@link currentScope}; nothing else should hold on to it.
 */
export interface InvocationScope {
  readonly invocationId: string;
  /** Fields every log line of this invocation carries: service, cloud, function, invocationId, coldStart. */
  readonly logFields: Readonly<Record<string, unknown>>;
  /** Keys added during this invocation with `log.appendKeys(...)`; dropped when it ends. */
  logKeys: Record<string, unknown> | undefined;
  /** The active trace, if any (from the telemetry span, or parsed from an incoming traceparent). */
  traceIds(): TraceIds | undefined;
  /** Per-invocation logger state (sampling decision, buffered lines); owned by the logger. */
  logState: unknown;
  /** The cloud's log line shape and destination for this invocation, chosen by the adapter. */
  logFormatter: unknown;
  logSink: LogSink | undefined;
  /** The invocation context handed to the handler. */
  readonly ctx: InvocationContext | undefined;
  /** Epoch ms at which the invocation started. */
  readonly startTime?: number;
  /**
   * The HTTP request of an HTTP invocation, and its status once the response is known, for
   * formatters that describe the request (Cloud Logging's `httpRequest`).
   */
  readonly http?: HttpScope;
}

/** What a log formatter may know of the HTTP request an invocation serves. */
export interface HttpScope {
  readonly method: string;
  readonly path: string;
  readonly query?: string;
  readonly route?: string;
  readonly scheme?: string;
  readonly host?: string;
  readonly userAgent?: string;
  readonly clientAddress?: string;
  /** Set when the response is known. */
  status?: number;
}

/** The AsyncLocalStorage that carries the current {@link InvocationScope}. */
export const scopeStorage = new AsyncLocalStorage<InvocationScope>();

/** The scope of the invocation running now, or `undefined` outside any invocation. */
export function currentScope(): InvocationScope | undefined {
  return scopeStorage.getStore();
}
