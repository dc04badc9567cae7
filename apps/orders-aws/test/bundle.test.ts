import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { ApiGatewayV2Result, SqsBatchResponse } from '@faasade/aws-lambda';
import { type PaymentStandin, startPaymentStandin } from '@faasade/orders';
import { apiGatewayV2Event, scheduledEvent, sqsEvent } from '@faasade/testing/aws';
import { type AwsStack, startAwsStack } from './support/aws-stack';
import { type BundleProcess, startBundle } from './support/bundle-process';

const app = path.resolve(__dirname, '..');
const bundleDir = path.join(app, 'bundle');
const HANDLERS = [
  'createOrder',
  'getInventory',
  'getOrder',
  'processOrder',
  'releaseStale',
  'restock',
  'router',
];

beforeAll(async () => {
  // In its own process: esbuild's JS API does not run inside jest's sandbox.
  await promisify(execFile)(process.execPath, [path.join(app, 'build.js')], { cwd: app });
}, 60_000);

/** API Gateway answers with the body as text; the app's bodies are JSON. */
function bodyOf(result: ApiGatewayV2Result): unknown {
  return JSON.parse(result.body ?? 'null');
}

describe('the bundle on embedded defaults (no configuration)', () => {
  let bundle: BundleProcess;
  beforeAll(async () => {
    bundle = await startBundle(bundleDir, {});
  });
  afterAll(() => bundle.stop());

  it('loads outside the repository and exports a handler per function plus the router', () => {
    expect(bundle.exports).toEqual(HANDLERS);
  });

  it('answers an API Gateway HTTP API event from the in-memory sample stock, with its metrics as EMF', async () => {
    const event = apiGatewayV2Event({ method: 'GET', path: '/inventory/apple' });
    const result = await bundle.invoke<ApiGatewayV2Result>('getInventory', event);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    expect(bodyOf(result)).toEqual({ sku: 'apple', available: 100, priceCents: 50 });

    const emf = bundle
      .stdout()
      .split('\n')
      .filter((line) => line.includes('"CloudWatchMetrics"'))
      .map((line) => JSON.parse(line));
    const invocations = emf.find((line) => line['faas.invocations'] !== undefined);
    expect(invocations).toMatchObject({ 'faas.name': 'getInventory', 'cloud.provider': 'aws' });
    expect(invocations._aws.CloudWatchMetrics).toContainEqual(
      expect.objectContaining({ Namespace: 'orders', Dimensions: expect.arrayContaining([['faas.name']]) }),
    );
  });

  it('answers the router with the core error shape for an unknown SKU', async () => {
    const result = await bundle.invoke<ApiGatewayV2Result>(
      'router',
      apiGatewayV2Event({ method: 'GET', path: '/inventory/durian' }),
    );
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'SKU_NOT_FOUND' } });
  });

  it('answers an SQS event: a message for an order that does not exist is dropped, not retried', async () => {
    const event = sqsEvent([{ id: 'm-1', body: { type: 'order.created', orderId: 'no-such-order' } }]);
    expect(await bundle.invoke<SqsBatchResponse>('processOrder', event, 30_000)).toEqual({
      batchItemFailures: [],
    });
    expect(bundle.stdout()).toContain('message dead-lettered');
  });

  it('reports a record that fails validation, with no dead-letter queue configured, as handled', async () => {
    const event = sqsEvent([{ id: 'm-2', body: { type: 'order.cancelled' } }]);
    expect(await bundle.invoke<SqsBatchResponse>('processOrder', event, 30_000)).toEqual({
      batchItemFailures: [],
    });
  });

  it('runs the schedule on an EventBridge Scheduler event', async () => {
    await expect(
      bundle.invoke('releaseStale', scheduledEvent({ scheduler: true }), 60_000),
    ).resolves.toBeUndefined();
    expect(bundle.stdout()).toContain('released stale reservations');
  });
});

describe('the bundle configured for AWS (DynamoDB on dynalite, SQS on local-aws-sqs, through the AWS_ENDPOINT_URL_* variables)', () => {
  let stack: AwsStack;
  let payments: PaymentStandin;
  let bundle: BundleProcess;
  beforeAll(async () => {
    stack = await startAwsStack(5);
    payments = await startPaymentStandin();
    bundle = await startBundle(bundleDir, {
      ORDERS_TABLE: stack.config.tables.orders,
      INVENTORY_TABLE: stack.config.tables.inventory,
      STATE_TABLE: stack.config.tables.state,
      QUEUE_URL: stack.config.queueUrl,
      DEAD_LETTER_QUEUE_URL: stack.config.deadLetterQueueUrl,
      PAYMENTS_URL: payments.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: stack.dynalite.endpoint,
      AWS_ENDPOINT_URL_SQS: stack.sqs.endpoint,
    });
  }, 30_000);
  afterAll(async () => {
    await bundle.stop();
    await payments.close();
    await stack.stop();
  });

  it('places an order in DynamoDB, sends its message to SQS, and processes it to PAID', async () => {
    const restock = await bundle.invoke<ApiGatewayV2Result>(
      'restock',
      apiGatewayV2Event({
        method: 'PUT',
        path: '/inventory/fig',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ available: 3, priceCents: 70 }),
      }),
    );
    expect(restock.statusCode).toBe(200);

    const placed = await bundle.invoke<ApiGatewayV2Result>(
      'createOrder',
      apiGatewayV2Event({
        method: 'POST',
        path: '/orders',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer: 'ada', items: [{ sku: 'fig', quantity: 3 }] }),
      }),
    );
    expect(placed.statusCode).toBe(202);
    const { id } = bodyOf(placed) as { id: string };

    const event = await stack.sqs.nextEvent(stack.config.queueUrl);
    expect(JSON.parse(event.Records[0].body)).toEqual({ type: 'order.created', orderId: id });
    const response = await bundle.invoke<SqsBatchResponse>('processOrder', event, 30_000);
    expect(response).toEqual({ batchItemFailures: [] });

    const order = await bundle.invoke<ApiGatewayV2Result>(
      'getOrder',
      apiGatewayV2Event({ path: `/orders/${id}` }),
    );
    expect(bodyOf(order)).toMatchObject({ id, status: 'PAID', amountCents: 210 });
    const stock = await bundle.invoke<ApiGatewayV2Result>(
      'getInventory',
      apiGatewayV2Event({ path: '/inventory/fig' }),
    );
    expect(bodyOf(stock)).toEqual({ sku: 'fig', available: 0, priceCents: 70 });
  }, 20_000);
});
