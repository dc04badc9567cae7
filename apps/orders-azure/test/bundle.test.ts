import { TableServiceClient } from '@azure/data-tables';
import { createOrdersApp, memoryServices, type PaymentStandin, startPaymentStandin } from '@faasade/orders';
import { COLLECT_ONLY, registerOrders } from '../src/register';
import { DEFAULT_ORDERS_TABLE, DEFAULT_STATE_TABLE } from '../src/settings';
import { type RunningAzurite, startAzurite } from './support/azurite';
import { type IngestionEndpoint, startIngestionEndpoint } from './support/azure-monitor';
import {
  type BundleWorker,
  buildBundle,
  type RegisteredFunction,
  rpcHttp,
  rpcQueueMetadata,
  startBundleWorker,
} from './support/bundle-worker';

const HOST = 'https://orders-func.azurewebsites.net';
let bundle: string;
let payments: PaymentStandin;

beforeAll(async () => {
  bundle = buildBundle();
  payments = await startPaymentStandin({ port: 0 });
}, 120_000);

afterAll(async () => {
  await payments?.close();
});

/** The function a span was recorded in (the `faas.name` attribute, a custom property in Application Insights). */
function functionOf(envelope: { data: { baseData: Record<string, unknown> } }): unknown {
  return (envelope.data.baseData.properties as Record<string, unknown> | undefined)?.['faas.name'];
}

function triggerOf(fn: RegisteredFunction) {
  const trigger = Object.values(fn.bindings).find((b) => b.direction === 'in' && b.type.endsWith('Trigger'));
  if (!trigger) throw new Error(`${fn.name} has no trigger`);
  return trigger;
}

async function waitForStatus(worker: BundleWorker, id: string, status: string) {
  for (let i = 0; i < 800; i++) {
    const res = await worker.invoke(
      'getOrder',
      rpcHttp('GET', `${HOST}/api/orders/${id}`, { params: { id } }),
    );
    const order = JSON.parse(res.returnValue?.http?.body ?? '{}') as { status?: string };
    if (order.status === status) return order;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`order ${id} never reached ${status}`);
}

