// faasade's runtime with full telemetry, configured like a deployed function: by OTEL_* variables
// (the bench sets OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER / OTEL_EXPORTER_OTLP_ENDPOINT).
import { createTelemetry } from '../../../packages/core/src/telemetry';
import { lambdaHandler } from './faasade-app';

export const handler = lambdaHandler(createTelemetry({ service: 'orders' }));
