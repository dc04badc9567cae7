import { type Context, type Span, trace } from '@opentelemetry/api';
import type { InvocationInfo, InvocationObservation, InvocationOutcome } from '../../context/observer';
import type { TraceIds } from '../../context/scope';
import type { DiagnosticHandler } from '../diagnostics';
import type { FunctionMetrics } from '../metrics/faas-metrics';
import { type ContextSource, enterInvocation } from './context-storage';
import { finishInvocationSpan } from './invocation-span';

/**
 * The telemetry of one running invocation: its span, its start, and (made only when something
 * asks for it: an outgoing `tracedFetch`, code using the API) its OpenTelemetry context.
 */
export class InvocationObservationImpl implements InvocationObservation, ContextSource {
  private readonly startedAt = performance.now();
  /** The part of the invocation that ran before `start()` was called (the runtime's own set-up). */
  private readonly lead: number;
  private ended = false;
  private ids: TraceIds | undefined;
  private context: Context | undefined;

  constructor(
    private readonly span: Span,
    /** The telemetry instance's root context (it carries the instance's fetch tracer). */
    private readonly base: Context,
    info: InvocationInfo,
    private readonly metrics: FunctionMetrics,
    private readonly report: DiagnosticHandler,
  ) {
    this.lead = Math.max(0, Date.now() - info.startTime);
  }

  /** The invocation span's ids, for log correlation; read on the first log line. */
  get traceIds(): TraceIds {
    if (!this.ids) {
      const ids = this.span.spanContext();
      this.ids = { traceId: ids.traceId, spanId: ids.spanId, sampled: (ids.traceFlags & 1) === 1 };
    }
    return this.ids;
  }

  otelContext(): Context {
    return (this.context ??= trace.setSpan(this.base, this.span));
  }

  run<T>(fn: () => T): T {
    return enterInvocation(this, fn);
  }

  end(outcome: InvocationOutcome): void {
    if (this.ended) return;
    this.ended = true;
    try {
      const result = finishInvocationSpan(this.span, outcome);
      this.span.end();
      this.metrics.ended(result, (performance.now() - this.startedAt + this.lead) / 1000);
    } catch (error) {
      this.report({ level: 'warn', message: 'could not end the invocation span', error });
    }
  }
}

/** Stands in when the span could not be started: the invocation runs, untraced. */
export const NOOP_OBSERVATION: InvocationObservation = {
  traceIds: undefined,
  run: (fn) => fn(),
  end: () => {},
};
