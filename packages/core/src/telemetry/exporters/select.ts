import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from '../config/resolve';
import type { DiagnosticHandler } from '../diagnostics';

/**
 * Creates the configured exporters. Each built-in one is `require`d here, inside the function,
 * so a function that exports EMF never loads the OTLP encoder or the Azure SDK, and one that
 * exports OTLP never loads the Azure SDK (about 80 ms on its own). A bundle may leave an exporter
 * package out (`external`); asking for it then costs the telemetry of that signal, not the function.
 */
export function createSpanExporters(config: ResolvedConfig, report: DiagnosticHandler): SpanExporter[] {
  const result: SpanExporter[] = [];
  for (const choice of config.traceExporters) {
    const exporter = attempt(choice, report, () => {
      if (typeof choice !== 'string') return choice;
      if (choice === 'otlp' && config.otlpTraces) {
        const { OtlpGrpcSpanExporter } =
          require('./otlp/span-exporter') as typeof import('./otlp/span-exporter');
        return new OtlpGrpcSpanExporter(config.otlpTraces, report);
      }
      if (choice === 'azure-monitor' && config.azureConnectionString) {
        const { azureMonitorSpanExporter } = require('./azure-monitor') as typeof import('./azure-monitor');
        return azureMonitorSpanExporter(config.azureConnectionString);
      }
      if (choice === 'console') {
        const { ConsoleSpanExporter } = require('./console') as typeof import('./console');
        return new ConsoleSpanExporter();
      }
      return undefined;
    });
    if (exporter) result.push(exporter);
  }
  return result;
}

/** Like {@link createSpanExporters}, for metrics; EMF's namespace defaults to the service name. */
export function createMetricExporters(
  config: ResolvedConfig,
  serviceName: string,
  report: DiagnosticHandler,
): PushMetricExporter[] {
  const result: PushMetricExporter[] = [];
  for (const choice of config.metricExporters) {
    const exporter = attempt(choice, report, () => {
      if (typeof choice !== 'string') return choice;
      if (choice === 'emf') {
        const { EmfMetricExporter } = require('./emf/exporter') as typeof import('./emf/exporter');
        return new EmfMetricExporter({
          namespace: config.emfNamespace ?? serviceName,
          write: config.emfWrite,
          rollups: config.emfRollups,
        });
      }
      if (choice === 'otlp' && config.otlpMetrics) {
        const { OtlpGrpcMetricExporter } =
          require('./otlp/metric-exporter') as typeof import('./otlp/metric-exporter');
        return new OtlpGrpcMetricExporter(config.otlpMetrics, config.otlpMetrics.temporality, report);
      }
      if (choice === 'azure-monitor' && config.azureConnectionString) {
        const { azureMonitorMetricExporter } = require('./azure-monitor') as typeof import('./azure-monitor');
        return azureMonitorMetricExporter(config.azureConnectionString);
      }
      if (choice === 'console') {
        const { ConsoleMetricExporter } = require('./console') as typeof import('./console');
        return new ConsoleMetricExporter();
      }
      return undefined;
    });
    if (exporter) result.push(exporter);
  }
  return result;
}

function attempt<T>(choice: unknown, report: DiagnosticHandler, create: () => T | undefined): T | undefined {
  try {
    return create();
  } catch (error) {
    const name = typeof choice === 'string' ? choice : 'custom';
    report({
      level: 'error',
      message: `the ${name} exporter could not be created (is its package installed and bundled?); nothing is exported through it`,
      error,
    });
    return undefined;
  }
}

/**
 * Loads the configured exporters' modules without creating anything, so that their load time
 * falls in the instance's init (which provisioned concurrency and SnapStart run ahead of time)
 * rather than in its first invocation. A module that fails to load is reported when the
 * exporter is created.
 */
export function preloadExporterModules(config: ResolvedConfig): void {
  const wanted = new Set([...config.traceExporters, ...config.metricExporters]);
  try {
    // Each signal's OTLP exporter alone: spans over OTLP with EMF metrics never load sdk-metrics.
    if (config.traceExporters.includes('otlp')) require('./otlp/span-exporter');
    if (config.metricExporters.includes('otlp')) require('./otlp/metric-exporter');
    if (wanted.has('emf')) require('./emf/exporter');
    if (wanted.has('azure-monitor') && config.azureConnectionString) require('./azure-monitor').preload();
  } catch {
    // Reported by createSpanExporters / createMetricExporters, where it costs only that exporter.
  }
}
