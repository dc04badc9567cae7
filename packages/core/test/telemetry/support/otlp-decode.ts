/**
 * Decoding of OTLP export requests into plain objects tests can assert on, with the protobuf
 * root of `@opentelemetry/otlp-transformer@0.57` (installed as `otlp-transformer-057`): the last
 * release that shipped a decoder, independent of the encoder under test.
 */

interface ProtoType {
  decode(data: Uint8Array): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  toObject(message: unknown, options: Record<string, unknown>): Record<string, unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: the generated protobufjs root has no types worth importing.
const root: any = require('otlp-transformer-057/build/src/generated/root.js');
const collector = root.opentelemetry.proto.collector;

export const TraceRequest: ProtoType = collector.trace.v1.ExportTraceServiceRequest;
export const TraceResponse: ProtoType = collector.trace.v1.ExportTraceServiceResponse;
export const MetricsRequest: ProtoType = collector.metrics.v1.ExportMetricsServiceRequest;
export const MetricsResponse: ProtoType = collector.metrics.v1.ExportMetricsServiceResponse;

const OPTIONS = { longs: Number, bytes: String, enums: Number, defaults: false, oneofs: true };

/** A span as the collector received it. Ids are lowercase hex. */
export interface ReceivedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  traceState: string | undefined;
  attributes: Record<string, unknown>;
  links: Array<{ traceId: string; spanId: string; attributes: Record<string, unknown> }>;
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
  status: { code: number; message?: string };
  startTimeUnixNano: number;
  endTimeUnixNano: number;
  resource: Record<string, unknown>;
  scope: string;
}

/** One data point of one metric, flattened with its metric's identity. */
export interface ReceivedPoint {
  name: string;
  unit: string;
  type: 'sum' | 'gauge' | 'histogram' | 'exponentialHistogram';
  /** 1 = delta, 2 = cumulative (the OTLP enum). */
  temporality: number | undefined;
  monotonic: boolean | undefined;
  attributes: Record<string, unknown>;
  value: number | undefined;
  count: number | undefined;
  sum: number | undefined;
  bucketCounts: number[] | undefined;
  explicitBounds: number[] | undefined;
  resource: Record<string, unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: decoded protobuf objects are walked field by field.
type Obj = Record<string, any>;

export function decodeSpans(body: Uint8Array): ReceivedSpan[] {
  const request = TraceRequest.toObject(TraceRequest.decode(body), OPTIONS) as Obj;
  const spans: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributesOf(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          name: s.name,
          kind: s.kind ?? 0,
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          parentSpanId: s.parentSpanId ? hex(s.parentSpanId) : undefined,
          traceState: s.traceState || undefined,
          attributes: attributesOf(s.attributes),
          links: (s.links ?? []).map((l: Obj) => ({
            traceId: hex(l.traceId),
            spanId: hex(l.spanId),
            attributes: attributesOf(l.attributes),
          })),
          events: (s.events ?? []).map((e: Obj) => ({
            name: e.name,
            attributes: attributesOf(e.attributes),
          })),
          status: { code: s.status?.code ?? 0, message: s.status?.message },
          startTimeUnixNano: Number(s.startTimeUnixNano),
          endTimeUnixNano: Number(s.endTimeUnixNano),
          resource,
          scope: ss.scope?.name ?? '',
        });
      }
    }
  }
  return spans;
}

export function decodeMetrics(body: Uint8Array): ReceivedPoint[] {
  const request = MetricsRequest.toObject(MetricsRequest.decode(body), OPTIONS) as Obj;
  const points: ReceivedPoint[] = [];
  for (const rm of request.resourceMetrics ?? []) {
    const resource = attributesOf(rm.resource?.attributes);
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const type = (['sum', 'gauge', 'histogram', 'exponentialHistogram'] as const).find((t) => m[t]);
        if (!type) continue;
        const data = m[type];
        for (const p of data.dataPoints ?? []) {
          points.push({
            name: m.name,
            unit: m.unit ?? '',
            type,
            temporality: data.aggregationTemporality,
            // proto3 leaves false out of the wire; a sum that does not say monotonic is not.
            monotonic: type === 'sum' ? data.isMonotonic === true : undefined,
            attributes: attributesOf(p.attributes),
            value: p.asDouble ?? p.asInt,
            count: p.count,
            sum: p.sum,
            bucketCounts: p.bucketCounts,
            explicitBounds: p.explicitBounds,
            resource,
          });
        }
      }
    }
  }
  return points;
}

function attributesOf(list: Obj[] | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const kv of list ?? []) result[kv.key] = anyValue(kv.value);
  return result;
}

function anyValue(v: Obj | undefined): unknown {
  if (!v) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('arrayValue' in v) return (v.arrayValue.values ?? []).map(anyValue);
  if ('kvlistValue' in v) return attributesOf(v.kvlistValue.values);
  if ('bytesValue' in v) return v.bytesValue;
  return undefined;
}

function hex(base64: string): string {
  return Buffer.from(base64, 'base64').toString('hex');
}
