import {
  type MeterProvider as ApiMeterProvider,
  createNoopMeter,
  type Meter,
  type MeterOptions,
  type Tracer,
} from '@opentelemetry/api';
import { defaultResource, type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, type Sampler } from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from './config/resolve';
import type { DiagnosticHandler } from './diagnostics';
import { createMetricExporters, createSpanExporters } from './exporters/select';
import { MetricPipeline } from './metrics/pipeline';
import { MetricStore } from './metrics/store';
import type { SpanLimits } from './tracing/span';
import type { SdkMetricsModule } from './types';
import { InvocationSpanProcessor } from './tracing/span-processor';

/** The instrumentation scope of everything faasade records (no version: it would only drift). */
export const SCOPE = { name: '@faasade/core' };

/** The OpenTelemetry SDK objects of one telemetry instance. */
export interface Sdk {
  readonly serviceName: string;
  readonly resource: Resource;
  /** Made on first use. */
  readonly tracerProvider: BasicTracerProvider;
  /** The tracer of child spans; made on first use. */
  readonly tracer: Tracer;
  /** Shuts the span processors down (through the tracer provider if it was made). */
  shutdownTracing(): Promise<void>;
  readonly sampler: Sampler;
  readonly processors: InvocationSpanProcessor[];
  /** faasade's own metrics (the FaaS ones and `ctx.metrics`), one accumulation per exporter. */
  readonly store: MetricStore;
  readonly pipelines: MetricPipeline[];
  /**
   * The API's MeterProvider for instruments of your own. The SDK's `MeterProvider` behind it is
   * made (and collected at each flush) only once something asks it for a meter.
   */
  readonly meterProvider: ApiMeterProvider;
  /** The SDK MeterProvider, if one was made. */
  sdkMeterProvider(): MeterProvider | undefined;
}

/**
 * Builds the providers with the configured exporters. Called once per telemetry instance, on
 * first use, so that the service name can come from the first invocation when nothing else
 * names it.
 */
export function buildSdk(
  config: ResolvedConfig,
  serviceName: string,
  sampler: Sampler,
  spanLimits: SpanLimits,
  report: DiagnosticHandler,
  sdkMetrics?: SdkMetricsModule,
): Sdk {
  const resource = defaultResource().merge(
    resourceFromAttributes({ ...config.resourceAttributes, 'service.name': serviceName }),
  );
  const processors = createSpanExporters(config, report).map(
    (exporter) => new InvocationSpanProcessor(exporter, report),
  );
  const exporters = createMetricExporters(config, serviceName, report);
  const store = new MetricStore(exporters.length, report);
  const pipelines = exporters.map(
    (exporter, i) => new MetricPipeline(exporter, store, i, resource, SCOPE, report),
  );
  // Made on first use (a child span, `telemetry.tracerProvider`, `register`): the invocation span
  // is faasade's own, so most functions never need it, and making it costs ~1 ms of init.
  let tracerProvider: BasicTracerProvider | undefined;
  let tracer: Tracer | undefined;
  const provider = () =>
    (tracerProvider ??= new BasicTracerProvider({
      resource,
      spanProcessors: processors,
      sampler,
      spanLimits,
    }));
  let sdkMeterProvider: MeterProvider | undefined;
  let noSdk = false;
  const getMeter = (name: string, version?: string, options?: MeterOptions): Meter => {
    if (!sdkMeterProvider && !noSdk) {
      const sdk = sdkMetrics ?? loadSdkMetrics(report);
      if (!sdk) noSdk = true;
      else {
        const { createFlushMetricReader } =
          require('./metrics/flush-reader') as typeof import('./metrics/flush-reader');
        const readers = pipelines.map((pipeline) => {
          const reader = createFlushMetricReader(
            sdk,
            pipeline.exporter,
            () => pipeline.flush() ?? Promise.resolve(),
          );
          pipeline.sdkReader = reader;
          return reader;
        });
        sdkMeterProvider = new sdk.MeterProvider({ resource, readers });
      }
    }
    return sdkMeterProvider ? sdkMeterProvider.getMeter(name, version, options) : createNoopMeter();
  };
  return {
    serviceName,
    resource,
    get tracerProvider() {
      return provider();
    },
    get tracer() {
      return (tracer ??= provider().getTracer(SCOPE.name));
    },
    shutdownTracing: () =>
      tracerProvider
        ? tracerProvider.shutdown()
        : Promise.all(processors.map((p) => p.shutdown())).then(() => undefined),
    sampler,
    processors,
    store,
    pipelines,
    meterProvider: { getMeter },
    sdkMeterProvider: () => sdkMeterProvider,
  };
}

/**
 * `require` read as a value: bundlers leave the call alone, so `@opentelemetry/sdk-metrics` is
 * not bundled into every function for the few that ask for a meter (see `metrics.sdk`).
 */
const runtimeRequire: (id: string) => unknown =
  typeof require === 'function'
    ? require
    : () => {
        throw new Error('require is not available here');
      };

function loadSdkMetrics(report: DiagnosticHandler): SdkMetricsModule | undefined {
  try {
    return runtimeRequire('@opentelemetry/sdk-metrics') as SdkMetricsModule;
  } catch (error) {
    report({
      level: 'warn',
      message:
        'telemetry.meterProvider: @opentelemetry/sdk-metrics cannot be loaded (a bundle without it?); ' +
        'pass createTelemetry({ metrics: { sdk: require("@opentelemetry/sdk-metrics") } }). ' +
        'Instruments made on it record nothing',
      error,
    });
    return undefined;
  }
}
