import { resolveConfig } from './config/resolve';
import { levelFromEnv, safeHandler, stderrDiagnostics } from './diagnostics';
import type { Telemetry, TelemetryOptions } from './types';

/**
 * Creates the telemetry of a function: one span per invocation with the FaaS semantic
 * conventions, the FaaS metrics, custom metrics, and exporters chosen by options or by the
 * standard `OTEL_*` variables (`otlp` over gRPC, `azure-monitor`, `emf`, `console`, `none`).
 * Hand it to the runtime as its observer; the runtime flushes it, bounded, at the end of every
 * invocation.
 *
 * OpenTelemetry is loaded here and not before: importing `@faasade/core/telemetry` costs nothing
 * until this is called, and only the configured exporters are loaded.
 *
 * @throws {TelemetryConfigurationError} when an option is invalid (never for a bad `OTEL_*` variable).
 *
 * @example
 * ```ts
 * import { createRuntime, defineApp, http } from '@faasade/core';
 * import { createTelemetry } from '@faasade/core/telemetry';
 *
 * const app = defineApp({
 *   service: 'orders',
 *   functions: { hello: http({ method: 'GET', route: '/hello' }, () => ({ hello: 'world' })) },
 * });
 * // OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317 picks the collector; EMF on Lambda:
 * const telemetry = createTelemetry({ metrics: { exporter: 'emf' } });
 * const runtime = createRuntime(app, { cloud: 'aws', observer: telemetry });
 * ```
 */
export function createTelemetry(options: TelemetryOptions = {}): Telemetry {
  const env = options.env ?? process.env;
  const report = safeHandler(options.onDiagnostic ?? stderrDiagnostics(levelFromEnv(env.OTEL_LOG_LEVEL)));
  const config = resolveConfig(options, env);
  const { OpenTelemetryObserver } = require('./observer') as typeof import('./observer');
  return new OpenTelemetryObserver(config, options, report);
}
