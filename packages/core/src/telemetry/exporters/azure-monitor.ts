import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

type AzureExporterModule = typeof import('@azure/monitor-opentelemetry-exporter');

/**
 * Azure Monitor (Application Insights) exporters, from `@azure/monitor-opentelemetry-exporter`.
 *
 * Offline storage is off: it writes failed batches to the instance's disk to retry them on a
 * later start, and a function instance's disk does not outlive the instance. The exporter's own
 * metric temporality is kept (delta for counters and histograms, as Application Insights wants).
 */
export function azureMonitorSpanExporter(connectionString: string): SpanExporter {
  const { AzureMonitorTraceExporter } =
    require('@azure/monitor-opentelemetry-exporter') as AzureExporterModule;
  return new AzureMonitorTraceExporter(exporterOptions(connectionString)) as unknown as SpanExporter;
}

/** See {@link azureMonitorSpanExporter}. */
export function azureMonitorMetricExporter(connectionString: string): PushMetricExporter {
  const { AzureMonitorMetricExporter } =
    require('@azure/monitor-opentelemetry-exporter') as AzureExporterModule;
  return new AzureMonitorMetricExporter(exporterOptions(connectionString)) as unknown as PushMetricExporter;
}

/** Loads the Azure SDK ahead of the first invocation (see `preloadExporterModules`). */
export function preload(): void {
  require('@azure/monitor-opentelemetry-exporter');
}

/**
 * The exporter upgrades every `IngestionEndpoint` to https. An `http://` endpoint in the
 * connection string is used as written instead (a local receiver, an on-box forwarding proxy):
 * the connection string is the one place that says where telemetry goes.
 */
function exporterOptions(connectionString: string) {
  const endpoint = /(?:^|;)\s*IngestionEndpoint\s*=\s*(http:\/\/[^;]+)/i.exec(connectionString)?.[1]?.trim();
  const local = endpoint ? { host: endpoint.replace(/\/+$/, ''), allowInsecureConnection: true } : {};
  return { connectionString, disableOfflineStorage: true, ...local };
}
