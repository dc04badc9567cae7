import type { TraceCarrier } from '../../context/observer';

/** A remote span's context, as read from (or written to) trace headers. Ids are lowercase hex. */
export interface RemoteSpanContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
  /** The W3C `tracestate` list, passed through untouched. */
  traceState?: string;
}

/**
 * Reads and writes one trace-header format. The core ships W3C Trace Context; adapters add their
 * platform's (X-Ray's `X-Amzn-Trace-Id`, Google's `X-Cloud-Trace-Context`, Azure's) without
 * loading OpenTelemetry: a propagator is plain code over strings.
 *
 * @example
 * ```ts
 * import { registerTracePropagator, type TracePropagator } from '@faasade/core/telemetry';
 *
 * // X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=1 (the span id is decimal)
 * const cloudTrace: TracePropagator = {
 *   name: 'x-cloud-trace-context',
 *   extract(carrier) {
 *     const m = /^([0-9a-f]{32})\/(\d+)(?:;o=([01]))?/.exec(carrier['x-cloud-trace-context'] ?? '');
 *     if (!m) return undefined;
 *     return { traceId: m[1], spanId: BigInt(m[2]).toString(16).padStart(16, '0'), sampled: m[3] === '1' };
 *   },
 * };
 * registerTracePropagator(cloudTrace);
 * ```
 */
export interface TracePropagator {
  /** A short name, for diagnostics. */
  readonly name: string;
  /** The remote parent found in `carrier` (lowercase keys), or undefined when it holds none. */
  extract(carrier: TraceCarrier): RemoteSpanContext | undefined;
  /** Writes this format's headers for an outgoing call; omit for extract-only formats. */
  inject?(context: RemoteSpanContext, setHeader: (name: string, value: string) => void): void;
}
