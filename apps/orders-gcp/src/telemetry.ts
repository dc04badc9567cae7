import type { Telemetry } from '@faasade/core/telemetry';
import { createTelemetry } from '@faasade/core/telemetry';
import type { Env } from './config';

/**
 * Traces and metrics over OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (an OpenTelemetry
 * Collector whose Google Cloud exporter writes the `workload.googleapis.com/faas.*` metrics the
 * SLOs read, and the spans to Cloud Trace); without it, none, and nothing of OpenTelemetry loads.
 * The other `OTEL_*` variables (headers, sampler, service name) apply as usual.
 *
 * @example
 * ```ts
 * import { registerGcpFunctions } from '@faasade/gcp-functions';
 * import { telemetryFromEnv } from './telemetry';
 * // registerGcpFunctions(app, { router: 'api', observer: telemetryFromEnv(process.env) });
 * telemetryFromEnv({}); // undefined
 * ```
 */
export function telemetryFromEnv(env: Env): Telemetry | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()) return undefined;
  return createTelemetry({ env });
}
