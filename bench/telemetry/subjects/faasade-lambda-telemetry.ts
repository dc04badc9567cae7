// faasade-lambda with full telemetry, configured like a deployed function: by OTEL_* variables
// (the bench sets OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER / OTEL_EXPORTER_OTLP_ENDPOINT).
import { toLambda } from '@faasade/aws-lambda';
import { createTelemetry } from '@faasade/core/telemetry';
import { app } from './lambda-app';

export const handler = toLambda(app, { observer: createTelemetry(), flushTimeoutMs: 2000 }).getOrder;
