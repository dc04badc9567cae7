import { context as apiContext, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  AggregationType,
  InMemoryMetricExporter,
  InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  type Sampler,
  SamplingDecision,
} from '@opentelemetry/sdk-trace-base';
import fc from 'fast-check';
import { defineApp, http } from '../../src/function/define';
import { invoke } from '../../src/invoke/local';
import { createTelemetry, type Telemetry, tracedFetch } from '../../src/telemetry';
import { formatEmf } from '../../src/telemetry/exporters/emf/format';
import { MetricStore, type ReaderView } from '../../src/telemetry/metrics/store';
import { parseEmfLine } from './support/emf';
import { httpInfo, observe, remoteParent } from './support/invocations';

/** A metric exporter that takes everything at once, keeping what it got. */
function syncMetricExporter(extra: Partial<PushMetricExporter> = {}) {
  const exports: ResourceMetrics[] = [];
  const exporter: PushMetricExporter = {
    export: (metrics, done) => {
      exports.push(metrics);
      done({ code: 0 });
    },
    forceFlush: async () => {},
    shutdown: async () => {},
    ...extra,
  };
  return { exporter, exports };
}

const names = (metrics: ResourceMetrics | undefined) =>
  (metrics?.scopeMetrics ?? []).flatMap((s) => s.metrics.map((m) => m.descriptor.name));

/** `globalThis.fetch` replaced for the test: records the headers of each call, answers 200. */
function stubFetch() {
  const calls: Array<{ url: string; headers: Headers }> = [];
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), headers: new Headers(init?.headers) });
    return new Response('ok');
  }) as typeof fetch;
  return { calls, restore: () => (globalThis.fetch = original) };
}

describe('the flush at the end of an invocation', () => {
  let telemetry: Telemetry;
  afterEach(() => telemetry.shutdown(1000));

  it('hands the spans and metrics to the exporters before flush() returns, when they answer at once', async () => {
    const spans = new InMemorySpanExporter();
    const metrics = syncMetricExporter();
    telemetry = createTelemetry({
      service: 'shop',
      traces: { exporter: spans },
      metrics: { exporter: metrics.exporter },
    });
    const observation = telemetry.start(httpInfo());
    observation.end({ status: 200 });
    const flushed = telemetry.flush(1000);
    expect(spans.getFinishedSpans()).toHaveLength(1);
    expect(names(metrics.exports[0])).toEqual(
      expect.arrayContaining(['faas.invocations', 'faas.invoke_duration']),
    );
    await expect(flushed).resolves.toBeUndefined();
  });

  it('calls no exporter when nothing was recorded since the last flush', async () => {
    const spans = new InMemorySpanExporter();
    const metrics = syncMetricExporter();
    const exportSpans = jest.spyOn(spans, 'export');
    telemetry = createTelemetry({
      service: 'shop',
      traces: { exporter: spans },
      metrics: { exporter: metrics.exporter },
    });
    await observe(telemetry, httpInfo(), () => 1);
    expect(metrics.exports).toHaveLength(1);
    expect(exportSpans).toHaveBeenCalledTimes(1);
    await telemetry.flush(1000);
    await telemetry.flush(1000);
    expect(metrics.exports).toHaveLength(1);
    expect(exportSpans).toHaveBeenCalledTimes(1);
    // A custom metric recorded outside any invocation makes the next flush export again.
    telemetry.metrics.counter('cache.warmed').record(1);
    await telemetry.flush(1000);
    expect(metrics.exports).toHaveLength(2);
  });

  it('sends a cumulative exporter everything again after a failed export, even with nothing new', async () => {
    let fail = true;
    const exports: ResourceMetrics[] = [];
    telemetry = createTelemetry({
      service: 'shop',
      traces: { exporter: 'none' },
      onDiagnostic: () => {},
      metrics: {
        exporter: {
          export: (metrics, done) => {
            exports.push(metrics);
            done(fail ? { code: 1, error: new Error('collector down') } : { code: 0 });
          },
          forceFlush: async () => {},
          shutdown: async () => {},
        },
      },
    });
    await observe(telemetry, httpInfo(), () => 1);
    fail = false;
    await telemetry.flush(1000);
    expect(exports).toHaveLength(2);
    await telemetry.flush(1000);
    expect(exports).toHaveLength(2);
  });

  it('merges instruments made on telemetry.meterProvider into the same export as faasade’s own', async () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    telemetry = createTelemetry({ service: 'shop', traces: { exporter: 'none' }, metrics: { exporter } });
    telemetry.meterProvider.getMeter('my-lib').createCounter('lib.calls').add(2);
    await observe(telemetry, httpInfo(), () => 1);
    const last = exporter.getMetrics().at(-1);
    expect(last?.scopeMetrics.map((s) => s.scope.name)).toEqual(['@faasade/core', 'my-lib']);
    expect(names(last)).toEqual(expect.arrayContaining(['faas.invocations', 'lib.calls']));
    expect(last?.resource.attributes['service.name']).toBe('shop');
  });

  it('leaves out the kinds an exporter’s aggregation selector drops', async () => {
    const metrics = syncMetricExporter({
      selectAggregation: (type) =>
        type === InstrumentType.COUNTER ? { type: AggregationType.DROP } : { type: AggregationType.DEFAULT },
    });
    telemetry = createTelemetry({
      service: 'shop',
      traces: { exporter: 'none' },
      metrics: { exporter: metrics.exporter },
    });
    await observe(telemetry, httpInfo(), () => 1);
    expect(names(metrics.exports[0])).toEqual(['faas.invoke_duration']);
  });
});

