import type { ContextLogger } from '../context/context';
import { beginInvocation } from '../context/instance';
import { Invocation, noopMetrics } from '../context/invocation';
import type {
  FaasTrigger,
  InvocationInfo,
  InvocationObservation,
  InvocationOutcome,
} from '../context/observer';
import { type InvocationScope, scopeStorage, type TraceIds } from '../context/scope';
import { parseTraceparent } from '../context/traceparent';
import { DeadlineExceededError } from '../function/errors';
import type { App } from '../function/define';
import type { InvocationMeta, RuntimeOptions } from './types';

/** What the trigger-specific code tells the shared pipeline about one invocation. */
export interface RunSpec {
  functionName: string;
  trigger: FaasTrigger;
  /** Deadline when the platform gives none: the function's timeout, else the app's default. */
  timeoutMs: number;
  /** The function's own `timeoutMs`, when it set one: it also bounds the platform's deadline. */
  ownTimeoutMs?: number;
  /** The function's own body limit for `ctx.body()`, when it set one. */
  maxBodyBytes?: number;
  params?: Record<string, string>;
  deliveryCount?: number;
  request?: Request;
  http?: InvocationInfo['http'];
  messaging?: InvocationInfo['messaging'];
  /** The trace context to continue; the message's own for messages. */
  carrier?: InvocationInfo['carrier'];
}

export interface RunResult<T> {
  value?: T;
  error?: unknown;
  timedOut: boolean;
  ctx: Invocation;
}

/**
 * The one pipeline every invocation on every cloud goes through: instance facts (cold start,
 * init), the context and its AsyncLocalStorage scope, the telemetry span, the deadline, and the
 * bounded telemetry flush. Trigger code decides what the outcome means (`finish`), before the
 * flush, so the span carries the final status.
 */
export async function runInvocation<T>(
  app: App,
  options: RuntimeOptions,
  log: ContextLogger,
  meta: InvocationMeta,
  spec: RunSpec,
  work: (ctx: Invocation) => T | Promise<T>,
  finish: (result: RunResult<T>) => InvocationOutcome,
): Promise<RunResult<T>> {
  const start = Date.now();
  const instance = beginInvocation(meta.provisioned);
  const invocationId = meta.invocationId || newInvocationId();
  // The platform's deadline, shortened by the function's own timeout when that comes first.
  const own = spec.ownTimeoutMs === undefined ? undefined : start + spec.ownTimeoutMs;
  const platformDeadline = meta.deadline ?? start + spec.timeoutMs;
  // The platform stops the process at its deadline: keep a margin before it, so a handler that
  // overruns still gets its 504, its dead-letter hook, its log line and its telemetry flush.
  const margin =
    meta.deadline === undefined
      ? 0
      : Math.min(options.deadlineMarginMs ?? 100, Math.max(0, (platformDeadline - start) / 10));
  const deadline = Math.min(platformDeadline, own ?? Number.POSITIVE_INFINITY);
  const cutoff = Math.min(platformDeadline - margin, own ?? Number.POSITIVE_INFINITY);
  const observer = options.observer;
  const carrier = spec.carrier ?? meta.carrier;
  const info: InvocationInfo = {
    service: app.service,
    functionName: spec.functionName,
    cloud: options.cloud,
    trigger: spec.trigger,
    invocationId,
    coldStart: instance.coldStart,
    startTime: start,
    platform: meta.platform ?? options.platform,
    http: spec.http,
    messaging: spec.messaging,
    carrier,
  };
  const observation: InvocationObservation | undefined = observer?.start(info);
  let incoming: TraceIds | undefined | null = null;
  const scope: InvocationScope = {
    invocationId,
    logFields: {
      service: app.service,
      cloud: options.cloud,
      function: spec.functionName,
      invocationId,
      coldStart: instance.coldStart,
    },
    logKeys: undefined,
    traceIds: () => {
      if (observation?.traceIds) return observation.traceIds;
      if (incoming === null) incoming = parseTraceparent(carrier?.traceparent);
      return incoming;
    },
    logState: undefined,
    logFormatter: options.logFormatter,
    logSink: meta.logSink,
    ctx: undefined,
    startTime: start,
    http: spec.http && { ...spec.http },
  };
  const ctx = new Invocation({
    invocationId,
    functionName: spec.functionName,
    service: app.service,
    cloud: options.cloud,
    coldStart: instance.coldStart,
    deadline,
    cutoff,
    startTime: start,
    log,
    metrics: observer?.metrics ?? noopMetrics,
    params: spec.params ?? {},
    deliveryCount: spec.deliveryCount ?? 1,
    platform: info.platform ?? {},
    container: app.container,
    raw: meta.raw ?? { event: undefined, context: undefined },
    request: spec.request,
    maxBodyBytes: spec.maxBodyBytes ?? app.defaults.maxBodyBytes,
    scope,
  });
  (scope as unknown as { ctx: Invocation }).ctx = ctx;

  if (meta.signal) {
    if (meta.signal.aborted) ctx.abort(meta.signal.reason);
    else meta.signal.addEventListener('abort', () => ctx.abort(meta.signal?.reason), { once: true });
  }

  const result = await scopeStorage.run(scope, () => {
    if (instance.initDurationMs !== undefined) {
      log.info(instance.coldStart ? 'cold start' : 'instance initialised', {
        initDurationMs: Math.round(instance.initDurationMs),
      });
      observer?.recordInit?.(instance.initDurationMs, info);
    }
    const settle = (r: RunResult<T>) => {
      let outcome: InvocationOutcome = { error: r.error, timedOut: r.timedOut };
      try {
        outcome = finish(r);
      } finally {
        // The span must end (and be exported) even if mapping the outcome failed.
        observation?.end(outcome);
      }
      return r;
    };
    const run = () => {
      const pending = withDeadline(app, ctx, work);
      return pending instanceof Promise ? pending.then(settle) : settle(pending);
    };
    return observation ? observation.run(run) : run();
  });
  if (observer && !meta.deferFlush) await flushObserver(options, platformDeadline);
  return result;
}

