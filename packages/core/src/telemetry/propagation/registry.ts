import type { TraceCarrier } from '../../context/observer';
import type { RemoteSpanContext, TracePropagator } from './types';
import { w3cTraceContext } from './w3c';

const registered: TracePropagator[] = [];
/** Bumped by every change to {@link registered}, so composites rebuild their list only then. */
let version = 0;

/**
 * Adds a trace-header format that every telemetry instance tries after its own propagators
 * (W3C Trace Context by default). Adapters call it at import time for their platform's header;
 * registering the same propagator twice has no effect.
 *
 * @example
 * ```ts
 * import { registerTracePropagator } from '@faasade/core/telemetry';
 *
 * registerTracePropagator({
 *   name: 'x-b3-single',
 *   extract: (carrier) => {
 *     const [traceId, spanId, sampled] = (carrier.b3 ?? '').split('-');
 *     return traceId && spanId ? { traceId: traceId.padStart(32, '0'), spanId, sampled: sampled === '1' } : undefined;
 *   },
 * });
 * ```
 */
export function registerTracePropagator(propagator: TracePropagator): void {
  if (!registered.includes(propagator)) {
    registered.push(propagator);
    version++;
  }
}

/**
 * Removes a propagator added with {@link registerTracePropagator} (tests, hot reload).
 *
 * @example
 * ```ts
 * import { registerTracePropagator, unregisterTracePropagator } from '@faasade/core/telemetry';
 * registerTracePropagator(xrayPropagator);
 * // ... later, in a test's afterEach:
 * unregisterTracePropagator(xrayPropagator);
 * ```
 */
export function unregisterTracePropagator(propagator: TracePropagator): void {
  const index = registered.indexOf(propagator);
  if (index >= 0) {
    registered.splice(index, 1);
    version++;
  }
}

/**
 * Tries each propagator in turn: the first that finds a valid context wins, so a caller's own
 * `traceparent` beats the platform header an adapter registered after it. Injection writes every
 * format that can be written, so each hop downstream finds the one it reads.
 */
export class CompositePropagator {
  private readonly own: readonly TracePropagator[];
  private cached: { version: number; list: TracePropagator[] } | undefined;

  constructor(own: readonly TracePropagator[] = [w3cTraceContext]) {
    this.own = own;
  }

  /**
   * The propagators in the order they are tried. Registry changes apply from the next call; the
   * list is rebuilt only after one, not for every invocation.
   */
  list(): TracePropagator[] {
    if (this.cached?.version !== version) {
      this.cached = { version, list: [...this.own, ...registered.filter((p) => !this.own.includes(p))] };
    }
    return this.cached.list;
  }

  extract(
    carrier: TraceCarrier | undefined,
    onError: (propagator: TracePropagator, error: unknown) => void,
  ): RemoteSpanContext | undefined {
    if (!carrier) return undefined;
    for (const propagator of this.list()) {
      try {
        const context = propagator.extract(carrier);
        if (context && isValid(context)) return context;
      } catch (error) {
        onError(propagator, error);
      }
    }
    return undefined;
  }

  inject(
    context: RemoteSpanContext,
    setHeader: (name: string, value: string) => void,
    onError: (propagator: TracePropagator, error: unknown) => void,
  ): void {
    for (const propagator of this.list()) {
      try {
        propagator.inject?.(context, setHeader);
      } catch (error) {
        onError(propagator, error);
      }
    }
  }
}

const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;
const SPAN_ID = /^(?!0{16})[0-9a-f]{16}$/;

/** A third-party propagator's output is checked before a span is parented to it. */
function isValid(context: RemoteSpanContext): boolean {
  return TRACE_ID.test(context.traceId) && SPAN_ID.test(context.spanId);
}