describe('traces exported nowhere (`none`) or not sampled', () => {
  let telemetry: Telemetry;
  afterEach(() => telemetry.shutdown(1000));

  it('still hands out trace ids for the logs, continuing the caller’s trace with its sampling decision', async () => {
    telemetry = createTelemetry({
      service: 'shop',
      traces: { exporter: 'none' },
      metrics: { exporter: 'none' },
    });
    for (const sampled of [true, false]) {
      const parent = remoteParent(sampled);
      const { traceIds } = await observe(
        telemetry,
        httpInfo({ carrier: { traceparent: parent.traceparent } }),
        () => 1,
      );
      expect(traceIds).toEqual({
        traceId: parent.traceId,
        spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
        sampled,
      });
      expect(traceIds?.spanId).not.toBe(parent.spanId);
    }
    const { traceIds } = await observe(telemetry, httpInfo(), () => 1);
    expect(traceIds).toEqual({
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      sampled: true,
    });
  });

  it('still sends traceparent on outgoing calls, child of the invocation', async () => {
    telemetry = createTelemetry({
      service: 'shop',
      traces: { exporter: 'none' },
      metrics: { exporter: 'none' },
    });
    const fetchStub = stubFetch();
    try {
      const parent = remoteParent();
      const { traceIds } = await observe(
        telemetry,
        httpInfo({ carrier: { traceparent: parent.traceparent } }),
        () => tracedFetch('http://downstream.test/x'),
      );
      const [, traceId, spanId, flags] = String(fetchStub.calls[0].headers.get('traceparent')).split('-');
      expect([traceId, flags]).toEqual([parent.traceId, '01']);
      expect(spanId).not.toBe(traceIds?.spanId);
    } finally {
      fetchStub.restore();
    }
  });

  it('asks a configured sampler, with the span’s attributes, and records only what it samples', async () => {
    const spans = new InMemorySpanExporter();
    const sampler: Sampler = {
      shouldSample: (_context, _traceId, _name, _kind, attributes) =>
        attributes['faas.name'] === 'kept'
          ? {
              decision: SamplingDecision.RECORD_AND_SAMPLED,
              attributes: { 'sampler.route': String(attributes['http.route']) },
            }
          : { decision: SamplingDecision.NOT_RECORD },
      toString: () => 'by-function',
    };
    telemetry = createTelemetry({
      service: 'shop',
      traces: { exporter: spans, sampler },
      metrics: { exporter: 'none' },
    });
    const kept = await observe(telemetry, httpInfo({ functionName: 'kept' }), () => 1);
    const dropped = await observe(telemetry, httpInfo({ functionName: 'dropped' }), () => 1);
    expect(kept.traceIds?.sampled).toBe(true);
    expect(dropped.traceIds?.sampled).toBe(false);
    expect(
      spans.getFinishedSpans().map((s) => [s.attributes['faas.name'], s.attributes['sampler.route']]),
    ).toEqual([['kept', '/orders/:id']]);
  });

  it('reads OTEL_TRACES_SAMPLER from the telemetry’s environment', async () => {
    const spans = new InMemorySpanExporter();
    telemetry = createTelemetry({
      service: 'shop',
      traces: { exporter: spans },
      metrics: { exporter: 'none' },
      env: { OTEL_TRACES_SAMPLER: 'always_off' },
    });
    const { traceIds } = await observe(telemetry, httpInfo(), () => 1);
    expect(traceIds?.sampled).toBe(false);
    expect(spans.getFinishedSpans()).toEqual([]);
  });
});

