import { SQSClient } from '@aws-sdk/client-sqs';
import { defineApp, PermanentError, type QueueMessage, queue } from '@faasade/core';
import { type LocalSqs, sqsEvent, startLocalSqs } from '@faasade/testing/aws';
import { z } from 'zod';
import { toLambda, UnsupportedEventError } from '../src';
import { captureLogs, context } from './fixtures';

const seen: QueueMessage[] = [];
const deadLettered: string[] = [];
const failing = new Set<string>();

const app = defineApp({
  service: 'orders',
  onDeadLetter: (msg) => {
    deadLettered.push(msg.id);
  },
  functions: {
    processOrder: queue(
      { queue: 'orders', maxAttempts: 3, schema: z.object({ orderId: z.string() }) },
      (msg) => {
        seen.push(msg);
        if (failing.has(msg.id)) throw new Error('payment service unavailable');
      },
    ),
    hopeless: queue({ queue: 'hopeless' }, () => {
      throw new PermanentError('order does not exist');
    }),
  },
});
const logs = captureLogs();
let sqs: LocalSqs;
let client: SQSClient;
const sqsClient = (endpoint: string) =>
  new SQSClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

beforeAll(async () => {
  sqs = await startLocalSqs();
  client = sqsClient(sqs.endpoint);
});
afterAll(() => sqs.close());
beforeEach(() => {
  seen.length = 0;
  deadLettered.length = 0;
  failing.clear();
});

const ids = (r: { batchItemFailures: { itemIdentifier: string }[] }) =>
  r.batchItemFailures.map((f) => f.itemIdentifier);

describe('SQS batches', () => {
  const { processOrder, hopeless } = toLambda(app);

  it('hands each record over as one message: body, attributes, delivery count, enqueue time, queue name', async () => {
    const sentAt = new Date('2026-11-24T10:00:00.000Z');
    const event = sqsEvent(
      [{ id: 'm-1', body: { orderId: 'o-1' }, attributes: { tenant: 'acme' }, deliveryCount: 2, sentAt }],
      {
        queue: 'orders-prod',
      },
    );
    event.Records[0].messageAttributes.weight = { dataType: 'Number.float', stringValue: '1.5' };
    event.Records[0].messageAttributes.blob = { dataType: 'Binary', binaryValue: 'AAE=' };
    expect(await processOrder(event, context())).toEqual({ batchItemFailures: [] });
    expect(seen[0]).toMatchObject({
      id: 'm-1',
      body: { orderId: 'o-1' },
      attributes: { tenant: 'acme', weight: '1.5' },
      deliveryCount: 2,
      enqueuedAt: sentAt,
      source: 'orders-prod',
    });
    expect(seen[0].attributes).not.toHaveProperty('blob');
  });

  it('reports only the failed record ids to SQS', async () => {
    failing.add('m-2');
    const event = sqsEvent(['m-1', 'm-2', 'm-3'].map((id) => ({ id, body: { orderId: id } })));
    expect(ids(await processOrder(event, context()))).toEqual(['m-2']);
    expect(seen.map((m) => m.id)).toEqual(['m-1', 'm-2', 'm-3']);
  });

  it('on a FIFO queue fails the rest of a failed message group without running it, and goes on with the other groups', async () => {
    failing.add('a-1');
    const event = sqsEvent([
      { id: 'a-1', body: { orderId: '1' }, group: 'a' },
      { id: 'b-1', body: { orderId: '2' }, group: 'b' },
      { id: 'a-2', body: { orderId: '3' }, group: 'a' },
      { id: 'b-2', body: { orderId: '4' }, group: 'b' },
    ]);
    expect(ids(await processOrder(event, context()))).toEqual(['a-1', 'a-2']);
    expect(seen.map((m) => m.id)).toEqual(['a-1', 'b-1', 'b-2']);
  });

  it('reports a record that failed its last allowed receive, for the redrive policy to move to the DLQ', async () => {
    failing.add('m-1');
    const event = sqsEvent([{ id: 'm-1', body: { orderId: 'o-1' }, deliveryCount: 3 }]);
    expect(ids(await processOrder(event, context()))).toEqual(['m-1']);
    expect(deadLettered).toEqual(['m-1']);
  });

  it('without a dead-letter queue, deletes an invalid message after the onDeadLetter hook ran and the core logged it', async () => {
    const event = sqsEvent([{ id: 'bad', body: { order: 1 } }]);
    expect(ids(await processOrder(event, context()))).toEqual([]);
    expect(deadLettered).toEqual(['bad']);
    expect(logs.records()).toContainEqual(
      expect.objectContaining({ level: 'error', messageId: 'bad', reason: 'invalid' }),
    );
  });

  it('answers a warm-up ping with an empty partial batch response', async () => {
    expect(await hopeless({ source: 'serverless-plugin-warmup' }, context())).toEqual({
      batchItemFailures: [],
    });
  });

  it('refuses an event that is not an SQS batch', async () => {
    const sns = { Records: [{ EventSource: 'aws:sns', Sns: {} }] } as never;
    await expect(processOrder(sns, context())).rejects.toThrow(UnsupportedEventError);
  });
});

describe('a dead-letter queue for invalid messages', () => {
  it('sends an invalid message there at once with its attributes, trace header and the reason, then deletes it', async () => {
    const { hopeless } = toLambda(app, {
      deadLetterQueues: { hopeless: sqs.queueUrl('hopeless-dlq') },
      sqsClient: client,
    });
    const traceHeader = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const event = sqsEvent([{ id: 'h-1', body: 'order 404', attributes: { tenant: 'acme' }, traceHeader }], {
      queue: 'hopeless',
    });
    expect(ids(await hopeless(event, context()))).toEqual([]);
    expect(sqs.messages('hopeless-dlq')).toEqual([
      expect.objectContaining({
        body: 'order 404',
        attributes: {
          tenant: 'acme',
          'faasade-message-id': 'h-1',
          'faasade-dead-letter-reason': 'invalid',
          'faasade-error': 'PermanentError: order does not exist',
        },
        systemAttributes: { AWSTraceHeader: traceHeader },
      }),
    ]);
  });

  it('keeps the message group and deduplication id on a FIFO dead-letter queue', async () => {
    const { hopeless } = toLambda(app, {
      deadLetterQueues: { hopeless: sqs.queueUrl('hopeless-dlq.fifo') },
      sqsClient: client,
    });
    const event = sqsEvent([{ id: 'h-2', body: 'x', group: 'customer-7' }], { queue: 'hopeless.fifo' });
    expect(ids(await hopeless(event, context()))).toEqual([]);
    expect(sqs.messages('hopeless-dlq.fifo')[0]).toMatchObject({
      groupId: 'customer-7',
      deduplicationId: event.Records[0].attributes.MessageDeduplicationId,
    });
  });

  it('reports the message when the dead-letter queue can not be reached, so that it is never lost', async () => {
    const unreachable = 'http://127.0.0.1:1/123456789012/hopeless-dlq';
    const { hopeless } = toLambda(app, {
      deadLetterQueues: { hopeless: unreachable },
      sqsClient: sqsClient('http://127.0.0.1:1'),
    });
    expect(ids(await hopeless(sqsEvent([{ id: 'h-3', body: 'x' }]), context()))).toEqual(['h-3']);
    expect(logs.records()).toContainEqual(
      expect.objectContaining({ level: 'error', messageId: 'h-3', queueUrl: unreachable }),
    );
  });

  it('is refused for a function that is not a queue function', () => {
    expect(() => toLambda(app, { deadLetterQueues: { nope: 'x' } as never })).toThrow(/not a queue function/);
  });
});
