import type { InvocationContext } from '@azure/functions';
import type { InvocationMeta, PlatformInfo, TraceCarrier } from '@faasade/core';
import { ContextLogSink } from './logging/sink';

/**
 * What the invocation context tells the runtime: the host's invocation id, a deadline `timeoutMs`
 * from now (the v4 context carries no deadline), the host's trace context to continue, and the
 * context's log methods as the destination of every line.
 */
export function invocationMeta(
  event: unknown,
  context: InvocationContext,
  timeoutMs: number,
  platform: PlatformInfo,
): InvocationMeta {
  return {
    invocationId: context.invocationId,
    deadline: Date.now() + timeoutMs,
    raw: { event, context },
    platform,
    carrier: traceCarrier(context),
    logSink: new ContextLogSink(context),
  };
}

/**
 * The host's W3C trace context as a carrier. The host has already continued any incoming
 * `traceparent` (HTTP header, Service Bus `Diagnostic-Id`) in its own request span, so a
 * faasade span started from this one is that span's child in Application Insights.
 */
export function traceCarrier(context: InvocationContext): TraceCarrier | undefined {
  const trace = context.traceContext;
  if (!trace?.traceParent) return undefined;
  return trace.traceState
    ? { traceparent: trace.traceParent, tracestate: trace.traceState }
    : { traceparent: trace.traceParent };
}
