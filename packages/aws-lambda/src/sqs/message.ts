import type { MessageInput } from '@faasade/core';
import { messageCarrier } from '../trace';
import type { SqsMessageAttribute, SqsRecord } from '../types';

/** The queue's name, the last part of its ARN (`orders.fifo` for `arn:aws:sqs:eu-west-1:1:orders.fifo`). */
export function queueName(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/** True for a FIFO queue, whose messages must stay in order within their group. */
export function isFifoQueue(arn: string): boolean {
  return arn.endsWith('.fifo');
}

/** String and Number message attributes (custom types such as `Number.float` too); binary ones stay in the raw record. */
export function attributesOf(
  attributes: Record<string, SqsMessageAttribute> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!attributes) return out;
  for (const name in attributes) {
    const { dataType, stringValue } = attributes[name];
    const textual = dataType.startsWith('String') || dataType.startsWith('Number');
    if (stringValue !== undefined && textual) out[name] = stringValue;
  }
  return out;
}

/**
 * One SQS record as the runtime's message: `ApproximateReceiveCount` is the delivery count,
 * `SentTimestamp` the enqueue time, the queue's name the source, and the record's own trace
 * context (its `traceparent` attribute or its `AWSTraceHeader`) the carrier.
 */
export function toMessageInput(record: SqsRecord): MessageInput {
  const sent = Number(record.attributes.SentTimestamp);
  return {
    id: record.messageId,
    text: record.body,
    attributes: attributesOf(record.messageAttributes),
    deliveryCount: Number(record.attributes.ApproximateReceiveCount) || 1,
    enqueuedAt: sent > 0 ? new Date(sent) : undefined,
    source: queueName(record.eventSourceARN),
    carrier: messageCarrier(record),
    system: 'aws_sqs',
  };
}
