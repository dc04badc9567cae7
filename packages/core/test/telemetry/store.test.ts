import type { MetricData } from '@opentelemetry/sdk-metrics';
import { CARDINALITY_LIMIT, MetricStore, type ReaderView } from '../../src/telemetry/metrics/store';

const DELTA = 0;
const CUMULATIVE = 1;
const HISTOGRAM = 0;
const GAUGE = 2;
const SUM = 3;

const cumulative: ReaderView = {
  counter: CUMULATIVE,
  upDownCounter: CUMULATIVE,
  histogram: CUMULATIVE,
  gauge: CUMULATIVE,
};
/** What EMF, Azure Monitor and OTLP's delta preference ask for. */
const delta: ReaderView = { counter: DELTA, upDownCounter: CUMULATIVE, histogram: DELTA, gauge: DELTA };

type Point = { startTime: [number, number]; endTime: [number, number]; attributes: object; value: unknown };
const points = (metrics: MetricData[], name: string) =>
  (metrics.find((m) => m.descriptor.name === name)?.dataPoints ?? []) as Point[];
const ms = ([s, ns]: [number, number]) => s * 1000 + ns / 1e6;

describe('faasade’s metric store: the SDK’s data model without the SDK’s collection', () => {
  it('describes each instrument as the SDK would: type, unit, monotonicity, temporality', () => {
    const store = new MetricStore(1);
    store.instrument('counter', 'orders', { unit: '{order}', description: 'orders taken' }).record(2);
    store.instrument('upDownCounter', 'open').record(-1);
    store.instrument('gauge', 'depth').record(7);
    store.instrument('histogram', 'latency', { unit: 's', boundaries: [0.1, 1] }).record(0.3);
    const { metrics } = store.collect(0, cumulative);
    expect(metrics.map((m) => [m.descriptor.name, m.dataPointType, m.aggregationTemporality])).toEqual([
      ['orders', SUM, CUMULATIVE],
      ['open', SUM, CUMULATIVE],
      ['depth', GAUGE, CUMULATIVE],
      ['latency', HISTOGRAM, CUMULATIVE],
    ]);
    expect(metrics[0]).toMatchObject({
      descriptor: { unit: '{order}', description: 'orders taken', valueType: 1 },
      isMonotonic: true,
    });
    expect(metrics[1]).toMatchObject({ isMonotonic: false });
    expect(points(metrics, 'latency')[0].value).toEqual({
      min: 0.3,
      max: 0.3,
      sum: 0.3,
      count: 1,
      buckets: { boundaries: [0.1, 1], counts: [0, 1, 0] },
    });
  });

  it('puts a value on a boundary in that boundary’s bucket, as the SDK does (le="1" holds 1 s)', () => {
    const store = new MetricStore(1);
    const h = store.instrument('histogram', 'd', { boundaries: [0.5, 1, 2] });
    for (const v of [0.5, 1, 1.0000001, 3]) h.record(v);
    const [point] = points(store.collect(0, cumulative).metrics, 'd');
    expect((point.value as { buckets: { counts: number[] } }).buckets.counts).toEqual([1, 1, 1, 1]);
  });

  it('keeps one series per attribute set whatever the key order, and copies the attributes', () => {
    const store = new MetricStore(1);
    const counter = store.instrument('counter', 'hits');
    const attributes: Record<string, string> = { region: 'eu', tier: 'gold' };
    counter.record(1, attributes);
    counter.record(1, { tier: 'gold', region: 'eu' });
    // Changing and reusing the same object makes a new series, not a silent merge.
    attributes.region = 'us';
    counter.record(5, attributes);
    const series = points(store.collect(0, cumulative).metrics, 'hits');
    expect(series.map((p) => [p.attributes, p.value])).toEqual([
      [{ region: 'eu', tier: 'gold' }, 2],
      [{ region: 'us', tier: 'gold' }, 5],
    ]);
  });

  it('ignores what the SDK ignores: non-numbers, NaN, negative counter and histogram values', () => {
    const store = new MetricStore(1);
    store.instrument('counter', 'c').record(-1);
    store.instrument('counter', 'c').record(Number.NaN);
    store.instrument('counter', 'c').record('3' as unknown as number);
    store.instrument('histogram', 'h').record(-2);
    store.instrument('upDownCounter', 'u').record(-2);
    const { metrics } = store.collect(0, cumulative);
    expect(metrics.map((m) => m.descriptor.name)).toEqual(['u']);
  });

  it('gives a histogram without boundaries the SDK’s default buckets', () => {
    const store = new MetricStore(1);
    store.instrument('histogram', 'h').record(42);
    const [point] = points(store.collect(0, cumulative).metrics, 'h');
    expect((point.value as { buckets: { boundaries: number[] } }).buckets.boundaries).toEqual([
      0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
    ]);
  });

  it('reports cumulative series at every collection, with their running totals since their first record', () => {
    const store = new MetricStore(1);
    const counter = store.instrument('counter', 'c');
    counter.record(1);
    const first = points(store.collect(0, cumulative, Date.now() + 10).metrics, 'c')[0];
    counter.record(2);
    const second = points(store.collect(0, cumulative, Date.now() + 20).metrics, 'c')[0];
    expect([first.value, second.value]).toEqual([1, 3]);
    expect(second.startTime).toEqual(first.startTime);
    expect(ms(second.endTime)).toBeGreaterThan(ms(first.endTime));
  });

  it('reports delta series only for what happened since the reader’s previous collection', () => {
    const store = new MetricStore(1);
    const counter = store.instrument('counter', 'c');
    const h = store.instrument('histogram', 'h', { boundaries: [1] });
    counter.record(1);
    h.record(0.5);
    const t1 = Date.now() + 10;
    const first = store.collect(0, delta, t1).metrics;
    expect(points(first, 'c')[0].value).toBe(1);
    expect(store.collect(0, delta, t1 + 10).metrics).toEqual([]);
    counter.record(4);
    h.record(3);
    const third = store.collect(0, delta, t1 + 20).metrics;
    const [c] = points(third, 'c');
    expect(c.value).toBe(4);
    // The window starts where the previous collection ended.
    expect(ms(c.startTime)).toBe(t1 + 10);
    expect(points(third, 'h')[0].value).toMatchObject({ count: 1, min: 3, max: 3, sum: 3 });
    // An exported point is not changed by later records.
    counter.record(100);
    expect(c.value).toBe(4);
    expect((points(first, 'h')[0].value as { buckets: { counts: number[] } }).buckets.counts).toEqual([1, 0]);
  });

  it('keeps up-down counters cumulative for a delta reader: each export carries the level', () => {
    const store = new MetricStore(1);
    const open = store.instrument('upDownCounter', 'open');
    open.record(3);
    store.collect(0, delta);
    open.record(-1);
    expect(points(store.collect(0, delta).metrics, 'open')[0].value).toBe(2);
  });

  it('reports a gauge’s last value: when it was recorded (delta), or at every collection (cumulative)', () => {
    const store = new MetricStore(2);
    const gauge = store.instrument('gauge', 'depth');
    gauge.record(5);
    gauge.record(17);
    expect(points(store.collect(0, delta).metrics, 'depth')[0].value).toBe(17);
    expect(store.collect(0, delta).metrics).toEqual([]);
    expect(points(store.collect(1, cumulative).metrics, 'depth')[0].value).toBe(17);
    expect(points(store.collect(1, cumulative).metrics, 'depth')[0].value).toBe(17);
  });

  it('keeps one accumulation per reader, so a delta reader and a cumulative one do not disturb each other', () => {
    const store = new MetricStore(2);
    const counter = store.instrument('counter', 'c');
    counter.record(1);
    store.collect(0, delta);
    counter.record(1);
    expect(points(store.collect(0, delta).metrics, 'c')[0].value).toBe(1);
    expect(points(store.collect(1, cumulative).metrics, 'c')[0].value).toBe(2);
  });

  it('says when a reader has nothing new, and sends everything again after a failed export', () => {
    const store = new MetricStore(1);
    expect(store.hasChanges(0)).toBe(true);
    const counter = store.instrument('counter', 'c');
    counter.record(1);
    let { token } = store.collect(0, cumulative);
    store.exported(0, token, true);
    expect(store.hasChanges(0)).toBe(false);
    counter.record(1);
    expect(store.hasChanges(0)).toBe(true);
    ({ token } = store.collect(0, cumulative));
    store.exported(0, token, false);
    expect(store.hasChanges(0)).toBe(true);
  });

  it('sends attribute sets past the cardinality limit to one overflow series, as the SDK does', () => {
    const store = new MetricStore(1);
    const counter = store.instrument('counter', 'c');
    for (let i = 0; i < CARDINALITY_LIMIT + 10; i++) counter.record(1, { user: `u${i}` });
    const series = points(store.collect(0, cumulative).metrics, 'c');
    expect(series).toHaveLength(CARDINALITY_LIMIT + 1);
    expect(series.at(-1)).toMatchObject({ attributes: { 'otel.metric.overflow': true }, value: 10 });
  });

  it('returns the same instrument for the same kind and name; the first description wins', () => {
    const store = new MetricStore(1);
    const a = store.instrument('counter', 'Orders', { unit: '{order}' });
    expect(store.instrument('counter', 'orders', { unit: 'x' })).toBe(a);
    expect(store.instrument('histogram', 'orders')).not.toBe(a);
  });

  it('warns once about a name the SDK would warn about, and records it anyway', () => {
    const reports: string[] = [];
    const store = new MetricStore(1, (d) => reports.push(d.message));
    store.instrument('counter', '1 bad name').record(1);
    store.instrument('counter', '1 bad name').record(1);
    expect(reports).toHaveLength(1);
    expect(points(store.collect(0, cumulative).metrics, '1 bad name')[0].value).toBe(2);
  });

  it('drops a kind for a reader whose exporter drops it', () => {
    const store = new MetricStore(1);
    store.instrument('counter', 'c').record(1);
    store.instrument('gauge', 'g').record(1);
    const { metrics } = store.collect(0, { ...cumulative, counter: 'drop' });
    expect(metrics.map((m) => m.descriptor.name)).toEqual(['g']);
  });
});
