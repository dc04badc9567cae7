import type { ExportResult } from '@opentelemetry/core';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type {
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { OtlpEndpoint } from '../../config/resolve';
import type { DiagnosticHandler } from '../../diagnostics';
import { createOtlpClient, type OtlpClient } from './client';
import { send } from './send';

const DELTA = 0 as AggregationTemporality;
const CUMULATIVE = 1 as AggregationTemporality;

const METRICS_EXPORT = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

/**
 * OTLP/gRPC metric exporter. Cumulative by default (what a collector feeding Prometheus expects);
 * `delta` follows the OTel delta preference (counters and histograms delta, up-down counters cumulative).
 */
export class OtlpGrpcMetricExporter implements PushMetricExporter {
  private readonly client: OtlpClient;

  constructor(
    endpoint: OtlpEndpoint,
    private readonly temporality: 'cumulative' | 'delta' = 'cumulative',
    private readonly report: DiagnosticHandler = () => {},
  ) {
    this.client = createOtlpClient(endpoint);
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
    // The SDK's enum values written out (DELTA 0, CUMULATIVE 1): referring to the enum would put
    // all of @opentelemetry/sdk-metrics (~48 KB) into every bundle that exports OTLP metrics.
    if (this.temporality === 'cumulative') return CUMULATIVE;
    return instrumentType === 'UP_DOWN_COUNTER' || instrumentType === 'OBSERVABLE_UP_DOWN_COUNTER'
      ? CUMULATIVE
      : DELTA;
  }

  async shutdown(): Promise<void> {
    this.client.close();
  }

  async forceFlush(): Promise<void> {}
}
