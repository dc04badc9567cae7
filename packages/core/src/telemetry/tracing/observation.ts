import type { Attributes, Context, ContextManager, Span } from '@opentelemetry/api';
import type { InvocationInfo, InvocationObservation, InvocationOutcome } from '../../context/observer';
import type { TraceIds } from '../../context/scope';
import type { DiagnosticHandler } from '../diagnostics';
import type { FaasMetrics } from '../metrics/faas-metrics';
import { finishInvocationSpan } from './invocation-span';

/** The telemetry of one running invocation: its span, its context, its start. */
export class InvocationObservationImpl implements InvocationObservation {
  readonly traceIds: TraceIds;
  private readonly startedAt = performance.now();
  /** The part of the invocation that ran before `start()` was called (the runtime's own set-up). */
  private readonly lead: number;
  private ended = false;

  constructor(
    private readonly span: Span,
    private readonly context: Context,
    info: InvocationInfo,
    private readonly attributes: Attributes,
    private readonly contextManager: ContextManager,
    private readonly faas: FaasMetrics,
    private readonly report: DiagnosticHandler,
  ) {
    const ids = span.spanContext();
    this.traceIds = { traceId: ids.traceId, spanId: ids.spanId, sampled: (ids.traceFlags & 1) === 1 };
    this.lead = Math.max(0, Date.now() - info.startTime);
  }

  run<T>(fn: () => T): T {
    return this.contextManager.with(this.context, fn);
  }

  end(outcome: InvocationOutcome): void {
    if (this.ended) return;
    this.ended = true;
    try {
      const result = finishInvocationSpan(this.span, outcome);
      this.span.end();
      this.faas.ended(this.attributes, result, (performance.now() - this.startedAt + this.lead) / 1000);
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
