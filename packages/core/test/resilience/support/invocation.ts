import type { InvocationContext } from '@faasade/core/context';
import { type InvocationScope, scopeStorage } from '@faasade/core/context';

export interface LoggedLine {
  level: string;
  message: string;
  fields: unknown;
}

export interface RecordedMetric {
  kind: 'counter' | 'gauge' | 'histogram' | 'upDownCounter';
  name: string;
  value: number;
  attributes: Record<string, unknown> | undefined;
}

/** What a fake invocation saw: its log lines and metric records, in order. */
export interface FakeInvocation {
  readonly lines: LoggedLine[];
  readonly metrics: RecordedMetric[];
  readonly controller: AbortController;
  run<T>(fn: () => T): T;
}

/**
 * Runs code as if inside an invocation with the given deadline: `currentScope().ctx` is a
 * context whose logger and metrics record what they receive.
 */
export function fakeInvocation(deadline: number): FakeInvocation {
  const lines: LoggedLine[] = [];
  const metrics: RecordedMetric[] = [];
  const controller = new AbortController();
  const logAt =
    (level: string) =>
    (message: string, fields?: unknown): void => {
      lines.push({ level, message, fields });
    };
  const instrument = (kind: RecordedMetric['kind'], name: string) => ({
    record(value: number, attributes?: Record<string, unknown>) {
      metrics.push({ kind, name, value, attributes });
    },
  });
  const ctx = {
    invocationId: 'inv-1',
    deadline,
    signal: controller.signal,
    remainingTimeMs: () => Math.max(0, deadline - Date.now()),
    log: {
      trace: logAt('trace'),
      debug: logAt('debug'),
      info: logAt('info'),
      warn: logAt('warn'),
      error: logAt('error'),
      fatal: logAt('fatal'),
      appendKeys() {},
    },
    metrics: {
      counter: (name: string) => instrument('counter', name),
      upDownCounter: (name: string) => instrument('upDownCounter', name),
      histogram: (name: string) => instrument('histogram', name),
      gauge: (name: string) => instrument('gauge', name),
    },
  } as unknown as InvocationContext;
  const scope: InvocationScope = {
    invocationId: 'inv-1',
    logFields: {},
    logKeys: undefined,
    traceIds: () => undefined,
    logState: undefined,
    logFormatter: undefined,
    logSink: undefined,
    ctx,
  };
  return { lines, metrics, controller, run: (fn) => scopeStorage.run(scope, fn) };
}
