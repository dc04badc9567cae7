import { MetricReader, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { DiagnosticHandler } from '../diagnostics';
import { ExportHealth } from '../diagnostics';
import { callExporter, SerialRunner } from '../flush';

/**
 * A metric reader that collects and exports only when flushed: at the end of each invocation,
 * and on shutdown. No timer, for the same reason as the span processor (a frozen process runs no
 * timers). The exporter picks the temporality: EMF and Azure Monitor want delta, OTLP cumulative.
 */
export class FlushMetricReader extends MetricReader {
  private readonly runner: SerialRunner;
  private readonly health: ExportHealth;

  constructor(
    private readonly exporter: PushMetricExporter,
    private readonly report: DiagnosticHandler,
    /** How long an export may take before it counts as failed. */
    private readonly exportTimeoutMs = 30_000,
  ) {
    super({
      aggregationTemporalitySelector: exporter.selectAggregationTemporality?.bind(exporter),
      aggregationSelector: exporter.selectAggregation?.bind(exporter),
    });
    this.runner = new SerialRunner(() => this.collectAndExport());
    this.health = new ExportHealth('metric', report);
  }

  protected onForceFlush(): Promise<void> {
    return this.runner.run();
  }

  protected async onShutdown(): Promise<void> {
    await this.runner.run();
    try {
      await this.exporter.shutdown();
    } catch (error) {
      this.report({ level: 'debug', message: 'metric exporter failed to shut down', error });
    }
  }

  private async collectAndExport(): Promise<void> {
    let metrics: ResourceMetrics;
    try {
      const { resourceMetrics, errors } = await this.collect();
      for (const error of errors)
        this.report({ level: 'debug', message: 'metric collection reported an error', error });
      metrics = resourceMetrics;
    } catch (error) {
      this.report({ level: 'debug', message: 'metric collection failed', error });
      return;
    }
    if (!hasPoints(metrics)) return;
    const result = await callExporter((done) => this.exporter.export(metrics, done), this.exportTimeoutMs);
    if (result.code === 0) this.health.succeeded();
    else this.health.failed(result.error);
  }
}

/** With delta temporality most flushes after an idle period carry nothing worth a request. */
function hasPoints(metrics: ResourceMetrics): boolean {
  return metrics.scopeMetrics.some((scope) => scope.metrics.some((metric) => metric.dataPoints.length > 0));
}
