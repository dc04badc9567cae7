import { context as apiContext, propagation, SpanKind, trace } from '@opentelemetry/api';
import { defineApp, event, http, queue } from '../../src/function/define';
import { invoke, invokeEvent, invokeMessage } from '../../src/invoke/local';
import { createTelemetry, type Telemetry } from '../../src/telemetry';
import { remoteParent } from './support/invocations';
import { type OtlpReceiver, startOtlpReceiver } from './support/otlp-receiver';

const SERVER = 2;
const CONSUMER = 5;
const INTERNAL = 1;

describe('telemetry through the faasade runtime', () => {
  let receiver: OtlpReceiver;
  let telemetry: Telemetry;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    telemetry = createTelemetry({ otlp: { endpoint: receiver.endpoint } });
  });
  afterEach(() => receiver.reset());
  afterAll(async () => {
    await telemetry.shutdown(2000);
    await receiver.stop();
  });

  it('gives the handler and every log line the ids of the exported invocation span', async () => {
    const lines: string[] = [];
    const app = defineApp({
      service: 'shop',
      functions: {
        getItem: http({ method: 'GET', route: '/items/:id' }, (_req, ctx) => {
          ctx.log.info('looking it up');
          ctx.metrics.counter('items.read').record(1);
          return { trace: ctx.trace };
        }),
      },
    });
    const parent = remoteParent();
    const response = await invoke(
      app,
      new Request('http://shop.test/items/7', { headers: { traceparent: parent.traceparent } }),
      {
        runtime: { observer: telemetry, cloud: 'gcp' },
        meta: { logSink: { write: (line) => lines.push(line) } },
      },
    );
    const { trace: ids } = (await response.json()) as { trace: { traceId: string; spanId: string } };
    await receiver.waitFor((r) => r.spans().length === 1 && r.points().some((p) => p.name === 'items.read'));
    const [span] = receiver.spans();
    expect(span).toMatchObject({
      name: 'GET /items/:id',
      kind: SERVER,
      traceId: parent.traceId,
      parentSpanId: parent.spanId,
    });
    expect(ids).toMatchObject({ traceId: span.traceId, spanId: span.spanId });
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.message === 'looking it up');
    expect(logged).toMatchObject({ traceId: span.traceId, spanId: span.spanId });
    expect(span.attributes).toMatchObject({
      'cloud.provider': 'gcp',
      'url.path': '/items/7',
      'http.response.status_code': 200,
    });
  });

  it('traces each message of a batch in its own trace, as CONSUMER spans linked to their messages', async () => {
    const app = defineApp({ service: 'shop', functions: { drain: queue({ queue: 'orders' }, () => {}) } });
    const parents = [remoteParent(), remoteParent()];
    for (const [i, p] of parents.entries()) {
      await invokeMessage(
        app,
        'drain',
        { n: i },
        { runtime: { observer: telemetry }, attributes: { traceparent: p.traceparent } },
      );
    }
    await receiver.waitFor((r) => r.spans().length === 2);
    expect(receiver.spans().map((s) => [s.kind, s.traceId, s.parentSpanId, s.links[0]?.spanId])).toEqual(
      parents.map((p) => [CONSUMER, p.traceId, p.spanId, p.spanId]),
    );
  });
});

describe('CloudEvents', () => {
  it('continues the trace carried by the CloudEvent’s traceparent extension', async () => {
    const receiver = await startOtlpReceiver();
    const telemetry = createTelemetry({
      otlp: { endpoint: receiver.endpoint },
      metrics: { exporter: 'none' },
    });
    const app = defineApp({
      service: 'shop',
      functions: { onUpload: event({ type: 'storage.object.finalized' }, () => {}) },
    });
    const parent = remoteParent();
    try {
      await invokeEvent(
        app,
        'onUpload',
        {
          specversion: '1.0',
          id: 'e-1',
          source: '//storage',
          type: 'storage.object.finalized',
          traceparent: parent.traceparent,
        },
        { runtime: { observer: telemetry, cloud: 'gcp' } },
      );
      await receiver.waitFor((r) => r.spans().length === 1);
      expect(receiver.spans()[0]).toMatchObject({
        name: 'onUpload',
        kind: CONSUMER,
        traceId: parent.traceId,
        parentSpanId: parent.spanId,
      });
    } finally {
      await telemetry.shutdown(2000);
      await receiver.stop();
    }
  });
});

describe('register: true', () => {
  it('lets code instrumented with @opentelemetry/api join the invocation’s trace, and undoes it on shutdown', async () => {
    const receiver = await startOtlpReceiver();
    const telemetry = createTelemetry({
      otlp: { endpoint: receiver.endpoint },
      metrics: { exporter: 'none' },
      register: true,
    });
    const app = defineApp({
      service: 'shop',
      functions: {
        work: http({ method: 'POST', route: '/work' }, async () => {
          const headers: Record<string, string> = {};
          await trace.getTracer('my-lib').startActiveSpan('compute', async (span) => {
            propagation.inject(apiContext.active(), headers);
            span.end();
          });
          return headers;
        }),
      },
    });
    try {
      const response = await invoke(app, new Request('http://shop.test/work', { method: 'POST' }), {
        runtime: { observer: telemetry },
      });
      const injected = (await response.json()) as Record<string, string>;
      await receiver.waitFor((r) => r.spans().length === 2);
      const server = receiver.spans().find((s) => s.kind === SERVER);
      const inner = receiver.spans().find((s) => s.kind === INTERNAL);
      expect(inner).toMatchObject({
        name: 'compute',
        traceId: server?.traceId,
        parentSpanId: server?.spanId,
        scope: 'my-lib',
      });
      expect(injected.traceparent).toBe(`00-${inner?.traceId}-${inner?.spanId}-01`);
    } finally {
      await telemetry.shutdown(2000);
      await receiver.stop();
    }
    const after = trace.getTracer('x').startSpan('after', { kind: SpanKind.INTERNAL });
    expect(after.isRecording()).toBe(false);
  });
});
