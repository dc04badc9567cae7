import { createTelemetry, type Telemetry } from '../../src/telemetry';
import { httpInfo, observe, remoteParent } from './support/invocations';
import { type OtlpReceiver, startOtlpReceiver } from './support/otlp-receiver';

const SERVER = 2;
const STATUS_UNSET = 0;
const STATUS_ERROR = 2;

describe('the HTTP invocation span, as an OTLP collector receives it', () => {
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

  it('names an HTTP span "METHOD route", kind SERVER, with the FaaS, cloud and HTTP server attributes', async () => {
    const info = httpInfo({
      coldStart: true,
      platform: {
        region: 'eu-west-1',
        version: '7',
        maxMemoryBytes: 536870912,
        resourceId: 'arn:aws:lambda:eu-west-1:1:function:getOrder',
        accountId: '1',
      },
      http: {
        method: 'get',
        route: '/orders/:id',
        path: '/orders/42',
        query: 'verbose=1',
        scheme: 'https',
        host: 'api.example.com:8443',
        userAgent: 'curl/8',
        clientAddress: '203.0.113.9',
      },
    });
    await observe(
      telemetry,
      info,
      () => 'ok',
      () => ({ status: 200 }),
    );
    const span = await onlySpan();
    expect(span.name).toBe('GET /orders/:id');
    expect(span.kind).toBe(SERVER);
    expect(span.status.code).toBe(STATUS_UNSET);
    expect(span.scope).toBe('@faasade/core');
    expect(span.resource['service.name']).toBe('orders');
    expect(span.attributes).toEqual({
      'faas.trigger': 'http',
      'faas.invocation.id': info.invocationId,
      'faas.invocation_id': info.invocationId,
      'faas.coldstart': true,
      'faas.name': 'getOrder',
      'faas.version': '7',
      'faas.max_memory': 536870912,
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_lambda',
      'cloud.region': 'eu-west-1',
      'cloud.resource_id': 'arn:aws:lambda:eu-west-1:1:function:getOrder',
      'cloud.account.id': '1',
      'http.request.method': 'GET',
      'http.route': '/orders/:id',
      'url.path': '/orders/42',
      'url.query': 'verbose=1',
      'url.scheme': 'https',
      'server.address': 'api.example.com',
      'server.port': 8443,
      'user_agent.original': 'curl/8',
      'client.address': '203.0.113.9',
      'http.response.status_code': 200,
    });
  });

  it('spells cloud.platform the way semconv does on each cloud', async () => {
    await observe(telemetry, httpInfo({ cloud: 'azure' }), () => 1);
    await observe(telemetry, httpInfo({ cloud: 'gcp' }), () => 1);
    await receiver.waitFor((r) => r.spans().length === 2);
    expect(
      receiver.spans().map((s) => [s.attributes['cloud.provider'], s.attributes['cloud.platform']]),
    ).toEqual([
      ['azure', 'azure.functions'],
      ['gcp', 'gcp_cloud_functions'],
    ]);
  });

  it('continues the caller’s trace from traceparent and tracestate', async () => {
    const parent = remoteParent();
    const { traceIds } = await observe(
      telemetry,
      httpInfo({ carrier: { traceparent: parent.traceparent, tracestate: 'vendor=abc' } }),
      () => 1,
    );
    const span = await onlySpan();
    expect(span.traceId).toBe(parent.traceId);
    expect(span.parentSpanId).toBe(parent.spanId);
    expect(span.traceState).toBe('vendor=abc');
    expect(traceIds).toEqual({ traceId: span.traceId, spanId: span.spanId, sampled: true });
  });

  it('starts a new trace when the carrier holds no valid traceparent', async () => {
    await observe(
      telemetry,
      httpInfo({ carrier: { traceparent: '00-00000000000000000000000000000000-b7ad6b7169203331-01' } }),
      () => 1,
    );
    const span = await onlySpan();
    expect(span.parentSpanId).toBeUndefined();
    expect(span.traceId).not.toBe('00000000000000000000000000000000');
  });

  it('does not mark a 4xx as an error span', async () => {
    await observe(
      telemetry,
      httpInfo(),
      () => 1,
      () => ({ status: 404 }),
    );
    const span = await onlySpan();
    expect(span.status.code).toBe(STATUS_UNSET);
    expect(span.attributes['http.response.status_code']).toBe(404);
    expect(span.attributes['error.type']).toBeUndefined();
  });

  it('marks a 5xx as an error span with error.type set to the status code', async () => {
    await observe(
      telemetry,
      httpInfo(),
      () => 1,
      () => ({ status: 503 }),
    );
    const span = await onlySpan();
    expect(span.status.code).toBe(STATUS_ERROR);
    expect(span.attributes['error.type']).toBe('503');
  });

  it('records a thrown error as an exception event with status ERROR', async () => {
    class PaymentDeclinedError extends Error {
      override name = 'PaymentDeclinedError';
    }
    await observe(
      telemetry,
      httpInfo(),
      () => {
        throw new PaymentDeclinedError('card declined');
      },
      (r) => ({ status: 500, error: r.error }),
    );
    const span = await onlySpan();
    expect(span.status).toEqual({ code: STATUS_ERROR, message: 'card declined' });
    expect(span.attributes['error.type']).toBe('PaymentDeclinedError');
    expect(span.events).toEqual([
      {
        name: 'exception',
        attributes: expect.objectContaining({
          'exception.type': 'PaymentDeclinedError',
          'exception.message': 'card declined',
        }),
      },
    ]);
  });

  it('marks a timed-out invocation as an error of type timeout', async () => {
    await observe(
      telemetry,
      httpInfo(),
      () => 1,
      () => ({ status: 504, timedOut: true }),
    );
    const span = await onlySpan();
    expect(span.status).toEqual({ code: STATUS_ERROR, message: 'invocation timed out' });
    expect(span.attributes['error.type']).toBe('timeout');
  });

  it('sends no span for an unsampled caller but still hands out its trace ids for the logs', async () => {
    const parent = remoteParent(false);
    const { traceIds } = await observe(
      telemetry,
      httpInfo({ carrier: { traceparent: parent.traceparent } }),
      () => 1,
    );
    expect(traceIds).toEqual({
      traceId: parent.traceId,
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      sampled: false,
    });
    // A sampled invocation afterwards is the only one the collector sees.
    await observe(telemetry, httpInfo(), () => 1);
    await receiver.waitFor((r) => r.spans().length === 1);
    expect(receiver.spans()[0].traceId).not.toBe(parent.traceId);
  });

  it('ends each span once, whatever the runtime does', async () => {
    const observation = telemetry.start(httpInfo());
    observation.end({ status: 200 });
    observation.end({ status: 500 });
    await telemetry.flush(5000);
    const span = await onlySpan();
    expect(span.attributes['http.response.status_code']).toBe(200);
  });
});
