import {
  type Attributes,
  type Context,
  type Link,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SamplingDecision,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { isAttributeValue } from '@opentelemetry/core';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import type { InvocationInfo } from '../../context/observer';
import { toSpanContext } from '../propagation/opentelemetry';
import type { RemoteSpanContext } from '../propagation/types';
import { invocationAttributes, invocationSpanKind, invocationSpanName } from './invocation-span';
import type { ResolvedSampler } from './sampler';
import { InvocationSpan, type InvocationSpanShared } from './span';

/**
 * Starts invocation spans. The sampling decision comes first, from the remote parent alone with
 * the default sampler (parent-based always-on) or from the configured sampler otherwise; then:
 *
 * - sampled, and some exporter configured: a recording {@link InvocationSpan};
 * - not sampled, or no span exporter at all (`none`): a non-recording span that only carries the
 *   ids (the remote parent's trace id when there is one, a fresh span id), so that log lines and
 *   outgoing calls still continue the trace, with the sampling flag the sampler chose. Its
 *   attributes are never built.
 */
export class InvocationTracer {
  constructor(
    private readonly sampler: ResolvedSampler,
    private readonly ids: IdGenerator,
    private readonly shared: InvocationSpanShared,
  ) {}

  start(info: InvocationInfo, remote: RemoteSpanContext | undefined): Span {
    const kind = invocationSpanKind(info);
    const parent = remote && toSpanContext(remote);
    const traceId = parent ? parent.traceId : this.ids.generateTraceId();
    const spanId = this.ids.generateSpanId();
    // A message's span continues the message's trace and links to it, as the messaging
    // conventions ask: each message of a batch has its own carrier, hence its own parent.
    const links: Link[] | undefined =
      parent && kind === SpanKind.CONSUMER ? [{ context: parent }] : undefined;
    let traceState = parent?.traceState;
    let decision: SamplingDecision;
    let attributes: Attributes | undefined;
    if (this.sampler.parentBasedAlwaysOn) {
      decision =
        !parent || remote.sampled ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD;
    } else {
      attributes = invocationAttributes(info);
      const context: Context = parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
      const result = this.sampler.sampler.shouldSample(
        context,
        traceId,
        invocationSpanName(info),
        kind,
        attributes,
        links ?? [],
      );
      decision = result.decision;
      if (result.traceState) traceState = result.traceState;
      // What a sampler adds is checked as the SDK checks it; faasade's own attributes need not be.
      for (const key in result.attributes) {
        const value = result.attributes[key];
        if (key.length > 0 && value != null && isAttributeValue(value)) attributes[key] = value;
      }
    }
    const sampled = decision === SamplingDecision.RECORD_AND_SAMPLED;
    const context: SpanContext = {
      traceId,
      spanId,
      traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      ...(traceState ? { traceState } : {}),
    };
    // Only sampled spans are ever exported: a span recorded for nothing is not made.
    if (!sampled || this.shared.processors.length === 0) return trace.wrapSpanContext(context);
    return new InvocationSpan(
      this.shared,
      context,
      invocationSpanName(info),
      kind,
      parent,
      attributes ?? invocationAttributes(info),
      info.startTime,
      links,
    );
  }
}
