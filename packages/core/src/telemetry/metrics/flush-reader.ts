import type { MetricReader, PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SdkMetricsModule } from '../types';

/**
 * The SDK side of a metric exporter, for instruments made on `telemetry.meterProvider` (or
 * through the API's global with `register: true`): a reader the exporter's pipeline collects at
 * each flush, merging what it returns with faasade's own metrics into one export. It has no timer
 * and exports nothing itself. The exporter picks the temporality and aggregation, as with any
 * SDK reader. Made from the SDK module it is given, so nothing here refers to the SDK's classes
 * at load (see `metrics.sdk` in the options).
 */
export function createFlushMetricReader(
  sdk: SdkMetricsModule,
  exporter: PushMetricExporter,
  flush: () => Promise<void>,
): MetricReader {
  class FlushMetricReader extends sdk.MetricReader {
    constructor() {
      super({
        aggregationTemporalitySelector: exporter.selectAggregationTemporality?.bind(exporter),
        aggregationSelector: exporter.selectAggregation?.bind(exporter),
      });
    }

    protected onForceFlush(): Promise<void> {
      return flush();
    }

    /** The pipeline shuts its exporter down; this reader has nothing of its own. */
    protected async onShutdown(): Promise<void> {}
  }
  return new FlushMetricReader();
}
