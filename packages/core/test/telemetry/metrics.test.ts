import { createTelemetry, DURATION_BUCKETS_S, type Telemetry } from '../../src/telemetry';
import { httpInfo, messageInfo, observe } from './support/invocations';
import { type OtlpReceiver, type ReceivedPoint, startOtlpReceiver } from './support/otlp-receiver';

const DELTA = 1;
const CUMULATIVE = 2;

describe('the FaaS metrics and custom metrics, as an OTLP collector receives them', () => {
  let receiver: OtlpReceiver;
  let telemetry: Telemetry;

  beforeEach(async () => {
    receiver = await startOtlpReceiver();
    telemetry = createTelemetry({
      service: 'orders',
      otlp: { endpoint: receiver.endpoint },
      traces: { exporter: 'none' },
    });
  });
  afterEach(async () => {
    await telemetry.shutdown(2000);
    await receiver.stop();
  });

  /** The points of the most recent export that carried `name`. */
  async function latest(name: string, count = 1): Promise<ReceivedPoint[]> {
    await receiver.waitFor((r) => r.points().some((p) => p.name === name));
    const all = receiver.points().filter((p) => p.name === name);
    return all.slice(-count);
  }

  it('counts an invocation with the semconv names, units and attributes, and the outcome', async () => {
    await observe(
      telemetry,
      httpInfo({ coldStart: true }),
      () => 1,
      () => ({ status: 200 }),
    );
    const attributes = {
      'faas.trigger': 'http',
      'faas.name': 'getOrder',
      'cloud.provider': 'aws',
      'faasade.outcome': 'success',
    };
    const [invocations] = await latest('faas.invocations');
    expect(invocations).toMatchObject({
      unit: '{invocation}',
      type: 'sum',
      monotonic: true,
      temporality: CUMULATIVE,
      value: 1,
      attributes,
    });
    const [coldstarts] = await latest('faas.coldstarts');
    expect(coldstarts).toMatchObject({
      unit: '{coldstart}',
      value: 1,
      attributes: { 'faas.trigger': 'http', 'faas.name': 'getOrder', 'cloud.provider': 'aws' },
    });
    const [duration] = await latest('faas.invoke_duration');
    expect(duration).toMatchObject({
      unit: 's',
      type: 'histogram',
      count: 1,
      attributes,
      explicitBounds: DURATION_BUCKETS_S,
    });
    expect(duration.sum).toBeGreaterThanOrEqual(0);
    expect(receiver.points().some((p) => p.name === 'faas.errors')).toBe(false);
  });

  it('puts 1 s on a bucket boundary, so a 1 s latency SLO is read off le="1"', async () => {
    await observe(telemetry, httpInfo({ startTime: Date.now() - 900 }), () => 1);
    const [duration] = await latest('faas.invoke_duration');
    const bounds = duration.explicitBounds ?? [];
    expect(bounds).toContain(1);
    const upToOne = (duration.bucketCounts ?? []).slice(0, bounds.indexOf(1) + 1).reduce((a, b) => a + b, 0);
    expect(upToOne).toBe(1);
    expect(duration.sum).toBeGreaterThanOrEqual(0.9);
  });

  it('counts errors, and timeouts as both errors and timeouts, each with its outcome', async () => {
    await observe(
      telemetry,
      httpInfo(),
      () => 1,
      () => ({ status: 500, error: new Error('boom') }),
    );
    await observe(
      telemetry,
      messageInfo(),
      () => 1,
      () => ({ timedOut: true }),
    );
    await receiver.waitFor((r) => r.points().some((p) => p.name === 'faas.timeouts'));
    const points = receiver.points();
    const last = (name: string, outcome: string) =>
      points.filter((p) => p.name === name && p.attributes['faasade.outcome'] === outcome).at(-1);
    expect(last('faas.errors', 'error')).toMatchObject({
      unit: '{error}',
      value: 1,
      attributes: { 'faas.trigger': 'http' },
    });
    expect(last('faas.errors', 'timeout')).toMatchObject({
      value: 1,
      attributes: { 'faas.trigger': 'pubsub', 'faas.name': 'processOrder' },
    });
    expect(last('faas.timeouts', 'timeout')).toMatchObject({ unit: '{timeout}', value: 1 });
    expect(last('faas.invocations', 'error')?.value).toBe(1);
    expect(last('faas.invocations', 'timeout')?.value).toBe(1);
  });

  it('counts a 4xx as a successful invocation: the function did its job', async () => {
    await observe(
      telemetry,
      httpInfo(),
      () => 1,
      () => ({ status: 422 }),
    );
    const [invocations] = await latest('faas.invocations');
    expect(invocations.attributes['faasade.outcome']).toBe('success');
  });

  it('records the init duration once, in seconds', async () => {
    telemetry.recordInit?.(1250, httpInfo({ coldStart: true }));
    await telemetry.flush(5000);
    const [init] = await latest('faas.init_duration');
    expect(init).toMatchObject({ unit: 's', type: 'histogram', count: 1, sum: 1.25 });
  });

  it('exports cumulative sums by default, so each flush carries the running total', async () => {
    await observe(telemetry, httpInfo(), () => 1);
    await observe(telemetry, httpInfo(), () => 1);
    await receiver.waitFor((r) => r.points().filter((p) => p.name === 'faas.invocations').length === 2);
    expect(
      receiver
        .points()
        .filter((p) => p.name === 'faas.invocations')
        .map((p) => p.value),
    ).toEqual([1, 2]);
  });

  it('records custom counters, up-down counters, histograms and gauges inside an invocation', async () => {
    await observe(telemetry, httpInfo(), () => {
      telemetry.metrics
        .counter('orders.created', { unit: '{order}', description: 'orders taken' })
        .record(2, { channel: 'web' });
      telemetry.metrics.upDownCounter('orders.open').record(3);
      telemetry.metrics.upDownCounter('orders.open').record(-1);
      telemetry.metrics.histogram('payment.latency', { unit: 's', boundaries: [0.1, 0.5, 1] }).record(0.3);
      telemetry.metrics.gauge('queue.depth').record(17, { queue: 'orders' });
    });
    const [created] = await latest('orders.created');
    expect(created).toMatchObject({
      type: 'sum',
      monotonic: true,
      unit: '{order}',
      value: 2,
      attributes: { channel: 'web' },
    });
    const [open] = await latest('orders.open');
    expect(open).toMatchObject({ type: 'sum', monotonic: false, value: 2 });
    const [latency] = await latest('payment.latency');
    expect(latency).toMatchObject({
      type: 'histogram',
      explicitBounds: [0.1, 0.5, 1],
      bucketCounts: [0, 1, 0, 0],
      sum: 0.3,
    });
    const [depth] = await latest('queue.depth');
    expect(depth).toMatchObject({ type: 'gauge', value: 17, attributes: { queue: 'orders' } });
  });

  it('records custom metrics outside any invocation and exports them on the next flush', async () => {
    telemetry.metrics.counter('cache.warmed').record(1);
    await telemetry.flush(5000);
    const [warmed] = await latest('cache.warmed');
    expect(warmed.value).toBe(1);
    expect(warmed.resource['service.name']).toBe('orders');
  });

  it('exports delta sums when the collector asks for delta temporality', async () => {
    const delta = createTelemetry({
      service: 'orders',
      otlp: { endpoint: receiver.endpoint, temporality: 'delta' },
      traces: { exporter: 'none' },
    });
    try {
      await observe(delta, httpInfo({ functionName: 'deltaFn' }), () => 1);
      await observe(delta, httpInfo({ functionName: 'deltaFn' }), () => 1);
      await receiver.waitFor(
        (r) =>
          r.points().filter((p) => p.attributes['faas.name'] === 'deltaFn' && p.name === 'faas.invocations')
            .length === 2,
      );
      const points = receiver
        .points()
        .filter((p) => p.attributes['faas.name'] === 'deltaFn' && p.name === 'faas.invocations');
      expect(points.map((p) => [p.temporality, p.value])).toEqual([
        [DELTA, 1],
        [DELTA, 1],
      ]);
    } finally {
      await delta.shutdown(2000);
    }
  });
});
