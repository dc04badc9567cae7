import { createHash, randomUUID } from 'node:crypto';
import type { SqsEvent, SqsRecord } from '@faasade/aws-lambda';

/** One message of an {@link sqsEvent}. */
export interface SqsMessageOptions {
  /** The message id (default: a new UUID). */
  id?: string;
  /** The body; anything but a string is sent as JSON. */
  body: unknown;
  /** String message attributes. */
  attributes?: Record<string, string>;
  /** `ApproximateReceiveCount`: 1 on the first delivery. */
  deliveryCount?: number;
  /** The FIFO message group (the queue must be FIFO). */
  group?: string;
  /** The `AWSTraceHeader` system attribute (an X-Ray trace header). */
  traceHeader?: string;
  sentAt?: Date;
}

export interface SqsEventOptions {
  /** The queue's name; a name ending in `.fifo` makes a FIFO queue (default `orders`, or `orders.fifo` when a message has a group). */
  queue?: string;
  region?: string;
  accountId?: string;
}

/**
 * An SQS event as an event source mapping delivers it: one record per message, with its
 * system attributes (`ApproximateReceiveCount`, `SentTimestamp`, FIFO group and sequence),
 * String message attributes and the body's MD5.
 *
 * @example
 * ```ts
 * import { sqsEvent } from '@faasade/testing/aws';
 * const event = sqsEvent([{ id: 'm-1', body: { orderId: 'o-1' } }, { id: 'm-2', body: 'x', deliveryCount: 3 }], { queue: 'orders' });
 * event.Records[1].attributes.ApproximateReceiveCount; // '3'
 * ```
 */
export function sqsEvent(messages: readonly SqsMessageOptions[], options: SqsEventOptions = {}): SqsEvent {
  const fifo = options.queue ? options.queue.endsWith('.fifo') : messages.some((m) => m.group !== undefined);
  const queue = options.queue ?? (fifo ? 'orders.fifo' : 'orders');
  const region = options.region ?? 'us-east-1';
  const arn = `arn:aws:sqs:${region}:${options.accountId ?? '123456789012'}:${queue}`;
  let sequence = 18_849_496_460_467_696_128n;
  const Records = messages.map((m): SqsRecord & Record<string, unknown> => {
    const body = typeof m.body === 'string' ? m.body : JSON.stringify(m.body);
    const sent = (m.sentAt ?? new Date()).getTime();
    const attributes: SqsRecord['attributes'] & Record<string, string> = {
      ApproximateReceiveCount: String(m.deliveryCount ?? 1),
      SentTimestamp: String(sent),
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: String(sent + 5),
    };
    if (m.traceHeader) attributes.AWSTraceHeader = m.traceHeader;
    if (fifo) {
      attributes.MessageGroupId = m.group ?? 'default';
      attributes.MessageDeduplicationId = createHash('sha256').update(body).digest('hex');
      attributes.SequenceNumber = String((sequence += 1n));
    }
    const messageAttributes = Object.fromEntries(
      Object.entries(m.attributes ?? {}).map(([name, value]) => [
        name,
        { stringValue: value, stringListValues: [], binaryListValues: [], dataType: 'String' },
      ]),
    );
    return {
      messageId: m.id ?? randomUUID(),
      receiptHandle: `AQEB${Buffer.from(randomUUID()).toString('base64')}`,
      body,
      attributes,
      messageAttributes,
      md5OfBody: createHash('md5').update(body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: arn,
      awsRegion: region,
    };
  });
  return { Records };
}
