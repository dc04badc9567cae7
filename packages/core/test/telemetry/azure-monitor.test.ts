import { createTelemetry, type Telemetry } from '../../src/telemetry';
import {
  type AzureMonitorReceiver,
  startAzureMonitorReceiver,
  TEST_INSTRUMENTATION_KEY,
} from './support/azure-monitor-receiver';
import { httpInfo, messageInfo, observe, remoteParent } from './support/invocations';

describe('Azure Monitor, as a local ingestion endpoint named in the connection string receives it', () => {
  let receiver: AzureMonitorReceiver;
  let telemetry: Telemetry;
  const statsbeat = process.env.APPLICATION_INSIGHTS_NO_STATSBEAT;

  beforeAll(async () => {
    // Statsbeat reports the SDK's own health to Microsoft's endpoints; nothing to do with this test.
    process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
    receiver = await startAzureMonitorReceiver();
    // Chosen by the environment alone: a connection string means Azure Monitor.
    telemetry = createTelemetry({
      env: { APPLICATIONINSIGHTS_CONNECTION_STRING: receiver.connectionString },
      onDiagnostic: () => {},
    });
  });
  afterAll(async () => {
    await telemetry.shutdown(2000);
    await receiver.stop();
    if (statsbeat === undefined) delete process.env.APPLICATION_INSIGHTS_NO_STATSBEAT;
    else process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = statsbeat;
  });

  it('sends an HTTP invocation as a Request envelope that continues the caller’s operation', async () => {
    const parent = remoteParent();
    await observe(
      telemetry,
      httpInfo({
        service: 'shop',
        cloud: 'azure',
        functionName: 'getCart',
        carrier: { traceparent: parent.traceparent },
      }),
      () => 1,
      () => ({ status: 200 }),
    );
    await receiver.waitFor((r) => r.envelopes().some((e) => e.data.baseType === 'RequestData'));
    const request = receiver.envelopes().find((e) => e.data.baseType === 'RequestData');
    expect(receiver.paths()).toContain('/v2.1/track');
    expect(request?.iKey).toBe(TEST_INSTRUMENTATION_KEY);
    expect(request?.tags).toMatchObject({
      'ai.cloud.role': 'shop',
      'ai.operation.id': parent.traceId,
      'ai.operation.parentId': parent.spanId,
      'ai.operation.name': 'GET /orders/:id',
    });
    expect(request?.data.baseData).toMatchObject({
      name: 'GET /orders/:id',
      success: true,
      responseCode: '200',
      url: 'https://api.example.com/orders/42',
      properties: expect.objectContaining({
        'faas.name': 'getCart',
        'cloud.provider': 'azure',
        'cloud.platform': 'azure.functions',
      }),
    });
  });

  it('sends a failed invocation as an unsuccessful request with its exception', async () => {
    await observe(
      telemetry,
      httpInfo({ cloud: 'azure', functionName: 'failing' }),
      () => 1,
      () => ({ status: 500, error: new TypeError('bad cart') }),
    );
    await receiver.waitFor((r) => r.envelopes().some((e) => e.data.baseType === 'ExceptionData'));
    const failed = receiver
      .envelopes()
      .find(
        (e) => e.data.baseType === 'RequestData' && e.data.baseData.properties?.['faas.name'] === 'failing',
      );
    expect(failed?.data.baseData).toMatchObject({ success: false, responseCode: '500' });
    const exception = receiver.envelopes().find((e) => e.data.baseType === 'ExceptionData');
    expect(exception?.data.baseData.exceptions[0]).toMatchObject({
      typeName: 'TypeError',
      message: 'bad cart',
    });
  });

  it('sends the FaaS metrics as metric envelopes, with their attributes as properties', async () => {
    await observe(telemetry, messageInfo({ cloud: 'azure', functionName: 'drain' }), () => 1);
    const isDrain = (name: string) => (r: AzureMonitorReceiver) =>
      r
        .envelopes()
        .some(
          (e) =>
            e.data.baseType === 'MetricData' &&
            e.data.baseData.metrics[0].name === name &&
            e.data.baseData.properties?.['faas.name'] === 'drain',
        );
    await receiver.waitFor(isDrain('faas.invocations'));
    const invocations = receiver
      .envelopes()
      .filter(
        (e) => e.data.baseType === 'MetricData' && e.data.baseData.properties?.['faas.name'] === 'drain',
      )
      .find((e) => e.data.baseData.metrics[0].name === 'faas.invocations');
    expect(invocations?.data.baseData.metrics[0]).toMatchObject({ value: 1 });
    expect(invocations?.data.baseData.properties).toEqual({
      'faas.trigger': 'pubsub',
      'faas.name': 'drain',
      'cloud.provider': 'azure',
      'faasade.outcome': 'success',
    });
    expect(isDrain('faas.invoke_duration')(receiver)).toBe(true);
  });
});
