import { randomUUID } from 'node:crypto';
import type { AppContainer } from '@faasade/core/container';
import {
  type ContextLogger,
  type InvocationContext,
  type InvocationScope,
  Invocation,
  noopMetrics,
  scopeStorage,
} from '@faasade/core/context';
import type { QueueMessage } from '@faasade/core/function';

/** One line a handler logged through `ctx.log`. */
export interface LoggedLine {
  level: string;
  message: string;
  fields: unknown;
}

export interface InvocationOptions {
  functionName?: string;
  /** Epoch ms at which the platform would stop the invocation (default: 30 s from now). */
  deadline?: number;
  /** Where the invocation's log lines are collected. */
  logged?: LoggedLine[];
}

/**
 * Runs `work` the way the invocation pipeline runs a handler: with a real {@link Invocation} as
 * `ctx`, inside an AsyncLocalStorage scope that `currentScope()` finds.
 */
export function runInvocation<T>(
  work: (ctx: InvocationContext) => T | Promise<T>,
  options: InvocationOptions = {},
): Promise<T> {
  const invocationId = randomUUID();
  const scope: InvocationScope = {
    invocationId,
    logFields: {},
    logKeys: undefined,
    traceIds: () => undefined,
    logState: undefined,
    logFormatter: undefined,
    logSink: undefined,
    ctx: undefined,
  };
  const ctx = new Invocation({
    invocationId,
    functionName: options.functionName ?? 'createOrder',
    service: 'orders',
    cloud: 'local',
    coldStart: false,
    deadline: options.deadline ?? Date.now() + 30_000,
    startTime: Date.now(),
    log: recordingLogger(options.logged ?? []),
    metrics: noopMetrics,
    params: {},
    deliveryCount: 1,
    platform: {},
    container: undefined as unknown as AppContainer,
    raw: { event: undefined, context: undefined },
    request: undefined,
    maxBodyBytes: 1024 * 1024,
    scope,
  });
  (scope as { ctx: InvocationContext | undefined }).ctx = ctx;
  return scopeStorage.run(scope, async () => await work(ctx));
}

function recordingLogger(logged: LoggedLine[]): ContextLogger {
  const at = (level: string) => (message: string, fields?: unknown) => {
    logged.push({ level, message, fields });
  };
  return {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    appendKeys() {},
  };
}

/** A queue message as the pipeline hands it to a queue handler. */
export function queueMessage<T>(body: T, fields: Partial<QueueMessage<T>> = {}): QueueMessage<T> {
  return {
    id: fields.id ?? randomUUID(),
    body,
    text: JSON.stringify(body),
    attributes: {},
    deliveryCount: 1,
    enqueuedAt: new Date(),
    source: 'orders',
    ...fields,
  };
}

/** A promise and the function that resolves it: holds a handler "running" until a test lets go. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}
