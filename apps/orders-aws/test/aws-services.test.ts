import { type PaymentStandin, startPaymentStandin } from '@faasade/orders';
import { apiGatewayV2Event, lambdaContext, lambdaResultToResponse } from '@faasade/testing/aws';
import type { OrdersHandlers } from '../src/handlers';
import { type AwsStack, startAwsStack } from './support/aws-stack';

const MAX_ATTEMPTS = 3;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

let stack: AwsStack;
let payments: PaymentStandin;
let handlers: OrdersHandlers;

beforeAll(async () => {
  stack = await startAwsStack(MAX_ATTEMPTS);
  payments = await startPaymentStandin();
  handlers = stack.handlers({ paymentsUrl: payments.url, maxAttempts: MAX_ATTEMPTS });
}, 30_000);
afterAll(async () => {
  await payments.close();
  await stack.stop();
});

/** Calls a handler with an API Gateway HTTP API (payload 2.0) event for the request. */
async function call(
  handler: OrdersHandlers['router'],
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const event = await apiGatewayV2Event(
    new Request(`https://abc123def4.execute-api.us-east-1.amazonaws.com${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
  );
  const res = lambdaResultToResponse(await handler(event, lambdaContext({ timeoutMs: 10_000 })));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** One poll of the event source mapping: the batch to processOrder, its answer back to SQS. */
async function deliver() {
  const event = await stack.sqs.nextEvent(stack.config.queueUrl);
  const response = await handlers.processOrder(event, lambdaContext({ timeoutMs: 30_000 }));
  await stack.sqs.settle(stack.config.queueUrl, event, response);
  return { event, response };
}

describe('the AWS services (DynamoDB on dynalite, SQS on local-aws-sqs)', () => {
  it('an order placed through the Lambda handler reaches PAID when its SQS record is delivered', async () => {
    expect(
      (
        await call(handlers.restock, '/inventory/apple', {
          method: 'PUT',
          body: { available: 5, priceCents: 40 },
        })
      ).status,
    ).toBe(200);

    const placed = await call(handlers.createOrder, '/orders', {
      method: 'POST',
      body: { customer: 'ada', items: [{ sku: 'apple', quantity: 2 }] },
      headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
    });
    expect(placed.status).toBe(202);
    expect(placed.body).toMatchObject({ status: 'PENDING', amountCents: 80 });
    expect((await call(handlers.getInventory, '/inventory/apple')).body).toMatchObject({ available: 3 });

    const { event, response } = await deliver();
    expect(event.Records).toHaveLength(1);
    const [record] = event.Records;
    expect(JSON.parse(record.body)).toEqual({ type: 'order.created', orderId: placed.body.id });
    // The trace the HTTP request carried travels with the message.
    expect(record.messageAttributes.traceparent.stringValue).toMatch(
      new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`),
    );
    expect(response).toEqual({ batchItemFailures: [] });

    const order = await call(handlers.getOrder, `/orders/${placed.body.id}`);
    expect(order.body).toMatchObject({ status: 'PAID', paymentId: expect.stringMatching(/^ch_/) });
    expect((await stack.sqs.receiveEvent(stack.config.queueUrl)).Records).toEqual([]);
  }, 20_000);

  it('a redelivered message does not charge twice', async () => {
    const placed = await call(handlers.router, '/orders', {
      method: 'POST',
      body: { customer: 'bob', items: [{ sku: 'apple', quantity: 1 }] },
    });
    const event = await stack.sqs.nextEvent(stack.config.queueUrl);
    // The first delivery's answer is lost (the function timed out after charging): SQS delivers again.
    await handlers.processOrder(event, lambdaContext());
    await handlers.processOrder(event, lambdaContext());
    await stack.sqs.settle(stack.config.queueUrl, event, { batchItemFailures: [] });
    expect(payments.charges.filter((c) => c.orderId === placed.body.id)).toHaveLength(1);
    expect((await call(handlers.router, `/orders/${placed.body.id}`)).body).toMatchObject({ status: 'PAID' });
  }, 20_000);

  it('in a payment outage the queue redrives the message to its dead-letter queue and the order ends FAILED with its stock released', async () => {
    payments.configure({ outage: true });
    try {
      await call(handlers.restock, '/inventory/pear', {
        method: 'PUT',
        body: { available: 4, priceCents: 80 },
      });
      const placed = await call(handlers.createOrder, '/orders', {
        method: 'POST',
        body: { customer: 'cy', items: [{ sku: 'pear', quantity: 4 }] },
      });
      expect((await call(handlers.getInventory, '/inventory/pear')).body).toMatchObject({ available: 0 });

      const receiveCounts: string[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const { event, response } = await deliver();
        receiveCounts.push(event.Records[0].attributes.ApproximateReceiveCount);
        expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0].messageId }]);
      }
      expect(receiveCounts).toEqual(['1', '2', '3']);

      // Once its visibility timeout ends, the next receive moves it to the DLQ (redrive policy).
      const dead = await stack.sqs.nextEvent(stack.config.deadLetterQueueUrl);
      expect(dead.Records.map((r) => JSON.parse(r.body))).toEqual([
        { type: 'order.created', orderId: placed.body.id },
      ]);
      expect((await stack.sqs.receiveEvent(stack.config.queueUrl)).Records).toEqual([]);

      const order = await call(handlers.getOrder, `/orders/${placed.body.id}`);
      expect(order.body).toMatchObject({ status: 'FAILED', reason: expect.any(String) });
      expect((await call(handlers.getInventory, '/inventory/pear')).body).toMatchObject({ available: 4 });
    } finally {
      payments.configure({ outage: false });
    }
  }, 30_000);

  it('sends a message that can never succeed to the dead-letter queue at once', async () => {
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    await stack.sqs.client().send(
      new SendMessageCommand({
        QueueUrl: stack.config.queueUrl,
        MessageBody: JSON.stringify({ type: 'order.created', orderId: 'no-such-order' }),
      }),
    );
    const { event, response } = await deliver();
    expect(event.Records[0].attributes.ApproximateReceiveCount).toBe('1');
    expect(response).toEqual({ batchItemFailures: [] });
    const dead = await stack.sqs.nextEvent(stack.config.deadLetterQueueUrl);
    const sent = dead.Records.find((r) => r.body.includes('no-such-order'))!;
    expect(sent.messageAttributes['faasade-message-id'].stringValue).toBe(event.Records[0].messageId);
    expect(sent.messageAttributes['faasade-dead-letter-reason'].stringValue).toBe('invalid');
    expect(sent.messageAttributes['faasade-error'].stringValue).toContain('does not exist');
  }, 20_000);
});
