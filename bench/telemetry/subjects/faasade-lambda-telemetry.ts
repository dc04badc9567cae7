// faasade-lambda with full telemetry, configured like a deployed function: by OTEL_* variables
// (the bench sets OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER / OTEL_EXPORTER_OTLP_ENDPOINT).
import { toLambda } from '@faasade/aws-lambda';
import { defineApp, http } from '@faasade/core';
import { createTelemetry } from '@faasade/core/telemetry';

const app = defineApp({
  service: 'orders',
  functions: {
    getOrder: http({ method: 'GET', route: '/orders/:id' }, (_req, ctx) => {
      ctx.metrics.counter('orders.read', { unit: '{order}' }).record(1);
      return { id: ctx.params.id };
    }),
  },
});

export const handler = toLambda(app, { observer: createTelemetry(), flushTimeoutMs: 2000 }).getOrder;
