import { randomUUID } from 'node:crypto';
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
  timeoutMs: number;
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
  const invocationId = meta.invocationId || randomUUID();
  const deadline = meta.deadline ?? start + spec.timeoutMs;
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
  };
  const ctx = new Invocation({
    invocationId,
    functionName: spec.functionName,
    service: app.service,
    cloud: options.cloud,
    coldStart: instance.coldStart,
    deadline,
    startTime: start,
    log,
    metrics: observer?.metrics ?? noopMetrics,
    params: spec.params ?? {},
    deliveryCount: spec.deliveryCount ?? 1,
    platform: info.platform ?? {},
    container: app.container,
    raw: meta.raw ?? { event: undefined, context: undefined },
    request: spec.request,
    maxBodyBytes: app.defaults.maxBodyBytes,
    scope,
  });
  (scope as unknown as { ctx: Invocation }).ctx = ctx;

  const result = await scopeStorage.run(scope, async () => {
    if (instance.initDurationMs !== undefined) {
      log.info(instance.coldStart ? 'cold start' : 'instance initialised', {
        initDurationMs: Math.round(instance.initDurationMs),
      });
      observer?.recordInit?.(instance.initDurationMs, info);
    }
    const run = () => withDeadline(app, ctx, work);
    const r = observation ? await observation.run(run) : await run();
    const outcome = scopeStorage.run(scope, () => finish(r));
    observation?.end(outcome);
    return r;
  });
  if (observer) {
    const budget = Math.max(0, Math.min(options.flushTimeoutMs ?? 2000, deadline - Date.now()));
    await observer.flush(budget);
  }
  return result;
}

async function withDeadline<T>(
  app: App,
  ctx: Invocation,
  work: (ctx: Invocation) => T | Promise<T>,
): Promise<RunResult<T>> {
  try {
    await app.init();
    const pending = work(ctx);
    if (!(pending instanceof Promise)) return { value: pending, timedOut: false, ctx };
    const remaining = ctx.deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const overrun = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          const error = new DeadlineExceededError(
            ctx.functionName,
            Math.max(0, ctx.deadline - ctx.startTime),
          );
          ctx.abort(error);
          reject(error);
        },
        Math.max(0, remaining),
      );
    });
    // The handler may settle after the deadline: its late rejection must not become unhandled.
    pending.catch(() => {});
    try {
      return { value: await Promise.race([pending, overrun]), timedOut: false, ctx };
    } finally {
      clearTimeout(timer);
    }
  } catch (error) {
    return { error, timedOut: error instanceof DeadlineExceededError, ctx };
  }
}
