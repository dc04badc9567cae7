// The reference the team measured: the OpenTelemetry trace and metrics SDKs with the official
// OTLP gRPC exporters (@grpc/grpc-js), one span and one metric per invocation, flushed before returning.
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { LambdaEvent } from './lambda';

const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
});
const reader = new PeriodicExportingMetricReader({
  exporter: new OTLPMetricExporter(),
  exportIntervalMillis: 3_600_000,
});
const meterProvider = new MeterProvider({ readers: [reader] });
const tracer = tracerProvider.getTracer('bench');
const counter = meterProvider.getMeter('bench').createCounter('orders.read');

export const handler = async (event: LambdaEvent) => {
  const span = tracer.startSpan('GET /orders/{id}');
  counter.add(1);
  span.end();
  await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: event.pathParameters.id }),
  };
};
