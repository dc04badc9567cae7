import type { Meter, Tracer } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, type Sampler } from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from './config/resolve';
import type { DiagnosticHandler } from './diagnostics';
import { createMetricExporters, createSpanExporters } from './exporters/select';
import { FlushMetricReader } from './metrics/flush-reader';
import { InvocationSpanProcessor } from './tracing/span-processor';

/** The instrumentation scope of everything faasade records (no version: it would only drift). */
export const SCOPE = { name: '@faasade/core' };

/** The OpenTelemetry SDK objects of one telemetry instance. */
export interface Sdk {
  readonly serviceName: string;
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  readonly tracer: Tracer;
  readonly meter: Meter;
  readonly processors: InvocationSpanProcessor[];
  readonly readers: FlushMetricReader[];
}

/**
 * Builds the providers with the configured exporters. Called once per telemetry instance, on
 * first use, so that the service name can come from the first invocation when nothing else
 * names it.
 */
export function buildSdk(
  config: ResolvedConfig,
  serviceName: string,
  sampler: Sampler | undefined,
  report: DiagnosticHandler,
): Sdk {
  const resource = defaultResource().merge(
    resourceFromAttributes({ ...config.resourceAttributes, 'service.name': serviceName }),
  );
  const processors = createSpanExporters(config, report).map(
    (exporter) => new InvocationSpanProcessor(exporter, report),
  );
  const readers = createMetricExporters(config, serviceName, report).map(
    (exporter) => new FlushMetricReader(exporter, report),
  );
  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: processors,
    ...(sampler ? { sampler } : {}),
  });
  const meterProvider = new MeterProvider({ resource, readers });
  return {
    serviceName,
    tracerProvider,
    meterProvider,
    tracer: tracerProvider.getTracer(SCOPE.name),
    meter: meterProvider.getMeter(SCOPE.name),
    processors,
    readers,
  };
}
