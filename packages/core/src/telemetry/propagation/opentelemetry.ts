import {
  type Context,
  createTraceState,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import type { TraceCarrier } from '../../context/observer';
import type { CompositePropagator } from './registry';
import type { RemoteSpanContext, TracePropagator } from './types';

const getter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key.toLowerCase()],
};

/**
 * Wraps an `@opentelemetry/api` TextMapPropagator (for example `AWSXRayPropagator` from
 * `@opentelemetry/propagator-aws-xray`) as a faasade {@link TracePropagator}.
 *
 * @example
 * ```ts
 * import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
 * import { fromTextMapPropagator, registerTracePropagator } from '@faasade/core/telemetry';
 *
 * registerTracePropagator(fromTextMapPropagator('aws-xray', new AWSXRayPropagator()));
 * ```
 */
export function fromTextMapPropagator(name: string, propagator: TextMapPropagator): TracePropagator {
  return {
    name,
    extract(carrier) {
      const context = trace.getSpanContext(propagator.extract(ROOT_CONTEXT, carrier, getter));
      if (!context) return undefined;
      const traceState = context.traceState?.serialize();
      return {
        traceId: context.traceId,
        spanId: context.spanId,
        sampled: (context.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
        ...(traceState ? { traceState } : {}),
      };
    },
    inject(context, setHeader) {
      const carrier: Record<string, string> = {};
      propagator.inject(trace.setSpanContext(ROOT_CONTEXT, toSpanContext(context)), carrier, {
        set: (c, key, value) => {
          c[key] = value;
        },
      });
      for (const [key, value] of Object.entries(carrier)) setHeader(key, value);
    },
  };
}

/** A remote span context as the API's SpanContext. */
export function toSpanContext(context: RemoteSpanContext) {
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    traceFlags: context.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
    ...(context.traceState ? { traceState: createTraceState(context.traceState) } : {}),
  };
}

/**
 * The composite as the API's global propagator (`register: true`), so libraries instrumented with
 * `propagation.inject()` send the same headers faasade sends.
 */
export function toTextMapPropagator(
  composite: CompositePropagator,
  onError: (p: TracePropagator, e: unknown) => void,
): TextMapPropagator {
  return {
    inject(context: Context, carrier: unknown, setter: TextMapSetter) {
      const span = trace.getSpanContext(context);
      if (!span || !trace.isSpanContextValid(span)) return;
      const remote = {
        traceId: span.traceId,
        spanId: span.spanId,
        sampled: (span.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
        traceState: span.traceState?.serialize() || undefined,
      };
      composite.inject(remote, (name, value) => setter.set(carrier, name, value), onError);
    },
    extract(context: Context, carrier: unknown, textGetter: TextMapGetter) {
      const flat: Record<string, string | undefined> = {};
      for (const key of textGetter.keys(carrier)) {
        const value = textGetter.get(carrier, key);
        flat[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
      }
      const remote = composite.extract(flat, onError);
      return remote ? trace.setSpanContext(context, toSpanContext(remote)) : context;
    },
    fields() {
      return ['traceparent', 'tracestate'];
    },
  };
}
