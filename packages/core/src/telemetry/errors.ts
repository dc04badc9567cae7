/**
 * A telemetry option given in code is invalid (an unknown exporter name, an endpoint that is not
 * a URL). Thrown by `createTelemetry`, at start-up, never during an invocation. The same mistake
 * in an `OTEL_*` variable is reported as a diagnostic instead, so that a bad variable costs the
 * telemetry, not the function.
 *
 * @example
 * ```ts
 * import { createTelemetry, TelemetryConfigurationError } from '@faasade/core/telemetry';
 * try {
 *   createTelemetry({ otlp: { endpoint: 'ftp://collector' } });
 * } catch (error) {
 *   console.log(error instanceof TelemetryConfigurationError); // true
 * }
 * ```
 */
export class TelemetryConfigurationError extends Error {
  constructor(message: string) {
    super(`${message}. Fix the option passed to createTelemetry().`);
    this.name = 'TelemetryConfigurationError';
  }
}
