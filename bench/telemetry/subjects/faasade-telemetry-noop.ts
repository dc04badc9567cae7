// Full telemetry (invocation span, FaaS metrics, one custom metric) with exporters that accept
// everything and do nothing: the warm cost of the telemetry path itself, network left out.
import { createTelemetry } from '../../../packages/core/src/telemetry';
import { lambdaHandler } from './faasade-app';

const ok = (callback: (result: { code: number }) => void) => callback({ code: 0 });
const spans = {
  export: (_spans: unknown, cb: (r: { code: number }) => void) => ok(cb),
  shutdown: async () => {},
};
const metrics = {
  export: (_metrics: unknown, cb: (r: { code: number }) => void) => ok(cb),
  forceFlush: async () => {},
  shutdown: async () => {},
};

export const handler = lambdaHandler(
  createTelemetry({
    service: 'orders',
    traces: { exporter: spans as never },
    metrics: { exporter: metrics as never },
  }),
);
