// Full telemetry with metrics as EMF on stdout (the bench sends stdout to /dev/null) and spans to
// a no-op exporter: the same output work as Powertools' Metrics, plus the invocation span.
import { createTelemetry } from '../../../packages/core/src/telemetry';
import { lambdaHandler } from './faasade-app';

const spans = {
  export: (_s: unknown, cb: (r: { code: number }) => void) => cb({ code: 0 }),
  shutdown: async () => {},
};

export const handler = lambdaHandler(
  createTelemetry({ service: 'orders', traces: { exporter: spans as never }, metrics: { exporter: 'emf' } }),
);