describe('the invocation span', () => {
  let telemetry: Telemetry;
  afterEach(() => telemetry.shutdown(1000));

  function withSpans(env: Record<string, string> = {}, register = false) {
    const spans = new InMemorySpanExporter();
    telemetry = createTelemetry({
      service: 'shop',
      traces: { exporter: spans },
      metrics: { exporter: 'none' },
      env,
      register,
    });
    return spans;
  }

  it('is a complete ReadableSpan: times, duration, parent, scope, resource', async () => {
    const spans = withSpans();
    const parent = remoteParent();
    const started = Date.now();
    await observe(
      telemetry,
      httpInfo({ startTime: started - 5, carrier: { traceparent: parent.traceparent } }),
      () => 1,
    );
    const [span] = spans.getFinishedSpans() as ReadableSpan[];
    const ms = ([s, ns]: [number, number]) => s * 1000 + ns / 1e6;
    expect(ms(span.startTime)).toBeCloseTo(started - 5, 0);
    expect(ms(span.endTime)).toBeGreaterThanOrEqual(ms(span.startTime) + 5);
    expect(ms(span.duration)).toBeCloseTo(ms(span.endTime) - ms(span.startTime), 3);
    expect(span.ended).toBe(true);
    expect(span.parentSpanContext).toMatchObject({
      traceId: parent.traceId,
      spanId: parent.spanId,
      isRemote: true,
    });
    expect(span.instrumentationScope.name).toBe('@faasade/core');
    expect(span.resource.attributes['service.name']).toBe('shop');
    expect([span.droppedAttributesCount, span.droppedEventsCount, span.droppedLinksCount]).toEqual([0, 0, 0]);
  });

  it('applies the span limits of the environment', async () => {
    const spans = withSpans({
      OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '4',
      OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '3',
    });
    await observe(
      telemetry,
      httpInfo(),
      () => 1,
      () => ({ status: 200 }),
    );
    const [span] = spans.getFinishedSpans();
    expect(Object.keys(span.attributes)).toHaveLength(3);
    expect(span.attributes['faas.invocation.id']).toHaveLength(4);
    // The status code came after the limit was reached.
    expect(span.droppedAttributesCount).toBeGreaterThan(0);
  });

  it('takes what code adds through the API, checked as the SDK checks it', async () => {
    const spans = withSpans({}, true);
    const app = defineApp({
      service: 'shop',
      functions: {
        work: http({ method: 'GET', route: '/work' }, (_req, ctx) => {
          const span = trace.getActiveSpan();
          span?.setAttribute('order.id', '42');
          span?.setAttribute('not.valid', {} as never);
          span?.setAttribute('', 'no key');
          span?.addEvent('checked', { ok: true });
          span?.updateName('GET /work (renamed)');
          return { recording: span?.isRecording(), same: span?.spanContext().spanId === ctx.trace?.spanId };
        }),
      },
    });
    const response = await invoke(app, new Request('http://shop.test/work'), {
      runtime: { observer: telemetry },
    });
    expect(await response.json()).toEqual({ recording: true, same: true });
    const [span] = spans.getFinishedSpans();
    expect(span.name).toBe('GET /work (renamed)');
    expect(span.attributes['order.id']).toBe('42');
    expect(span.attributes).not.toHaveProperty('not.valid');
    expect(span.attributes).not.toHaveProperty('');
    expect(span.events.map((e) => [e.name, e.attributes])).toEqual([['checked', { ok: true }]]);
  });
});