/**
 * Flushes the observer's telemetry, bounded by `flushTimeoutMs` (default 2 s) and never past
 * `deadline`. Resolves, never rejects: the observer's flush must not (see InvocationObserver).
 */
export function flushObserver(options: RuntimeOptions, deadline: number | undefined): Promise<void> {
  const observer = options.observer;
  if (!observer) return Promise.resolve();
  const bound = options.flushTimeoutMs ?? 2000;
  const budget = Math.max(0, deadline === undefined ? bound : Math.min(bound, deadline - Date.now()));
  return observer.flush(budget);
}

/**
 * Runs the work against the deadline. Synchronous work stays synchronous; asynchronous work
 * costs one extra promise and one timer, so the hot path pays as little as it can.
 */
function withDeadline<T>(
  app: App,
  ctx: Invocation,
  work: (ctx: Invocation) => T | Promise<T>,
): RunResult<T> | Promise<RunResult<T>> {
  if (!app.initialised) {
    return app.init().then(
      () => withDeadline(app, ctx, work),
      (error: unknown) => ({ error, timedOut: false, ctx }),
    );
  }
  let pending: T | Promise<T>;
  try {
    pending = work(ctx);
  } catch (error) {
    return { error, timedOut: false, ctx };
  }
  if (!(pending instanceof Promise)) return { value: pending, timedOut: false, ctx };
  return new Promise<RunResult<T>>((resolve) => {
    const timer = setTimeout(
      () => {
        const error = new DeadlineExceededError(ctx.functionName, Math.max(0, ctx.deadline - ctx.startTime));
        ctx.abort(error);
        resolve({ error, timedOut: true, ctx });
      },
      Math.max(0, ctx.cutoff - Date.now()),
    );
    // Settling after the deadline changes nothing: the first resolve wins, and a late rejection
    // is handled here, so it never becomes unhandled.
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve({ value, timedOut: false, ctx });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ error, timedOut: false, ctx });
      },
    );
  });
}

let randomUUID: (() => string) | undefined;
/**
 * An id for an invocation the platform gave none. `node:crypto` (~3 ms to load at cold start)
 * is required the first time only: Lambda, Azure and the functions framework always give one.
 */
function newInvocationId(): string {
  randomUUID ??= (require('node:crypto') as typeof import('node:crypto')).randomUUID;
  return randomUUID();
}
