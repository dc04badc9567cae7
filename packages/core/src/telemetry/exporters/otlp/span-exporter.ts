import type { ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OtlpEndpoint } from '../../config/resolve';
import type { DiagnosticHandler } from '../../diagnostics';
import { createOtlpClient, type OtlpClient } from './client';
import { send } from './send';

const TRACE_EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

// This module imports only the trace half of the encoder: with `sideEffects: false`, a bundle
// that exports spans over OTLP and metrics elsewhere (EMF) never evaluates `@opentelemetry/sdk-metrics`.

/**
 * OTLP/gRPC span exporter: the official OTLP protobuf encoding (`@opentelemetry/otlp-transformer`)
 * over faasade's lean HTTP/2 client. Configured like the OTel exporters, by `OTEL_EXPORTER_OTLP_*`.
 */
export class OtlpGrpcSpanExporter implements SpanExporter {
  private readonly client: OtlpClient;

  constructor(
    endpoint: OtlpEndpoint,
    private readonly report: DiagnosticHandler = () => {},
  ) {
    this.client = createOtlpClient(endpoint);
    this.client.preconnect();
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
