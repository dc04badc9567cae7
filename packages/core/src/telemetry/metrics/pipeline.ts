import type {
  AggregationTemporality,
  InstrumentType,
  MetricData,
  MetricReader,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { DiagnosticHandler } from '../diagnostics';
import { ExportHealth } from '../diagnostics';
import { type ExportOutcome, exportNow, SerialRunner } from '../flush';
import { INSTRUMENT_TYPE, type InstrumentKind, type MetricStore, type ReaderView } from './store';

const CUMULATIVE = 1 as AggregationTemporality;
/** `AggregationType.DEFAULT` and `AggregationType.DROP` of the SDK. */
const AGGREGATION_DEFAULT = 0;
const AGGREGATION_DROP = 1;

/**
 * One metric exporter and what it is owed: at each flush it collects the store's series for this
 * exporter (with its temporality) and hands them over, with no timer (a frozen process runs
 * none). When nothing was recorded since the last successful export there is nothing to do, and
 * no promise is made; an exporter that answers synchronously (EMF, console) makes none either.
 */
export class MetricPipeline {
  /**
   * The SDK reader of this exporter, once instruments were made on `telemetry.meterProvider`:
   * its metrics are collected (the SDK's way, asynchronous) and sent in the same export.
   */
  sdkReader: MetricReader | undefined;
  private readonly runner: SerialRunner;
  private readonly health: ExportHealth;
  private readonly view: ReaderView;

  constructor(
    readonly exporter: PushMetricExporter,
    private readonly store: MetricStore,
    private readonly index: number,
    private readonly resource: ResourceMetrics['resource'],
    private readonly scope: { name: string },
    private readonly report: DiagnosticHandler,
    /** How long an export may take before it counts as failed. */
    private readonly exportTimeoutMs = 30_000,
  ) {
    this.view = readerView(exporter, report);
    this.runner = new SerialRunner(() => this.exportOnce());
    this.health = new ExportHealth('metric', report);
  }

  /** Exports what was recorded (after any export in progress). `undefined` when done already. */
  flush(): Promise<void> | undefined {
    return this.runner.request();
  }

  async shutdown(): Promise<void> {
    await this.runner.run();
    try {
      await this.exporter.shutdown();
    } catch (error) {
      this.report({ level: 'debug', message: 'metric exporter failed to shut down', error });
    }
  }

  private exportOnce(): Promise<void> | undefined {
    if (this.sdkReader) return this.exportWithSdk(this.sdkReader);
    if (!this.store.hasChanges(this.index)) return undefined;
    const { metrics, token } = this.store.collect(this.index, this.view);
    if (metrics.length === 0) {
      this.store.exported(this.index, token, true);
      return undefined;
    }
    return this.send({ resource: this.resource, scopeMetrics: [{ scope: this.scope, metrics }] }, token);
  }

  private async exportWithSdk(reader: MetricReader): Promise<void> {
    let sdkMetrics: ResourceMetrics['scopeMetrics'] = [];
    try {
      const { resourceMetrics, errors } = await reader.collect();
      for (const error of errors)
        this.report({ level: 'debug', message: 'metric collection reported an error', error });
      sdkMetrics = resourceMetrics.scopeMetrics;
    } catch (error) {
      this.report({ level: 'debug', message: 'metric collection failed', error });
    }
    const { metrics, token } = this.store.collect(this.index, this.view);
    const scopeMetrics = metrics.length > 0 ? [{ scope: this.scope, metrics }, ...sdkMetrics] : sdkMetrics;
    if (!scopeMetrics.some((s) => s.metrics.some((m: MetricData) => m.dataPoints.length > 0))) {
      this.store.exported(this.index, token, true);
      return;
    }
    await this.send({ resource: this.resource, scopeMetrics }, token);
  }

  private send(metrics: ResourceMetrics, token: number): Promise<void> | undefined {
    const result = exportNow((done) => this.exporter.export(metrics, done), this.exportTimeoutMs);
    if (!(result instanceof Promise)) {
      this.settled(result, token);
      return undefined;
    }
    return result.then((outcome) => this.settled(outcome, token));
  }

  private settled(result: ExportOutcome, token: number): void {
    const ok = result.code === 0;
    this.store.exported(this.index, token, ok);
    if (ok) this.health.succeeded();
    else this.health.failed(result.error);
  }
}

/**
 * What an exporter asks for, kind by kind: its temporality (cumulative when it does not say),
 * or nothing at all when its aggregation selector drops the kind. Other aggregations than the
 * default are not offered for faasade's own instruments; they apply to instruments made on
 * `telemetry.meterProvider`.
 */
function readerView(exporter: PushMetricExporter, report: DiagnosticHandler): ReaderView {
  const view = {} as ReaderView;
  for (const kind of Object.keys(INSTRUMENT_TYPE) as InstrumentKind[]) {
    const type = INSTRUMENT_TYPE[kind] as InstrumentType;
    const aggregation = exporter.selectAggregation?.(type)?.type ?? AGGREGATION_DEFAULT;
    if (aggregation === AGGREGATION_DROP) {
      view[kind] = 'drop';
      continue;
    }
    if (aggregation !== AGGREGATION_DEFAULT && !isDefaultFor(kind, aggregation)) {
      report({
        level: 'warn',
        message: `the metric exporter selects aggregation ${aggregation} for ${type}; faasade's instruments keep their default aggregation`,
      });
    }
    view[kind] = exporter.selectAggregationTemporality?.(type) ?? CUMULATIVE;
  }
  return view;
}

/** SUM for counters, LAST_VALUE for gauges, explicit buckets for histograms: what DEFAULT is. */
function isDefaultFor(kind: InstrumentKind, aggregation: number): boolean {
  if (kind === 'counter' || kind === 'upDownCounter') return aggregation === 2;
  if (kind === 'gauge') return aggregation === 3;
  return aggregation === 4;
}