describe('the bundle in a plain node process, on the embedded defaults', () => {
  let worker: BundleWorker;

  beforeAll(async () => {
    worker = await startBundleWorker(bundle, { PAYMENTS_URL: payments.url, FAASADE_LOG_FORMAT: 'json' });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
  });

  it('loads outside the repo and registers every function through @azure/functions, as in the source', async () => {
    expect(worker.dir.startsWith(require('node:path').resolve(__dirname, '../../..'))).toBe(false);
    const registered = await worker.functions();
    const app = createOrdersApp(
      memoryServices({ paymentsUrl: payments.url, events: { publish: async () => {} } }),
    );
    const source = registerOrders(app, { registrar: COLLECT_ONLY });
    expect(registered.map((f) => f.name)).toEqual(source.map((r) => r.name));
    for (const name of Object.keys(app.functions)) expect(registered.map((f) => f.name)).toContain(name);

    const byName = new Map(registered.map((f) => [f.name, f]));
    expect(triggerOf(byName.get('createOrder')!)).toMatchObject({
      type: 'httpTrigger',
      route: 'orders',
      methods: ['POST'],
    });
    expect(triggerOf(byName.get('getOrder')!)).toMatchObject({ type: 'httpTrigger', route: 'orders/{id}' });
    expect(triggerOf(byName.get('processOrder')!)).toMatchObject({
      type: 'queueTrigger',
      queueName: 'orders',
      connection: 'AzureWebJobsStorage',
    });
    expect(Object.values(byName.get('processOrder')!.bindings)).toContainEqual(
      expect.objectContaining({ type: 'queue', direction: 'out', queueName: 'orders-poison' }),
    );
    expect(triggerOf(byName.get('releaseStale')!)).toMatchObject({
      type: 'timerTrigger',
      schedule: '0 */5 * * * *',
    });
  });

  it('answers getInventory for a real HTTP request', async () => {
    const res = await worker.invoke(
      'getInventory',
      rpcHttp('GET', `${HOST}/api/inventory/apple`, { params: { sku: 'apple' } }),
    );
    expect(res.error).toBeUndefined();
    expect(res.returnValue?.http).toMatchObject({ statusCode: '200' });
    expect(JSON.parse(res.returnValue?.http?.body ?? '')).toEqual({
      sku: 'apple',
      available: 100,
      priceCents: 50,
    });
    const lines = res.logs.filter((l) => l.category === 'user').map((l) => JSON.parse(l.message));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatchObject({ cloud: 'azure', function: 'getInventory' });
  });

  it('places an order with createOrder and processes it to PAID through the embedded queue', async () => {
    const res = await worker.invoke(
      'createOrder',
      rpcHttp('POST', `${HOST}/api/orders`, {
        body: { customer: 'ada', items: [{ sku: 'pear', quantity: 2 }] },
      }),
    );
    expect(res.returnValue?.http).toMatchObject({
      statusCode: '202',
      headers: { 'content-type': expect.stringMatching(/json/) },
    });
    const placed = JSON.parse(res.returnValue?.http?.body ?? '') as {
      id: string;
      status: string;
      amountCents: number;
    };
    expect(placed).toMatchObject({ status: 'PENDING', amountCents: 160 });
    expect(await waitForStatus(worker, placed.id, 'PAID')).toMatchObject({
      paymentId: expect.stringMatching(/^ch_/),
    });
  });

  it('answers a validation error with the 400 body, not a host error', async () => {
    const res = await worker.invoke(
      'createOrder',
      rpcHttp('POST', `${HOST}/api/orders`, { body: { customer: 'ada' } }),
    );
    expect(res.returnValue?.http?.statusCode).toBe('400');
    expect(JSON.parse(res.returnValue?.http?.body ?? '')).toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('writes an invalid queue message to the poison output binding instead of retrying it', async () => {
    const text = JSON.stringify({ type: 'order.created', orderId: 'no-such-order' });
    const res = await worker.invoke(
      'processOrder',
      { string: text },
      { triggerMetadata: rpcQueueMetadata('m-1', 1, text) },
    );
    expect(res.error).toBeUndefined();
    expect(res.outputData).toEqual([{ name: expect.any(String), text }]);
  });

  it('throws on the last delivery of a failing message so that the host moves it to orders-poison', async () => {
    payments.configure({ outage: true });
    try {
      const placed = await worker.invoke(
        'createOrder',
        rpcHttp('POST', `${HOST}/api/orders`, {
          body: { customer: 'bob', items: [{ sku: 'plum', quantity: 1 }] },
        }),
      );
      const { id } = JSON.parse(placed.returnValue?.http?.body ?? '') as { id: string };
      const text = JSON.stringify({ type: 'order.created', orderId: id });
      const last = await worker.invoke(
        'processOrder',
        { string: text },
        { triggerMetadata: rpcQueueMetadata('m-2', 5, text) },
      );
      expect(last.error).toEqual(expect.any(String));
      expect(last.outputData).toEqual([]);
      expect(await waitForStatus(worker, id, 'FAILED')).toMatchObject({ reason: expect.any(String) });
    } finally {
      payments.configure({ outage: false });
    }
  }, 30_000);
});

describe('the bundle with APPLICATIONINSIGHTS_CONNECTION_STRING set', () => {
  let worker: BundleWorker;
  let ingestion: IngestionEndpoint;

  beforeAll(async () => {
    ingestion = await startIngestionEndpoint();
    worker = await startBundleWorker(bundle, {
      PAYMENTS_URL: payments.url,
      APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
      OTEL_LOG_LEVEL: 'error',
    });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await ingestion?.stop();
  });

  it('sends one trace from the HTTP request through the queue to the payment call, and the FaaS metrics', async () => {
    const traceId = '5af7651916cd43dd8448eb211c80319c';
    const res = await worker.invoke(
      'createOrder',
      rpcHttp('POST', `${HOST}/api/orders`, {
        body: { customer: 'eve', items: [{ sku: 'apple', quantity: 1 }] },
      }),
      { traceParent: `00-${traceId}-b7ad6b7169203331-01` },
    );
    const { id } = JSON.parse(res.returnValue?.http?.body ?? '') as { id: string };
    await waitForStatus(worker, id, 'PAID');

    const inTrace = () => ingestion.envelopes().filter((e) => e.tags?.['ai.operation.id'] === traceId);
    for (let i = 0; i < 600 && !inTrace().some((e) => e.data.baseType === 'RemoteDependencyData'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // Requests are the functions' spans (named by faas.name); the dependency is the payment call.
    const spans = inTrace().map((e) => [e.data.baseType, functionOf(e) ?? e.data.baseData.name]);
    expect(spans).toEqual(
      expect.arrayContaining([
        ['RequestData', 'createOrder'],
        ['RequestData', 'processOrder'],
        ['RemoteDependencyData', 'POST /charges'],
      ]),
    );
    // What the SLO alert rules query: customMetrics by name, split by customDimensions['faas.name'].
    const metrics = ingestion
      .envelopes()
      .filter((e) => e.data.baseType === 'MetricData')
      .flatMap((e) => (e.data.baseData.metrics as { name: string }[]).map((m) => [m.name, functionOf(e)]));
    expect(metrics).toEqual(
      expect.arrayContaining([
        ['faas.invocations', 'createOrder'],
        ['faas.invocations', 'processOrder'],
      ]),
    );
  }, 30_000);
});

describe('the bundle on its Azure services (azurite queues and tables)', () => {
  let worker: BundleWorker;
  let azurite: RunningAzurite;

  beforeAll(async () => {
    azurite = await startAzurite();
    // What main.bicep creates.
    const tables = TableServiceClient.fromConnectionString(azurite.connectionString, {
      allowInsecureConnection: true,
    });
    await Promise.all([
      azurite.queueClient('orders').create(),
      azurite.queueClient('orders-poison').create(),
      tables.createTable(DEFAULT_ORDERS_TABLE),
      tables.createTable(DEFAULT_STATE_TABLE),
    ]);
    worker = await startBundleWorker(bundle, {
      AzureWebJobsStorage: azurite.connectionString,
      PAYMENTS_URL: payments.url,
    });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await azurite?.stop();
  });

  it('stocks, places an order into the storage queue, and processes the delivered message to PAID', async () => {
    const restocked = await worker.invoke(
      'restock',
      rpcHttp('PUT', `${HOST}/api/inventory/kiwi`, {
        params: { sku: 'kiwi' },
        body: { available: 5, priceCents: 30 },
      }),
    );
    expect(JSON.parse(restocked.returnValue?.http?.body ?? '')).toEqual({
      sku: 'kiwi',
      available: 5,
      priceCents: 30,
    });

    const created = await worker.invoke(
      'createOrder',
      rpcHttp('POST', `${HOST}/api/orders`, {
        body: { customer: 'ada', items: [{ sku: 'kiwi', quantity: 2 }] },
      }),
    );
    expect(created.returnValue?.http?.statusCode).toBe('202');
    const { id } = JSON.parse(created.returnValue?.http?.body ?? '') as { id: string };
    const stock = await worker.invoke(
      'getInventory',
      rpcHttp('GET', `${HOST}/api/inventory/kiwi`, { params: { sku: 'kiwi' } }),
    );
    expect(JSON.parse(stock.returnValue?.http?.body ?? '')).toMatchObject({ available: 3 });

    // The host: receive from the queue, decode base64, hand the text to the worker.
    const [message] = (await azurite.queueClient('orders').receiveMessages()).receivedMessageItems;
    const text = Buffer.from(message.messageText, 'base64').toString('utf8');
    expect(JSON.parse(text)).toMatchObject({ type: 'order.created', orderId: id });
    const processed = await worker.invoke(
      'processOrder',
      { string: text },
      { triggerMetadata: rpcQueueMetadata(message.messageId, message.dequeueCount, text) },
    );
    expect(processed.error).toBeUndefined();
    expect(processed.outputData).toEqual([]);

    const order = await worker.invoke(
      'getOrder',
      rpcHttp('GET', `${HOST}/api/orders/${id}`, { params: { id } }),
    );
    expect(JSON.parse(order.returnValue?.http?.body ?? '')).toMatchObject({ id, status: 'PAID' });
    expect(payments.charges.filter((c) => c.orderId === id)).toHaveLength(1);
  }, 30_000);

  it('answers 409 for an order the stock cannot cover, and reserves nothing', async () => {
    const res = await worker.invoke(
      'createOrder',
      rpcHttp('POST', `${HOST}/api/orders`, {
        body: { customer: 'ada', items: [{ sku: 'kiwi', quantity: 50 }] },
      }),
    );
    expect(res.returnValue?.http?.statusCode).toBe('409');
    const stock = await worker.invoke(
      'getInventory',
      rpcHttp('GET', `${HOST}/api/inventory/kiwi`, { params: { sku: 'kiwi' } }),
    );
    expect(JSON.parse(stock.returnValue?.http?.body ?? '')).toMatchObject({ available: 3 });
  });
});
