import type { Attributes, HrTime } from '@opentelemetry/api';
import type {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
  MetricData,
} from '@opentelemetry/sdk-metrics';
import type { DiagnosticHandler } from '../diagnostics';
import { hrTime } from '../time';

/**
 * faasade's own metric aggregation: plain-JS counters, histograms and gauges, aggregated as they
 * are recorded and turned into OpenTelemetry `MetricData` only when a flush exports them.
 *
 * Why not the SDK's `MeterProvider`: a function exports its metrics at the end of every invocation
 * (the process may freeze right after), and the SDK's collection walks every stream, re-hashes
 * every attribute set and goes through a dozen promises each time: ~35 µs per invocation, the
 * biggest part of telemetry's warm cost. Here a record is a few additions on a series found by
 * identity (the FaaS metrics hold their series; custom attributes are hashed as the SDK does),
 * and a collection builds one data point per series that has something to say.
 *
 * The data model is the SDK's (the same `ResourceMetrics`, data point types, temporalities and
 * start times), so every `PushMetricExporter` works unchanged: OTLP, Azure Monitor, EMF, console,
 * or your own.
 */

/** The values of the SDK's enums, spelled out so this module loads nothing at run time. */
const TEMPORALITY = { DELTA: 0, CUMULATIVE: 1 } as const;
const POINT = { HISTOGRAM: 0, GAUGE: 2, SUM: 3 } as const;
const DOUBLE = 1;

/** The kinds of instrument `ctx.metrics` offers. */
export type InstrumentKind = 'counter' | 'upDownCounter' | 'histogram' | 'gauge';

/** The SDK's name for each kind (what an exporter's temporality selector is asked about). */
export const INSTRUMENT_TYPE: Record<InstrumentKind, `${InstrumentType}`> = {
  counter: 'COUNTER',
  upDownCounter: 'UP_DOWN_COUNTER',
  histogram: 'HISTOGRAM',
  gauge: 'GAUGE',
};

/** The SDK's default histogram boundaries, for a histogram given none. */
export const DEFAULT_HISTOGRAM_BOUNDARIES = [
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
];

/** Series per instrument before new attribute sets go to one overflow series (the SDK's default). */
export const CARDINALITY_LIMIT = 2000;
const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });
const NO_ATTRIBUTES: Attributes = Object.freeze({});

/** `MetricInstrument` names the SDK accepts (it warns on others and records them anyway). */
const NAME = /^[a-z][a-z0-9_.\-/]{0,254}$/i;

export interface InstrumentOptions {
  description?: string;
  unit?: string;
  /** Histogram bucket boundaries. */
  boundaries?: number[];
}

/**
 * One attribute set's aggregate, as one reader (exporter) sees it. A delta reader's is reset at
 * each collection; a cumulative reader's grows for the life of the instance.
 */
interface Accumulation {
  /** Epoch ms: the series' first record (cumulative), or the window's start (delta). */
  start: number;
  /** Records since the last reset: 0 means nothing to report (delta). */
  count: number;
  /** Sum (counters, histograms) or last value (gauges). */
  value: number;
  min: number;
  max: number;
  /** Histogram bucket counts; empty for the other kinds. */
  buckets: number[];
}

/** The aggregates of one attribute set of one instrument, one per reader. */
export class Series {
  /** @internal */
  readonly accumulations: Accumulation[];

  constructor(
    private readonly instrument: Instrument,
    readonly attributes: Attributes,
    readers: number,
    now: number,
  ) {
    this.accumulations = [];
    const buckets = instrument.boundaries ? instrument.boundaries.length + 1 : 0;
    for (let i = 0; i < readers; i++) {
      this.accumulations.push({
        start: now,
        count: 0,
        value: 0,
        min: Number.POSITIVE_INFINITY,
        max: Number.NEGATIVE_INFINITY,
        buckets: buckets > 0 ? new Array<number>(buckets).fill(0) : EMPTY_BUCKETS,
      });
    }
  }

  /** Records a value already checked by the instrument. */
  add(value: number): void {
    const store = this.instrument.store;
    store.changes++;
    const accumulations = this.accumulations;
    const boundaries = this.instrument.boundaries;
    if (this.instrument.kind === 'gauge') {
      for (let i = 0; i < accumulations.length; i++) {
        const a = accumulations[i];
        a.value = value;
        a.count++;
      }
      return;
    }
    if (!boundaries) {
      for (let i = 0; i < accumulations.length; i++) {
        const a = accumulations[i];
        a.value += value;
        a.count++;
      }
      return;
    }
    const bucket = bucketOf(boundaries, value);
    for (let i = 0; i < accumulations.length; i++) {
      const a = accumulations[i];
      a.value += value;
      a.count++;
      if (value < a.min) a.min = value;
      if (value > a.max) a.max = value;
      a.buckets[bucket]++;
    }
  }
}

