import * as path from 'node:path';
import { createTelemetry, type Telemetry } from '../../src/telemetry';
import { runTs } from './support/child';
import { cloudWatchMetrics, type EmfDocument, emfSamples, parseEmfLine } from './support/emf';
import { httpInfo, observe } from './support/invocations';

function emfTelemetry(namespace = 'orders'): {
  telemetry: Telemetry;
  docs: () => EmfDocument[];
  lines: string[];
} {
  const lines: string[] = [];
  const telemetry = createTelemetry({
    service: 'orders',
    traces: { exporter: 'none' },
    metrics: { exporter: 'emf' },
    emf: { namespace, write: (line) => lines.push(line) },
  });
  return { telemetry, lines, docs: () => lines.map(parseEmfLine) };
}

describe('CloudWatch Embedded Metric Format on stdout', () => {
  it('writes the FaaS metrics of an invocation as valid EMF, its attributes as dimensions', async () => {
    const { telemetry, docs } = emfTelemetry();
    const before = Date.now();
    await observe(
      telemetry,
      httpInfo({ coldStart: true }),
      () => 1,
      () => ({ status: 200 }),
    );
    const all = docs();
    expect(all.length).toBeGreaterThan(0);
    for (const doc of all) {
      expect(doc._aws.CloudWatchMetrics[0].Namespace).toBe('orders');
      expect(doc._aws.Timestamp).toBeGreaterThanOrEqual(before - 1000);
    }
    const dimensions = {
      'cloud.provider': 'aws',
      'faas.name': 'getOrder',
      'faas.trigger': 'http',
      'faasade.outcome': 'success',
    };
    expect(emfSamples(all, 'faas.invocations')).toEqual([{ values: [1], dimensions, unit: 'Count' }]);
    const [duration] = emfSamples(all, 'faas.invoke_duration');
    expect(duration.unit).toBe('Seconds');
    expect(duration.values).toHaveLength(1);
    expect(emfSamples(all, 'faas.coldstarts')).toEqual([
      {
        values: [1],
        dimensions: { 'cloud.provider': 'aws', 'faas.name': 'getOrder', 'faas.trigger': 'http' },
        unit: 'Count',
      },
    ]);
    await telemetry.shutdown(1000);
  });

  it('also publishes each function’s FaaS metrics under [faas.name] alone: the series the SLO alarms query', async () => {
    const { telemetry, docs } = emfTelemetry();
    await observe(
      telemetry,
      httpInfo({ functionName: 'getOrder' }),
      () => 1,
      () => ({ status: 200 }),
    );
    await observe(
      telemetry,
      httpInfo({ functionName: 'getOrder' }),
      () => 1,
      () => ({ status: 503 }),
    );
    await observe(
      telemetry,
      httpInfo({ functionName: 'createOrder' }),
      () => 1,
      () => ({ status: 201 }),
    );
    await telemetry.shutdown(1000);
    const metrics = cloudWatchMetrics(docs());
    const sum = (name: string, key: string) =>
      metrics
        .filter((m) => m.name === name && m.key === key)
        .flatMap((m) => m.values)
        .reduce((a, b) => a + b, 0);
    // Two outcomes of getOrder add up in its rollup; the full sets stay apart.
    expect(sum('faas.invocations', 'faas.name=getOrder')).toBe(2);
    expect(sum('faas.invocations', 'faas.name=createOrder')).toBe(1);
    expect(sum('faas.errors', 'faas.name=getOrder')).toBe(1);
    expect(
      sum(
        'faas.invocations',
        'cloud.provider=aws,faas.name=getOrder,faas.trigger=http,faasade.outcome=success',
      ),
    ).toBe(1);
    for (const doc of docs()) {
      for (const directive of doc._aws.CloudWatchMetrics) {
        if (directive.Dimensions[0].includes('faas.name') && directive.Dimensions[0].length > 1)
          expect(directive.Dimensions).toContainEqual(['faas.name']);
      }
    }
  });

  it('publishes no rollup when emf.rollups is empty, and the ones asked for otherwise', async () => {
    const lines: string[] = [];
    const make = (rollups: string[][]) =>
      createTelemetry({
        service: 'orders',
        traces: { exporter: 'none' },
        metrics: { exporter: 'emf' },
        emf: { write: (line) => lines.push(line), rollups },
      });
    const none = make([]);
    await observe(none, httpInfo(), () => 1);
    await none.shutdown(1000);
    for (const doc of lines.map(parseEmfLine))
      for (const d of doc._aws.CloudWatchMetrics) expect(d.Dimensions).toHaveLength(1);
    lines.length = 0;
    const byTrigger = make([['faas.name', 'faas.trigger'], ['cloud.provider']]);
    await observe(byTrigger, httpInfo(), () => 1);
    await byTrigger.shutdown(1000);
    const sets = lines
      .map(parseEmfLine)
      .flatMap((doc) =>
        doc._aws.CloudWatchMetrics.filter((d) => d.Metrics.some((m) => m.Name === 'faas.invocations')),
      )
      .map((d) => d.Dimensions);
    expect(sets[0]).toEqual([
      ['cloud.provider', 'faas.name', 'faas.trigger', 'faasade.outcome'],
      ['faas.name', 'faas.trigger'],
      ['cloud.provider'],
    ]);
  });

  it('puts the directives whose attributes agree on one line: one log event per flush', async () => {
    const { telemetry, docs } = emfTelemetry();
    await observe(
      telemetry,
      httpInfo(),
      () => telemetry.metrics.counter('orders.read').record(1),
      () => ({ status: 200 }),
    );
    const [line, ...others] = docs();
    expect(others).toEqual([]);
    expect(line._aws.CloudWatchMetrics.map((d) => d.Dimensions[0].length)).toEqual([4, 0]);
    expect(emfSamples([line], 'orders.read')).toEqual([{ values: [1], dimensions: {}, unit: 'Count' }]);
    await telemetry.shutdown(1000);
  });

  it('never puts two values of one metric, or clashing attribute values, on one line', async () => {
    const { telemetry, docs } = emfTelemetry();
    telemetry.metrics.counter('hits').record(1, { region: 'eu' });
    telemetry.metrics.counter('hits').record(2, { region: 'us' });
    telemetry.metrics.counter('misses').record(3, { region: 'us' });
    await telemetry.flush(1000);
    const lines = docs();
    expect(lines).toHaveLength(2);
    expect(emfSamples(lines, 'hits').map((s) => [s.dimensions.region, s.values[0]])).toEqual([
      ['eu', 1],
      ['us', 2],
    ]);
    expect(emfSamples(lines, 'misses')).toEqual([
      { values: [3], dimensions: { region: 'us' }, unit: 'Count' },
    ]);
    await telemetry.shutdown(1000);
  });

  it('writes deltas: each flush says what happened since the previous one', async () => {
    const { telemetry, docs, lines } = emfTelemetry();
    await observe(telemetry, httpInfo(), () => 1);
    const first = lines.length;
    await observe(telemetry, httpInfo(), () => 1);
    const second = docs().slice(first);
    expect(emfSamples(second, 'faas.invocations')[0].values).toEqual([1]);
    await telemetry.flush(1000);
    expect(lines.length).toBe(first + second.length);
    await telemetry.shutdown(1000);
  });

  it('keeps an up-down counter cumulative, so each line carries the current level', async () => {
    const { telemetry, docs } = emfTelemetry();
    telemetry.metrics.upDownCounter('orders.open').record(3);
    await telemetry.flush(1000);
    telemetry.metrics.upDownCounter('orders.open').record(-1);
    await telemetry.flush(1000);
    expect(emfSamples(docs(), 'orders.open').map((s) => s.values)).toEqual([[3], [2]]);
    await telemetry.shutdown(1000);
  });

  it('sends each custom metric with its unit mapped to CloudWatch’s', async () => {
    const { telemetry, docs } = emfTelemetry();
    telemetry.metrics.histogram('payment.latency', { unit: 'ms' }).record(120, { provider: 'stripe' });
    telemetry.metrics.gauge('cache.size', { unit: 'By' }).record(2048);
    telemetry.metrics.counter('orders.created', { unit: '{order}' }).record(2);
    await telemetry.flush(1000);
    const all = docs();
    expect(emfSamples(all, 'payment.latency')).toEqual([
      { values: [120], dimensions: { provider: 'stripe' }, unit: 'Milliseconds' },
    ]);
    expect(emfSamples(all, 'cache.size')).toEqual([{ values: [2048], dimensions: {}, unit: 'Bytes' }]);
    expect(emfSamples(all, 'orders.created')).toEqual([{ values: [2], dimensions: {}, unit: 'Count' }]);
    await telemetry.shutdown(1000);
  });

  it('represents several histogram observations by their buckets, within the observed range', async () => {
    const { telemetry, docs } = emfTelemetry();
    const h = telemetry.metrics.histogram('step.latency', { unit: 's', boundaries: [0.1, 1] });
    for (const v of [0.02, 0.05, 0.4]) h.record(v);
    await telemetry.flush(1000);
    const [sample] = emfSamples(docs(), 'step.latency');
    expect(sample.values).toHaveLength(3);
    expect(sample.values.filter((v) => v >= 0.02 && v <= 0.1)).toHaveLength(2);
    expect(sample.values.filter((v) => v > 0.1 && v <= 0.4)).toHaveLength(1);
    await telemetry.shutdown(1000);
  });

  it('splits more than 100 metrics of one dimension set over several lines', async () => {
    const { telemetry, docs } = emfTelemetry();
    for (let i = 0; i < 250; i++) telemetry.metrics.counter(`m${i}`).record(i + 1, { shard: 'a' });
    await telemetry.flush(1000);
    const all = docs();
    expect(all.map((d) => d._aws.CloudWatchMetrics[0].Metrics.length)).toEqual([100, 100, 50]);
    const names = all.flatMap((d) => d._aws.CloudWatchMetrics[0].Metrics.map((m) => m.Name));
    expect(new Set(names).size).toBe(250);
    expect(all.every((d) => d.shard === 'a')).toBe(true);
    await telemetry.shutdown(1000);
  });

  it('splits more than 100 values of one metric over several lines', async () => {
    const { telemetry, docs } = emfTelemetry();
    const h = telemetry.metrics.histogram('batch.size', {
      boundaries: Array.from({ length: 250 }, (_, i) => i + 1),
    });
    for (let i = 0; i < 250; i++) h.record(i + 0.5);
    await telemetry.flush(1000);
    const [first, second, third] = emfSamples(docs(), 'batch.size');
    expect([first.values.length, second.values.length, third.values.length]).toEqual([100, 100, 50]);
    await telemetry.shutdown(1000);
  });

  it('uses at most 30 attributes as dimensions and keeps the rest as plain properties', async () => {
    const { telemetry, docs } = emfTelemetry();
    const attributes = Object.fromEntries(
      Array.from({ length: 35 }, (_, i) => [`k${String(i).padStart(2, '0')}`, `v${i}`]),
    );
    telemetry.metrics.counter('wide').record(1, attributes);
    await telemetry.flush(1000);
    const [doc] = docs();
    expect(doc._aws.CloudWatchMetrics[0].Dimensions[0]).toHaveLength(30);
    expect(doc.k34).toBe('v34');
    await telemetry.shutdown(1000);
  });

  it('never makes a dimension of an empty, non-ASCII or metric-named attribute', async () => {
    const { telemetry, docs } = emfTelemetry();
    telemetry.metrics.counter('hits').record(1, { region: 'eu', empty: '', city: 'Zürich', hits: 'shadow' });
    await telemetry.flush(1000);
    const [doc] = docs();
    expect(doc._aws.CloudWatchMetrics[0].Dimensions).toEqual([['region']]);
    expect(doc.city).toBe('Zürich');
    expect(doc.hits).toBe(1);
    await telemetry.shutdown(1000);
  });

  it('turns characters CloudWatch refuses in a namespace into underscores', async () => {
    const { telemetry, docs } = emfTelemetry('my service (prod)');
    telemetry.metrics.counter('x').record(1);
    await telemetry.flush(1000);
    expect(docs()[0]._aws.CloudWatchMetrics[0].Namespace).toBe('my_service__prod_');
    await telemetry.shutdown(1000);
  });

  it('reaches the real stdout of a function process as one JSON document per line', async () => {
    const script = path.join(__dirname, 'support/emf-stdout.ts');
    const out = await runTs(script);
    const docs = out
      .split('\n')
      .filter((l) => l.startsWith('{"_aws"'))
      .map(parseEmfLine);
    expect(emfSamples(docs, 'faas.invocations')[0]).toMatchObject({
      values: [1],
      dimensions: { 'faas.name': 'stdoutFn' },
    });
    expect(docs.every((d) => d._aws.CloudWatchMetrics[0].Namespace === 'stdout-svc')).toBe(true);
  });
});