describe('the invocation’s context, carried by the core’s invocation scope', () => {
  let telemetry: Telemetry;
  afterEach(() => telemetry.shutdown(1000));

  const app = defineApp({
    service: 'shop',
    functions: {
      call: http({ method: 'GET', route: '/call/:n' }, async (_req, ctx) => {
        await new Promise((resolve) => setTimeout(resolve, Number(ctx.params.n)));
        await tracedFetch(`http://downstream.test/${ctx.params.n}`);
        return { trace: ctx.trace, active: trace.getActiveSpan()?.spanContext().spanId };
      }),
    },
  });

  it('keeps concurrent runtime invocations apart: each outgoing call is a child of its own invocation', async () => {
    const spans = new InMemorySpanExporter();
    telemetry = createTelemetry({
      service: 'shop',
      traces: { exporter: spans },
      metrics: { exporter: 'none' },
    });
    const fetchStub = stubFetch();
    try {
      const parents = [remoteParent(), remoteParent(), remoteParent()];
      const delays = [12, 1, 6];
      const bodies = await Promise.all(
        parents.map(async (p, i) => {
          const response = await invoke(
            app,
            new Request(`http://shop.test/call/${delays[i]}`, { headers: { traceparent: p.traceparent } }),
            { runtime: { observer: telemetry } },
          );
          return (await response.json()) as { trace: { traceId: string; spanId: string } };
        }),
      );
      const all = spans.getFinishedSpans();
      parents.forEach((p, i) => {
        const call = fetchStub.calls.find((c) => c.url.endsWith(`/${delays[i]}`));
        const [, traceId, clientSpanId] = String(call?.headers.get('traceparent')).split('-');
        expect(traceId).toBe(p.traceId);
        expect(bodies[i].trace.traceId).toBe(p.traceId);
        const client = all.find((s) => s.spanContext().spanId === clientSpanId);
        expect(client?.parentSpanContext?.spanId).toBe(bodies[i].trace.spanId);
      });
    } finally {
      fetchStub.restore();
    }
  });

  it('gives an invocation started inside someone else’s context.with() its own context', async () => {
    telemetry = createTelemetry({
      service: 'shop',
      traces: { exporter: 'none' },
      metrics: { exporter: 'none' },
      register: true,
    });
    // The API globals are installed with the SDK, on first use.
    expect(telemetry.tracerProvider).toBeDefined();
    const fetchStub = stubFetch();
    try {
      const foreign = trace.wrapSpanContext({
        traceId: 'a'.repeat(32),
        spanId: 'b'.repeat(16),
        traceFlags: 1,
      });
      const body = await apiContext.with(trace.setSpan(ROOT_CONTEXT, foreign), async () => {
        const response = await invoke(app, new Request('http://shop.test/call/1'), {
          runtime: { observer: telemetry },
        });
        return (await response.json()) as { trace: { spanId: string }; active: string };
      });
      expect(body.active).toBe(body.trace.spanId);
      expect(String(fetchStub.calls[0].headers.get('traceparent'))).not.toContain('a'.repeat(32));
    } finally {
      fetchStub.restore();
    }
  });
});

describe('EMF: the single-line fast path', () => {
  const view: ReaderView = { counter: 0, upDownCounter: 1, histogram: 0, gauge: 0 };
  const attributeSets = [
    undefined,
    { 'faas.name': 'a', 'faas.trigger': 'http' },
    { 'faas.name': 'a', 'faas.trigger': 'http', 'faasade.outcome': 'success' },
    { 'faas.name': 'b', 'faas.trigger': 'http' },
    { region: 'eu', city: 'Zürich' },
    { hits: 'shadow' },
    { 'hits.counter': 'shadow', region: 'eu' },
  ];

  it('writes what the general path writes, whenever it applies', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom(
              'counter' as const,
              'histogram' as const,
              'gauge' as const,
              'upDownCounter' as const,
            ),
            name: fc.constantFrom('hits', 'misses', 'latency', 'queue.depth'),
            attributes: fc.constantFrom(...attributeSets),
            values: fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 3 }),
          }),
          { maxLength: 8 },
        ),
        (records) => {
          const store = new MetricStore(1);
          for (const r of records) {
            const instrument = store.instrument(r.kind, `${r.name}.${r.kind}`, { unit: 's' });
            for (const v of r.values) instrument.record(v, r.attributes);
          }
          const { metrics } = store.collect(0, view, 1_800_000_000_000);
          const resourceMetrics = {
            resource: {},
            scopeMetrics: [{ scope: { name: 'x' }, metrics }],
          } as never;
          const fast = formatEmf(resourceMetrics, 'ns', 1_800_000_000_000);
          const general = formatEmf(resourceMetrics, 'ns', 1_800_000_000_000, false);
          for (const line of [...fast, ...general]) parseEmfLine(line);
          if (fast.length === 1 && general.length === 1) {
            expect(JSON.parse(fast[0])).toEqual(JSON.parse(general[0]));
          } else {
            expect(fast).toEqual(general);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
