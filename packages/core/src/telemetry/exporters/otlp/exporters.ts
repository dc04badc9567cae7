import type { ExportResult } from '@opentelemetry/core';
import { ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  AggregationTemporality,
  InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OtlpEndpoint } from '../../config/resolve';
import type { DiagnosticHandler } from '../../diagnostics';
import { GrpcUnaryClient } from './grpc-client';

const TRACE_EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const METRICS_EXPORT = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

/**
 * OTLP/gRPC span exporter: the official OTLP protobuf encoding (`@opentelemetry/otlp-transformer`)
 * over faasade's lean HTTP/2 client. Configured like the OTel exporters, by `OTEL_EXPORTER_OTLP_*`.
 */
export class OtlpGrpcSpanExporter implements SpanExporter {
  private readonly client: GrpcUnaryClient;

  constructor(
    endpoint: OtlpEndpoint,
    private readonly report: DiagnosticHandler = () => {},
  ) {
    this.client = new GrpcUnaryClient(endpoint);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    send(
      this.client,
      TRACE_EXPORT,
      () =>
        ProtobufTraceSerializer.serializeRequest(
          spans as Parameters<typeof ProtobufTraceSerializer.serializeRequest>[0],
        ),
      (response) => {
        const partial = ProtobufTraceSerializer.deserializeResponse(response).partialSuccess;
        if (partial?.rejectedSpans) {
          this.report({
            level: 'warn',
            message: `collector rejected ${partial.rejectedSpans} span(s): ${partial.errorMessage ?? ''}`,
          });
        }
      },
      resultCallback,
    );
  }

  async shutdown(): Promise<void> {
    this.client.close();
  }

  async forceFlush(): Promise<void> {}
}

/**
 * OTLP/gRPC metric exporter. Cumulative by default (what a collector feeding Prometheus expects);
 * `delta` follows the OTel delta preference (counters and histograms delta, up-down counters cumulative).
 */
export class OtlpGrpcMetricExporter implements PushMetricExporter {
  private readonly client: GrpcUnaryClient;

  constructor(
    endpoint: OtlpEndpoint,
    private readonly temporality: 'cumulative' | 'delta' = 'cumulative',
    private readonly report: DiagnosticHandler = () => {},
  ) {
    this.client = new GrpcUnaryClient(endpoint);
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    send(
      this.client,
      METRICS_EXPORT,
      () =>
        ProtobufMetricsSerializer.serializeRequest(
          metrics as Parameters<typeof ProtobufMetricsSerializer.serializeRequest>[0],
        ),
      (response) => {
        const partial = ProtobufMetricsSerializer.deserializeResponse(response).partialSuccess;
        if (partial?.rejectedDataPoints) {
          this.report({
            level: 'warn',
            message: `collector rejected ${partial.rejectedDataPoints} data point(s): ${partial.errorMessage ?? ''}`,
          });
        }
      },
      resultCallback,
    );
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    if (this.temporality === 'cumulative') return AggregationTemporality.CUMULATIVE;
    return instrumentType === InstrumentType.UP_DOWN_COUNTER ||
      instrumentType === InstrumentType.OBSERVABLE_UP_DOWN_COUNTER
      ? AggregationTemporality.CUMULATIVE
      : AggregationTemporality.DELTA;
  }

  async shutdown(): Promise<void> {
    this.client.close();
  }

  async forceFlush(): Promise<void> {}
}

function send(
  client: GrpcUnaryClient,
  path: string,
  serialize: () => Uint8Array | undefined,
  onResponse: (response: Uint8Array) => void,
  resultCallback: (result: ExportResult) => void,
): void {
  let body: Uint8Array | undefined;
  try {
    body = serialize();
  } catch (error) {
    resultCallback({ code: 1, error: error instanceof Error ? error : new Error(String(error)) });
    return;
  }
  if (!body) {
    resultCallback({ code: 1, error: new Error('OTLP serialization produced nothing') });
    return;
  }
  client.call(path, body).then(
    (response) => {
      try {
        onResponse(response);
      } catch {
        // A response we cannot read still means the collector accepted the export.
      }
      resultCallback({ code: 0 });
    },
    (error: Error) => resultCallback({ code: 1, error }),
  );
}
