import type { ExportResult } from '@opentelemetry/core';
import type {
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { DEFAULT_ROLLUPS, formatEmf } from './format';

/** Options of {@link EmfMetricExporter}. */
export interface EmfExporterOptions {
  /** The CloudWatch namespace (letters, digits and `._#:/-`; other characters become `_`). */
  namespace: string;
  /** Where each line goes; default stdout, which Lambda ships to CloudWatch Logs. */
  write?: (line: string) => void;
  /**
   * Dimension sets added to each directive whose dimensions hold all their keys; default
   * `[['faas.name']]` (each function's metrics over all outcomes). `[]` adds none.
   */
  rollups?: readonly (readonly string[])[];
}

/**
 * Writes metrics as CloudWatch Embedded Metric Format lines. On Lambda this is the zero-latency
 * path: stdout is already shipped to CloudWatch Logs, which extracts the metrics; no network call
 * happens during the flush.
 *
 * Temporality follows the OTel "delta" preference: counters and histograms are deltas (each line
 * says what happened since the previous flush, and CloudWatch sums them), up-down counters are
 * cumulative (a line carries the current level, like a gauge).
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@faasade/core/telemetry';
 *
 * const lines: string[] = [];
 * const telemetry = createTelemetry({
 *   traces: { exporter: 'none' },
 *   metrics: { exporter: 'emf' },
 *   emf: { namespace: 'orders', write: (line) => lines.push(line) },
 * });
 * telemetry.metrics.counter('orders.created').record(1);
 * await telemetry.flush(1000);
 * console.log(JSON.parse(lines[0])._aws.CloudWatchMetrics[0].Namespace); // 'orders'
 * ```
 */
export class EmfMetricExporter implements PushMetricExporter {
  private readonly namespace: string;
  private readonly write: ((line: string) => void) | undefined;
  private readonly rollups: readonly (readonly string[])[];

  constructor(options: EmfExporterOptions) {
    this.namespace = sanitizeNamespace(options.namespace);
    this.write = options.write;
    this.rollups = options.rollups ?? DEFAULT_ROLLUPS;
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    try {
      const lines = formatEmf(metrics, this.namespace, Date.now(), true, this.rollups);
      // One write per flush on stdout: on Lambda each write may cost a syscall on a pipe.
      if (this.write) for (const line of lines) this.write(line);
      else if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
      resultCallback({ code: 0 });
    } catch (error) {
      resultCallback({ code: 1, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    // The SDK's enum values, written out: EMF needs nothing of the SDK loaded at run time.
    return (
      instrumentType === 'UP_DOWN_COUNTER' || instrumentType === 'OBSERVABLE_UP_DOWN_COUNTER' ? 1 : 0
    ) as AggregationTemporality;
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** CloudWatch namespaces: 1-255 characters from `[a-zA-Z0-9._#:/-]`. */
export function sanitizeNamespace(namespace: string): string {
  const clean = namespace.replace(/[^a-zA-Z0-9._#:/-]/g, '_').slice(0, 255);
  return clean.length > 0 ? clean : 'faasade';
}
