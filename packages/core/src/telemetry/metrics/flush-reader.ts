import { MetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';

/**
 * The SDK side of a metric exporter, for instruments made on `telemetry.meterProvider` (or
 * through the API's global with `register: true`): a reader the exporter's pipeline collects at
 * each flush, merging what it returns with faasade's own metrics into one export. It has no timer
 * and exports nothing itself. The exporter picks the temporality and aggregation, as with any
 * SDK reader.
 */
export class FlushMetricReader extends MetricReader {
  constructor(
    exporter: PushMetricExporter,
    private readonly flush: () => Promise<void>,
  ) {
    super({
      aggregationTemporalitySelector: exporter.selectAggregationTemporality?.bind(exporter),
      aggregationSelector: exporter.selectAggregation?.bind(exporter),
    });
  }

  protected onForceFlush(): Promise<void> {
    return this.flush();
  }

  /** The pipeline shuts its exporter down; this reader has nothing of its own. */
  protected async onShutdown(): Promise<void> {}
}