const EMPTY_BUCKETS: number[] = [];

/** The index of the bucket `value` falls in: the first boundary >= value (the SDK's upper bound). */
function bucketOf(boundaries: number[], value: number): number {
  let lo = 0;
  let hi = boundaries.length - 1;
  let result = boundaries.length;
  while (hi >= lo) {
    const mid = (lo + hi) >> 1;
    if (boundaries[mid] < value) lo = mid + 1;
    else {
      result = mid;
      hi = mid - 1;
    }
  }
  return result;
}

/** A counter, up-down counter, histogram or gauge: its description and its series. */
export class Instrument {
  readonly description: string;
  readonly unit: string;
  /** Sorted, without infinities; only for histograms. */
  readonly boundaries: number[] | undefined;
  /** @internal */
  readonly series: Series[] = [];
  /** The SDK's `MetricDescriptor`, the same object in every export. */
  readonly descriptor: MetricData['descriptor'];
  private readonly byKey = new Map<string, Series>();
  private empty: Series | undefined;
  private overflow: Series | undefined;

  constructor(
    /** @internal */
    readonly store: MetricStore,
    readonly kind: InstrumentKind,
    readonly name: string,
    options: InstrumentOptions | undefined,
  ) {
    this.description = options?.description ?? '';
    this.unit = options?.unit ?? '';
    if (kind === 'histogram') this.boundaries = cleanBoundaries(options?.boundaries);
    this.descriptor = { name, description: this.description, unit: this.unit, valueType: DOUBLE };
  }

  /**
   * Records `value` under `attributes`, with the SDK's rules: a value that is not a number is
   * ignored, and so is a negative one for a counter or a histogram.
   */
  record(value: number, attributes?: Attributes): void {
    if (typeof value !== 'number' || Number.isNaN(value)) return;
    if (value < 0 && (this.kind === 'counter' || this.kind === 'histogram')) return;
    this.seriesFor(attributes).add(value);
  }

  /**
   * The series of an attribute set, made on first use (with a copy of the attributes). The set is
   * hashed on every call, as the SDK does, since a caller may change and reuse its object; callers
   * that record the same set over and over (the FaaS metrics) keep the series and call `add`.
   * Past {@link CARDINALITY_LIMIT} attribute sets, new ones share one overflow series.
   */
  seriesFor(attributes: Attributes | undefined): Series {
    if (attributes === undefined) return (this.empty ??= this.create('', NO_ATTRIBUTES));
    const key = hashAttributes(attributes);
    if (key === '') return (this.empty ??= this.create('', NO_ATTRIBUTES));
    const series = this.byKey.get(key);
    if (series) return series;
    if (this.byKey.size >= CARDINALITY_LIMIT)
      return (this.overflow ??= this.create(undefined, OVERFLOW_ATTRIBUTES));
    return this.create(key, { ...attributes });
  }

  private create(key: string | undefined, attributes: Attributes): Series {
    const series = new Series(this, attributes, this.store.readers, Date.now());
    if (key) this.byKey.set(key, series);
    this.series.push(series);
    return series;
  }
}

/** The SDK's identity of an attribute set: keys sorted, values as JSON. */
function hashAttributes(attributes: Attributes): string {
  const keys = Object.keys(attributes);
  if (keys.length === 0) return '';
  if (keys.length > 1) keys.sort();
  return JSON.stringify(keys.map((key) => [key, attributes[key]]));
}

function cleanBoundaries(boundaries: number[] | undefined): number[] {
  if (!boundaries) return DEFAULT_HISTOGRAM_BOUNDARIES;
  const sorted = boundaries.filter((b) => typeof b === 'number' && !Number.isNaN(b)).sort((a, b) => a - b);
  return sorted.filter((b) => Number.isFinite(b));
}

/** How one reader (one exporter) wants each kind: its temporality, or dropped. */
export type ReaderView = Record<InstrumentKind, AggregationTemporality | 'drop'>;

/**
 * Every instrument of one telemetry instance, each with one accumulation per reader. The number
 * of readers is fixed when the store is made (one per metric exporter).
 */
export class MetricStore {
  /** Bumped by every record: a reader that saw the same count has nothing new to export. */
  changes = 0;
  private readonly instruments: Instrument[] = [];
  private readonly byName = new Map<string, Instrument>();
  /** Epoch ms of each reader's last collection, the start of its next delta window. */
  private readonly lastCollection: number[];
  /** `changes` at each reader's last collection that it exported successfully. */
  private readonly exportedChanges: number[];

