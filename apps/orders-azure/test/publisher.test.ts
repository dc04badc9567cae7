import { HttpRequest } from '@azure/functions';
import type { QueueClient } from '@azure/storage-queue';
import type { AzureRegistration } from '@faasade/azure-functions';
import { parseTraceparent } from '@faasade/core';
import { createOrdersApp, memoryServices, type PaymentStandin, startPaymentStandin } from '@faasade/orders';
import { type AzureLogEntry, azureInvocationContext } from '@faasade/testing/azure';
import { StorageQueueOrderEvents } from '../src/publisher';
import { COLLECT_ONLY, registerOrders } from '../src/register';
import { startAzurite, type RunningAzurite } from './support/azurite';

let azurite: RunningAzurite;
let payments: PaymentStandin;

beforeAll(async () => {
  [azurite, payments] = await Promise.all([startAzurite(), startPaymentStandin({ port: 0 })]);
});

afterAll(async () => {
  await Promise.all([azurite?.stop(), payments?.close()]);
});

let queueCount = 0;
async function newQueue(): Promise<{ name: string; client: QueueClient }> {
  const name = `orders${++queueCount}`;
  const client = azurite.queueClient(name);
  await client.create();
  return { name, client };
}

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('StorageQueueOrderEvents (on azurite)', () => {
  it('sends the message as base64 JSON with the trace context in the body', async () => {
    const { name, client } = await newQueue();
    const events = new StorageQueueOrderEvents({
      connectionString: azurite.connectionString,
      queueName: name,
    });
    expect(events.queueName).toBe(name);

    await events.publish({ type: 'order.created', orderId: 'o-1' }, { traceparent: TRACEPARENT });

    const [received] = (await client.receiveMessages()).receivedMessageItems;
    expect(received.messageText).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(JSON.parse(Buffer.from(received.messageText, 'base64').toString('utf8'))).toEqual({
      type: 'order.created',
      orderId: 'o-1',
      traceparent: TRACEPARENT,
    });
  });

  it('leaves the trace field out when the invocation has no trace', async () => {
    const { name, client } = await newQueue();
    const events = new StorageQueueOrderEvents({ client: azurite.queueClient(name) });
    await events.publish({ type: 'order.created', orderId: 'o-2' }, {});
    const [received] = (await client.receiveMessages()).receivedMessageItems;
    expect(JSON.parse(Buffer.from(received.messageText, 'base64').toString('utf8'))).toEqual({
      type: 'order.created',
      orderId: 'o-2',
    });
  });

  it('fails the publish when the queue does not exist, so createOrder does not answer 202', async () => {
    const events = new StorageQueueOrderEvents({
      connectionString: azurite.connectionString,
      queueName: 'absent',
    });
    await expect(events.publish({ type: 'order.created', orderId: 'o-3' }, {})).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('carries an order from createOrder to processOrder as the host would deliver it, trace included', async () => {
    const { name, client } = await newQueue();
    const events = new StorageQueueOrderEvents({
      connectionString: azurite.connectionString,
      queueName: name,
    });
    const app = createOrdersApp(memoryServices({ paymentsUrl: payments.url, events }));
    const registrations = registerOrders(app, { registrar: COLLECT_ONLY });
    const http = byName(registrations, 'createOrder', 'http');
    const consumer = byName(registrations, 'processOrder', 'storageQueue');

    const request = new HttpRequest({
      method: 'POST',
      url: 'https://orders.azurewebsites.net/api/orders',
      headers: { 'content-type': 'application/json' },
      body: { string: JSON.stringify({ customer: 'ada', items: [{ sku: 'apple', quantity: 2 }] }) },
    });
    const requestContext = azureInvocationContext({ functionName: 'createOrder', traceParent: TRACEPARENT });
    const created = await http.handler(request, requestContext);
    expect(created.status).toBe(202);
    const order = JSON.parse(String(created.body)) as { id: string };

    // The host: dequeue, decode base64 (messageEncoding), and the worker parses the JSON.
    const [received] = (await client.receiveMessages()).receivedMessageItems;
    const entry = JSON.parse(Buffer.from(received.messageText, 'base64').toString('utf8'));
    const logs: AzureLogEntry[] = [];
    const queueContext = azureInvocationContext({
      functionName: 'processOrder',
      logs,
      traceParent: '00-11111111111111111111111111111111-2222222222222222-01',
      triggerMetadata: {
        id: received.messageId,
        dequeueCount: received.dequeueCount,
        insertionTime: received.insertedOn.toISOString(),
      },
    });
    await consumer.handler(entry, queueContext);

    // The queue invocation continued the HTTP request's trace, not the host's new one.
    const traceIds = logs.map((line) => (JSON.parse(line.message) as { traceId?: string }).traceId);
    expect(traceIds.length).toBeGreaterThan(0);
    expect(new Set(traceIds)).toEqual(new Set([parseTraceparent(TRACEPARENT)?.traceId]));
    const read = await byName(registrations, 'getOrder', 'http').handler(
      new HttpRequest({
        method: 'GET',
        url: `https://orders.azurewebsites.net/api/orders/${order.id}`,
        params: { id: order.id },
      }),
      azureInvocationContext({ functionName: 'getOrder' }),
    );
    expect(JSON.parse(String(read.body))).toMatchObject({ id: order.id, status: 'PAID' });
    expect(payments.charges.map((c) => c.orderId)).toContain(order.id);
  });
});

function byName<K extends AzureRegistration['kind']>(list: AzureRegistration[], name: string, kind: K) {
  const found = list.find((r) => r.name === name);
  if (found?.kind !== kind) throw new Error(`${name} is not a ${kind} registration`);
  return found as Extract<AzureRegistration, { kind: K }>;
}
