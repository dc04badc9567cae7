import type { LambdaSqsHandler, SqsEvent } from '@faasade/aws-lambda';
import { memoryServices, type PaymentStandin, startPaymentStandin } from '@faasade/orders';
import { ordersHandlers } from '../src/handlers';
import { serveHttpApi } from '../src/local-http';
import { LocalSqsQueue } from '../src/local-queue';

/** A queue whose consumer records each batch and answers as `answer` says. */
function queueWith(
  answer: (event: SqsEvent, call: number) => ReturnType<LambdaSqsHandler>,
  maxReceiveCount = 3,
) {
  const batches: SqsEvent[] = [];
  const queue = new LocalSqsQueue({
    name: 'orders',
    functionName: 'processOrder',
    maxReceiveCount,
    redeliveryDelayMs: 10,
    consume: async (event) => {
      batches.push(event as SqsEvent);
      return answer(event as SqsEvent, batches.length);
    },
  });
  return { queue, batches };
}

const receiveCounts = (batches: SqsEvent[]) =>
  batches.map((b) => b.Records.map((r) => r.attributes.ApproximateReceiveCount));

describe('LocalSqsQueue', () => {
  it('delivers messages published together in batches of up to 10, as SQS records', async () => {
    const { queue, batches } = queueWith(async () => ({ batchItemFailures: [] }));
    for (let i = 0; i < 12; i++) {
      await queue.publish({ type: 'order.created', orderId: `o-${i}` }, { traceparent: `t-${i}` });
    }
    expect(queue.pending()).toBe(12);
    await queue.idle();
    expect(batches.map((b) => b.Records.length)).toEqual([10, 2]);
    const record = batches[0].Records[0];
    expect(record).toMatchObject({
      body: JSON.stringify({ type: 'order.created', orderId: 'o-0' }),
      eventSource: 'aws:sqs',
      eventSourceARN: expect.stringMatching(/:orders$/),
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: { traceparent: expect.objectContaining({ stringValue: 't-0', dataType: 'String' }) },
    });
    expect(queue.pending()).toBe(0);
    expect(queue.deadLettered()).toEqual([]);
    await queue.close();
  });

  it('receives a record named in batchItemFailures again with ApproximateReceiveCount + 1, then moves it to the DLQ', async () => {
    const { queue, batches } = queueWith(async (event) => ({
      batchItemFailures: event.Records.filter((r) => r.body.includes('bad')).map((r) => ({
        itemIdentifier: r.messageId,
      })),
    }));
    const good = queue.send('good');
    const bad = queue.send('bad', { traceparent: 't' });
    await queue.idle();
    expect(receiveCounts(batches)).toEqual([['1', '1'], ['2'], ['3']]);
    expect(batches.flatMap((b) => b.Records.map((r) => r.messageId))).toEqual([good, bad, bad, bad]);
    expect(queue.deadLettered()).toEqual([
      { id: bad, body: 'bad', reason: 'received 3 times (maxReceiveCount 3)' },
    ]);
    await queue.close();
  });

  it('receives the whole batch again when the handler throws, or names a record that is not in the batch', async () => {
    for (const answer of [
      async (): Promise<never> => {
        throw new Error('crashed');
      },
      async () => ({ batchItemFailures: [{ itemIdentifier: '' }] }),
    ]) {
      const { queue, batches } = queueWith((_event, call) =>
        call === 1 ? answer() : Promise.resolve({ batchItemFailures: [] }),
      );
      const error = jest.spyOn(console, 'error').mockImplementation(() => {});
      queue.send('a');
      queue.send('b');
      await queue.idle();
      error.mockRestore();
      expect(receiveCounts(batches)).toEqual([
        ['1', '1'],
        ['2', '2'],
      ]);
      expect(queue.deadLettered()).toEqual([]);
      await queue.close();
    }
  });

  it('drops what is waiting on close and refuses new messages', async () => {
    const { queue } = queueWith(
      async (event) => ({
        batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })),
      }),
      100,
    );
    queue.send('retried forever');
    const idle = queue.idle();
    await queue.close();
    await idle;
    expect(queue.pending()).toBe(0);
    expect(() => queue.send('late')).toThrow('The local queue orders is closed');
  });
});

describe('LocalSqsQueue with the orders app', () => {
  let payments: PaymentStandin;
  beforeAll(async () => {
    payments = await startPaymentStandin();
  });
  afterAll(() => payments.close());

  function wire() {
    const batches: SqsEvent[] = [];
    const queue: LocalSqsQueue = new LocalSqsQueue({
      name: 'orders',
      functionName: 'processOrder',
      maxReceiveCount: 5,
      redeliveryDelayMs: 10,
      consume: (event, context) => {
        batches.push(event as SqsEvent);
        return handlers.processOrder(event, context);
      },
    });
    const handlers = ordersHandlers(memoryServices({ paymentsUrl: payments.url, events: queue }), {
      deadLetterQueueUrl: 'http://127.0.0.1/000000000000/orders-dlq',
      deadLetterSender: queue.deadLetterSender,
    });
    return { queue, handlers, batches };
  }

  it('dead-letters a message that can never succeed at once, through the adapter, with its reason', async () => {
    const { queue } = wire();
    const id = queue.send(JSON.stringify({ type: 'order.created', orderId: 'no-such-order' }));
    await queue.idle();
    expect(queue.deadLettered()).toEqual([
      {
        id,
        body: JSON.stringify({ type: 'order.created', orderId: 'no-such-order' }),
        reason: 'invalid: PermanentError: Order no-such-order does not exist',
      },
    ]);
    expect(payments.requests).toBe(0);
    await queue.close();
  });

  it('carries the trace of the HTTP request to processOrder as the traceparent message attribute', async () => {
    const { queue, handlers, batches } = wire();
    const api = await serveHttpApi(handlers.router);
    try {
      const res = await fetch(`${api.url}/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        },
        body: JSON.stringify({ customer: 'ada', items: [{ sku: 'apple', quantity: 1 }] }),
      });
      expect(res.status).toBe(202);
      await queue.idle();
      expect(batches[0].Records[0].messageAttributes.traceparent.stringValue).toMatch(
        /^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/,
      );
    } finally {
      await api.close();
      await queue.close();
    }
  });
});
