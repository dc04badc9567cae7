import type { ExportResult } from '@opentelemetry/core';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import {
  AggregationTemporality,
  InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { OtlpEndpoint } from '../../config/resolve';
import type { DiagnosticHandler } from '../../diagnostics';
import { GrpcUnaryClient } from './grpc-client';
import { send } from './send';

const METRICS_EXPORT = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

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
    this.client.preconnect();
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
