// Telemetry configured with exporters `none` for traces and metrics: what having an observer
// costs when nothing is exported (trace ids still reach the logs and outgoing calls).
import { createTelemetry } from '../../../packages/core/src/telemetry';
import { lambdaHandler } from './faasade-app';

export const handler = lambdaHandler(
  createTelemetry({ service: 'orders', traces: { exporter: 'none' }, metrics: { exporter: 'none' } }),
);
