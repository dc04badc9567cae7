import type { TraceCarrier } from '../../context/observer';
import type { RemoteSpanContext, TracePropagator } from './types';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ALL_ZERO = /^0+$/;

/**
 * Parses a W3C `traceparent` value. Per the spec: lowercase hex only, version `ff` is invalid,
 * version `00` has exactly four fields, later versions may append fields, all-zero ids are invalid.
 *
 * @example
 * ```ts
 * import { parseTraceparent } from '@faasade/core/telemetry';
 * parseTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
 * // { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', sampled: true }
 * ```
 */
export function parseTraceparent(value: string | undefined): RemoteSpanContext | undefined {
  if (!value) return undefined;
  const m = TRACEPARENT.exec(value.trim());
  if (!m || m[1] === 'ff' || (m[1] === '00' && m[5] !== undefined)) return undefined;
  if (ALL_ZERO.test(m[2]) || ALL_ZERO.test(m[3])) return undefined;
  return { traceId: m[2], spanId: m[3], sampled: (Number.parseInt(m[4], 16) & 1) === 1 };
}

/**
 * Formats a span context as a version-00 `traceparent` value.
 *
 * @example
 * ```ts
 * import { formatTraceparent } from '@faasade/core/telemetry';
 * formatTraceparent({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', sampled: false });
 * // '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00'
 * ```
 */
export function formatTraceparent(context: RemoteSpanContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.sampled ? '01' : '00'}`;
}

/** Adapters hand repeated headers over as arrays; `tracestate` may legally be split across them. */
function header(carrier: TraceCarrier, name: string): string | undefined {
  const value = carrier[name] as string | string[] | undefined;
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * W3C Trace Context (`traceparent` + `tracestate`), the default propagator. A CloudEvent's
 * distributed-tracing extension delivered in HTTP binary mode arrives as
 * `ce-traceparent`/`ce-tracestate`; it is read when the carrier has no plain `traceparent`.
 *
 * @example
 * ```ts
 * import { createTelemetry, w3cTraceContext } from '@faasade/core/telemetry';
 * // W3C first, then a format of your own (registered ones would come after both).
 * const telemetry = createTelemetry({ propagators: [w3cTraceContext, myLegacyHeaderPropagator] });
 * ```
 */
export const w3cTraceContext: TracePropagator = {
  name: 'w3c-trace-context',
  extract(carrier) {
    const plain = header(carrier, 'traceparent');
    const prefix = plain === undefined && header(carrier, 'ce-traceparent') !== undefined ? 'ce-' : '';
    const context = parseTraceparent(header(carrier, `${prefix}traceparent`));
    if (!context) return undefined;
    const traceState = header(carrier, `${prefix}tracestate`)?.trim();
    return traceState ? { ...context, traceState } : context;
  },
  inject(context, setHeader) {
    setHeader('traceparent', formatTraceparent(context));
    if (context.traceState) setHeader('tracestate', context.traceState);
  },
};