  constructor(
    readonly readers: number,
    private readonly report: DiagnosticHandler = () => {},
  ) {
    this.lastCollection = new Array<number>(readers).fill(0);
    this.exportedChanges = new Array<number>(readers).fill(-1);
  }

  /**
   * The instrument of this kind and name, made on first use; the same one afterwards (the first
   * description, unit and boundaries win, as with the SDK's duplicate registrations).
   */
  instrument(kind: InstrumentKind, name: string, options?: InstrumentOptions): Instrument {
    const key = `${kind}:${name.toLowerCase()}`;
    let instrument = this.byName.get(key);
    if (!instrument) {
      if (!NAME.test(name)) {
        this.report({
          level: 'warn',
          message: `invalid metric name "${name}": a metric name is ASCII, starts with a letter, at most 255 characters of letters, digits, "_", ".", "-", "/"`,
        });
      }
      instrument = new Instrument(this, kind, name, options);
      this.byName.set(key, instrument);
      this.instruments.push(instrument);
    }
    return instrument;
  }

  /** True when something was recorded since `reader` last exported successfully. */
  hasChanges(reader: number): boolean {
    return this.changes !== this.exportedChanges[reader];
  }

  /**
   * Builds what `reader` exports now, and starts its next delta window. Returns the metrics
   * with at least one data point (an empty list when there are none) and a token to hand to
   * {@link exported} once the exporter said whether it took them.
   */
  collect(
    reader: number,
    view: ReaderView,
    now: number = Date.now(),
  ): { metrics: MetricData[]; token: number } {
    const endTime = hrTime(now);
    const windowStart = this.lastCollection[reader];
    const metrics: MetricData[] = [];
    for (const instrument of this.instruments) {
      const temporality = view[instrument.kind];
      if (temporality === 'drop') continue;
      const metric = this.collectInstrument(instrument, reader, temporality, windowStart, now, endTime);
      if (metric) metrics.push(metric);
    }
    this.lastCollection[reader] = now;
    return { metrics, token: this.changes };
  }

  /**
   * Records the outcome of an export of `collect(reader)`. A cumulative exporter that failed is
   * sent everything again at the next flush even if nothing changed; a delta one lost its window.
   */
  exported(reader: number, token: number, ok: boolean): void {
    this.exportedChanges[reader] = ok ? token : -1;
  }

  private collectInstrument(
    instrument: Instrument,
    reader: number,
    temporality: AggregationTemporality,
    windowStart: number,
    now: number,
    endTime: HrTime,
  ): MetricData | undefined {
    const delta = temporality === TEMPORALITY.DELTA;
    const points: Array<{ startTime: HrTime; endTime: HrTime; attributes: Attributes; value: unknown }> = [];
    for (const series of instrument.series) {
      const a = series.accumulations[reader];
      if (a.count === 0) continue;
      // Delta: the window since the reader's previous collection (or since the series began).
      const start = delta ? Math.max(a.start, windowStart) : a.start;
      let value: unknown;
      if (instrument.boundaries) {
        value = {
          min: a.min,
          max: a.max,
          sum: a.value,
          buckets: { boundaries: instrument.boundaries, counts: delta ? a.buckets : a.buckets.slice() },
          count: a.count,
        };
      } else {
        value = a.value;
      }
      points.push({ startTime: hrTime(start), endTime, attributes: series.attributes, value });
      if (delta) reset(a, instrument, now);
    }
    if (points.length === 0) return undefined;
    const descriptor = instrument.descriptor;
    switch (instrument.kind) {
      case 'histogram':
        return {
          descriptor,
          aggregationTemporality: temporality,
          dataPointType: POINT.HISTOGRAM as DataPointType.HISTOGRAM,
          dataPoints: points,
        } as MetricData;
      case 'gauge':
        return {
          descriptor,
          aggregationTemporality: temporality,
          dataPointType: POINT.GAUGE as DataPointType.GAUGE,
          dataPoints: points,
        } as MetricData;
      default:
        return {
          descriptor,
          aggregationTemporality: temporality,
          dataPointType: POINT.SUM as DataPointType.SUM,
          dataPoints: points,
          isMonotonic: instrument.kind === 'counter',
        } as MetricData;
    }
  }
}

function reset(a: Accumulation, instrument: Instrument, now: number): void {
  a.start = now;
  a.count = 0;
  a.value = 0;
  a.min = Number.POSITIVE_INFINITY;
  a.max = Number.NEGATIVE_INFINITY;
  // The exported point owns the old counts; the next window gets fresh ones.
  if (instrument.boundaries) a.buckets = new Array<number>(instrument.boundaries.length + 1).fill(0);
}
