import { formatTraceparent, parseTraceparent, type TraceCarrier } from '@faasade/core';
import type { IncomingHttpHeaders } from 'node:http';
import { parseCloudTraceContext } from './cloud-trace';

const CLOUD_TRACE_HEADER = 'x-cloud-trace-context';

/**
 * The trace context of an HTTP request, for `meta.carrier`. A valid `traceparent` wins, and
 * then the runtime reads the headers as they are (undefined here, no copy). Otherwise Google's
 * `X-Cloud-Trace-Context` is translated into a `traceparent` added beside the original headers.
 */
export function httpCarrier(headers: IncomingHttpHeaders): TraceCarrier | undefined {
  // Node joins repeated request headers into one string (only set-cookie stays an array).
  const cloudTrace = headers[CLOUD_TRACE_HEADER] as string | undefined;
  if (cloudTrace === undefined || parseTraceparent(headers.traceparent as string | undefined) !== undefined)
    return undefined;
  const ids = parseCloudTraceContext(cloudTrace);
  if (ids === undefined) return undefined;
  return { ...(headers as Record<string, string>), traceparent: formatTraceparent(ids) };
}

/** The OpenTelemetry span context the Pub/Sub Node client (before 4.5) put in this attribute, as JSON. */
const OTEL_SPAN_CONTEXT = 'googclient_OpenTelemetrySpanContext';

/**
 * The trace context of a Pub/Sub message, for `MessageInput.carrier`: the message's own
 * attributes (`traceparent`, the Pub/Sub client's `googclient_traceparent` or its older
 * `googclient_OpenTelemetrySpanContext`), else the push delivery's `traceparent`. The original
 * attributes stay in the carrier beside the chosen `traceparent`.
 */
export function messageCarrier(
  attributes: Readonly<Record<string, string>>,
  deliveryTraceparent: string | undefined,
): TraceCarrier {
  const own = normalised(attributes.traceparent);
  if (own !== undefined) return { ...attributes, traceparent: own };
  const client = normalised(attributes.googclient_traceparent);
  if (client !== undefined)
    return { ...attributes, traceparent: client, tracestate: attributes.googclient_tracestate };
  const traceparent = spanContextAttribute(attributes[OTEL_SPAN_CONTEXT]) ?? normalised(deliveryTraceparent);
  return { ...attributes, traceparent };
}

/** A valid `traceparent` in its canonical lowercase version-00 form, else undefined. */
function normalised(traceparent: string | undefined): string | undefined {
  const ids = parseTraceparent(traceparent);
  return ids === undefined ? undefined : formatTraceparent(ids);
}

function spanContextAttribute(json: string | undefined): string | undefined {
  if (json === undefined) return undefined;
  try {
    const { traceId, spanId, traceFlags } = JSON.parse(json) as {
      traceId?: unknown;
      spanId?: unknown;
      traceFlags?: unknown;
    };
    if (typeof traceId !== 'string' || typeof spanId !== 'string') return undefined;
    return normalised(formatTraceparent({ traceId, spanId, sampled: (Number(traceFlags) & 1) === 1 }));
  } catch {
    return undefined;
  }
}
