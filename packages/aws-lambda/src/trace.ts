import type { RawHeaders, TraceCarrier, TraceIds, TracePropagator } from '@faasade/core';
import type { SqsRecord } from './types';

const XRAY_HEADER = 'x-amzn-trace-id';
const ROOT = /^1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})$/;
const PARENT = /^[0-9a-fA-F]{16}$/;
const ZEROS = /^0+$/;

/**
 * Reads an X-Ray trace header (`Root=1-{8 hex}-{24 hex};Parent={16 hex};Sampled=0|1`, in any
 * order, other keys ignored). Undefined when it has no usable Root, Parent or Sampled: without a
 * parent span id there is no context to continue. Agrees with `@opentelemetry/propagator-aws-xray`
 * (property-tested against it), except that keys must match exactly where the propagator
 * matches them by prefix (`Rooted=`).
 *
 * @example
 * ```ts
 * import { parseXRayHeader } from '@faasade/aws-lambda';
 * parseXRayHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
 * // { traceId: '5759e988bd862e3fe1be46a994272793', spanId: '53995c3f42cd8ad8', sampled: true }
 * ```
 */
export function parseXRayHeader(header: string | undefined): TraceIds | undefined {
  // API Gateway and ALBs start traces with a Root only: the common case fails fast.
  if (!header?.includes('Parent=')) return undefined;
  let traceId: string | undefined;
  let spanId: string | undefined;
  let sampled: string | undefined;
  for (const raw of header.split(';')) {
    const part = raw.trim();
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (key === 'Root') {
      const m = ROOT.exec(value);
      traceId = m ? `${m[1]}${m[2]}` : undefined;
    } else if (key === 'Parent') {
      spanId = PARENT.test(value) ? value : undefined;
    } else if (key === 'Sampled') {
      sampled = value === '0' || value === '1' ? value : undefined;
    }
  }
  if (!traceId || !spanId || !sampled || ZEROS.test(traceId) || ZEROS.test(spanId)) return undefined;
  return { traceId: traceId.toLowerCase(), spanId: spanId.toLowerCase(), sampled: sampled === '1' };
}

/**
 * Translates an X-Ray trace header into a W3C `traceparent` (see {@link parseXRayHeader}).
 *
 * @example
 * ```ts
 * import { traceparentFromXRay } from '@faasade/aws-lambda';
 * traceparentFromXRay('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
 * // '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01'
 * ```
 */
export function traceparentFromXRay(header: string | undefined): string | undefined {
  const ids = parseXRayHeader(header);
  return ids && `00-${ids.traceId}-${ids.spanId}-${ids.sampled ? '01' : '00'}`;
}

/**
 * Formats ids as an X-Ray trace header.
 *
 * @example
 * ```ts
 * import { formatXRayHeader } from '@faasade/aws-lambda';
 * formatXRayHeader({ traceId: '5759e988bd862e3fe1be46a994272793', spanId: '53995c3f42cd8ad8', sampled: true });
 * // 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'
 * ```
 */
export function formatXRayHeader(ids: TraceIds): string {
  return `Root=1-${ids.traceId.slice(0, 8)}-${ids.traceId.slice(8)};Parent=${ids.spanId};Sampled=${ids.sampled ? 1 : 0}`;
}

/**
 * X-Ray's `X-Amzn-Trace-Id` as a telemetry trace propagator: `toLambda` registers it when
 * telemetry is on, so outgoing calls traced by the telemetry carry an X-Ray header next to their
 * `traceparent`, and services traced by X-Ray downstream join the same trace.
 *
 * @example
 * ```ts
 * import { xrayPropagator } from '@faasade/aws-lambda';
 * import { registerTracePropagator } from '@faasade/core/telemetry';
 * registerTracePropagator(xrayPropagator); // what toLambda(app, { observer }) does
 * ```
 */
export const xrayPropagator: TracePropagator = {
  name: 'aws-xray',
  extract: (carrier) => parseXRayHeader(carrier[XRAY_HEADER]),
  inject: (context, setHeader) => setHeader(XRAY_HEADER, formatXRayHeader(context)),
};

// Lambda sets `_X_AMZN_TRACE_ID` per invocation; consecutive invocations often repeat it.
let lastEnvHeader: string | undefined;
let lastEnvTraceparent: string | undefined;

function fromEnv(): { header: string; traceparent: string } | undefined {
  const header = process.env._X_AMZN_TRACE_ID;
  if (!header) return undefined;
  if (header !== lastEnvHeader) {
    lastEnvHeader = header;
    lastEnvTraceparent = traceparentFromXRay(header);
  }
  return lastEnvTraceparent ? { header, traceparent: lastEnvTraceparent } : undefined;
}

/**
 * The trace context of the invocation itself, from Lambda's `_X_AMZN_TRACE_ID`: what a message,
 * schedule or event without a context of its own continues.
 */
export function invocationCarrier(): TraceCarrier | undefined {
  const env = fromEnv();
  return env && { traceparent: env.traceparent, [XRAY_HEADER]: env.header };
}

/**
 * The trace context of an HTTP request, as a carrier the core and the telemetry read. A
 * `traceparent` header wins and the headers are used as they are (undefined here); else the
 * request's `X-Amzn-Trace-Id`; else Lambda's `_X_AMZN_TRACE_ID`. A translated context keeps
 * the original keys and adds `traceparent`.
 */
export function httpCarrier(headers: RawHeaders): TraceCarrier | undefined {
  if (headers.traceparent !== undefined) return undefined;
  const header = headers[XRAY_HEADER];
  const traceparent = traceparentFromXRay(typeof header === 'string' ? header : header?.[0]);
  if (traceparent) return { ...(headers as TraceCarrier), traceparent };
  const env = fromEnv();
  return env && { [XRAY_HEADER]: env.header, ...(headers as TraceCarrier), traceparent: env.traceparent };
}

/**
 * A message's own trace context: its `traceparent` (and `tracestate`) message attributes, else
 * its `AWSTraceHeader` system attribute. Undefined when it has none, so the invocation's applies.
 */
export function messageCarrier(record: SqsRecord): TraceCarrier | undefined {
  const traceparent = record.messageAttributes?.traceparent?.stringValue;
  const xray = record.attributes.AWSTraceHeader;
  if (traceparent) {
    return { traceparent, tracestate: record.messageAttributes.tracestate?.stringValue, [XRAY_HEADER]: xray };
  }
  const translated = traceparentFromXRay(xray);
  return translated ? { traceparent: translated, [XRAY_HEADER]: xray } : undefined;
}
