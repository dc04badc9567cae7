/**
 * `@faasade/core/telemetry`: OpenTelemetry tracing and metrics for functions, flushed at the end
 * of every invocation. Importing this module loads nothing of OpenTelemetry; `createTelemetry`
 * does, with only the exporters it is configured for.
 */
import type { TextMapPropagator } from '@opentelemetry/api';
import type { TracePropagator } from './propagation/types';

export { createTelemetry } from './create-telemetry';
export type { DiagnosticHandler, DiagnosticLevel, TelemetryDiagnostic } from './diagnostics';
export { TelemetryConfigurationError } from './errors';
export { registerTracePropagator, unregisterTracePropagator } from './propagation/registry';
export type { RemoteSpanContext, TracePropagator } from './propagation/types';
export { formatTraceparent, parseTraceparent, w3cTraceContext } from './propagation/w3c';
export { DURATION_BUCKETS_S, FAAS_METRIC, OUTCOME_ATTR } from './semconv';
export { tracedFetch } from './tracing/traced-fetch';
export type {
  EmfOptions,
  MetricExporterName,
  OtlpOptions,
  OtlpTlsOptions,
  SdkMetricsModule,
  Telemetry,
  TelemetryOptions,
  TraceExporterName,
} from './types';

/**
 * Wraps an `@opentelemetry/api` TextMapPropagator (X-Ray's, B3, Jaeger) as a {@link TracePropagator}.
 *
 * @example
 * ```ts
 * import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
 * import { fromTextMapPropagator, registerTracePropagator } from '@faasade/core/telemetry';
 *
 * registerTracePropagator(fromTextMapPropagator('aws-xray', new AWSXRayPropagator()));
 * ```
 */
export function fromTextMapPropagator(name: string, propagator: TextMapPropagator): TracePropagator {
  const bridge = require('./propagation/opentelemetry') as typeof import('./propagation/opentelemetry');
  return bridge.fromTextMapPropagator(name, propagator);
}
