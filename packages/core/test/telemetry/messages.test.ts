import { createTelemetry, type Telemetry } from '../../src/telemetry';
import { httpInfo, messageInfo, observe, remoteParent } from './support/invocations';
import { type OtlpReceiver, startOtlpReceiver } from './support/otlp-receiver';

const SERVER = 2;
const CONSUMER = 5;

describe('message and timer invocation spans, as an OTLP collector receives them', () => {
  let receiver: OtlpReceiver;
  let telemetry: Telemetry;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    telemetry = createTelemetry({
      service: 'orders',
      otlp: { endpoint: receiver.endpoint },
      metrics: { exporter: 'none' },
    });
  });
  afterEach(() => receiver.reset());
  afterAll(async () => {
    await telemetry.shutdown(2000);
    await receiver.stop();
  });

  async function onlySpan() {
    await receiver.waitFor((r) => r.spans().length === 1);
    return receiver.spans()[0];
  }

  it('makes a message span CONSUMER, child of the message’s own context and linked to it', async () => {
    const parent = remoteParent();
    await observe(telemetry, messageInfo({ carrier: { traceparent: parent.traceparent } }), () => 1);
    const span = await onlySpan();
    expect(span.name).toBe('processOrder');
    expect(span.kind).toBe(CONSUMER);
    expect(span.traceId).toBe(parent.traceId);
    expect(span.parentSpanId).toBe(parent.spanId);
    expect(span.links).toEqual([{ traceId: parent.traceId, spanId: parent.spanId, attributes: {} }]);
    expect(span.attributes).toMatchObject({
      'messaging.system': 'aws_sqs',
      'messaging.destination.name': 'orders',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'faas.trigger': 'pubsub',
    });
  });

  it('gives each message of a batch its own parent: none is parented to the first', async () => {
    const parents = [remoteParent(), remoteParent(), remoteParent()];
    for (const p of parents)
      await observe(telemetry, messageInfo({ carrier: { traceparent: p.traceparent } }), () => 1);
    await receiver.waitFor((r) => r.spans().length === 3);
    const spans = receiver.spans();
    expect(spans.map((s) => [s.traceId, s.parentSpanId])).toEqual(parents.map((p) => [p.traceId, p.spanId]));
    expect(spans.map((s) => s.links[0].spanId)).toEqual(parents.map((p) => p.spanId));
  });

  it('reports the delivery count where semconv has an attribute for the messaging system', async () => {
    await observe(
      telemetry,
      messageInfo({
        messaging: { system: 'servicebus', destination: 'q', messageId: 'a', deliveryCount: 3 },
      }),
      () => 1,
    );
    await observe(
      telemetry,
      messageInfo({
        messaging: { system: 'gcp_pubsub', destination: 't', messageId: 'b', deliveryCount: 2 },
      }),
      () => 1,
    );
    await receiver.waitFor((r) => r.spans().length === 2);
    const [bus, pubsub] = receiver.spans();
    expect(bus.attributes['azure.servicebus.message.delivery_count']).toBe(3);
    expect(pubsub.attributes['gcp.pubsub.message.delivery_attempt']).toBe(2);
  });

  it('names a timer span after the function, kind SERVER, as a root span', async () => {
    await observe(
      telemetry,
      { ...httpInfo(), http: undefined, trigger: 'timer', functionName: 'releaseStale' },
      () => 1,
    );
    const span = await onlySpan();
    expect([span.name, span.kind, span.parentSpanId]).toEqual(['releaseStale', SERVER, undefined]);
  });
});
