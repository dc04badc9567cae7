import { type MessageAttributeValue, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { OrderCreated, OrderEvents } from '@faasade/orders';

/** Options of {@link SqsOrderEvents}. */
export interface SqsOrderEventsOptions {
  /** The queue's URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
  queueUrl: string;
  /** A client of your own (region, endpoint, credentials); default `new SQSClient({})`. */
  client?: Pick<SQSClient, 'send'>;
}

/**
 * Publishes `order.created` messages to SQS with `SendMessage`: the body is the message as JSON,
 * and every attribute (the trace context, `traceparent`) becomes a String message attribute, which
 * the Lambda adapter reads back so `processOrder` continues the trace the HTTP request started.
 *
 * @example
 * ```ts
 * import { SqsOrderEvents } from '@faasade/orders-aws/publisher';
 * const events = new SqsOrderEvents({ queueUrl: process.env.QUEUE_URL! });
 * await events.publish({ type: 'order.created', orderId: 'o-1' }, { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
 * ```
 */
export class SqsOrderEvents implements OrderEvents {
  readonly queueUrl: string;
  private readonly client: Pick<SQSClient, 'send'>;

  constructor(options: SqsOrderEventsOptions) {
    this.queueUrl = options.queueUrl;
    this.client = options.client ?? new SQSClient({});
  }

  async publish(message: OrderCreated, attributes: Record<string, string>): Promise<void> {
    const messageAttributes: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of Object.entries(attributes)) {
      messageAttributes[name] = { DataType: 'String', StringValue: value };
    }
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: Object.keys(messageAttributes).length > 0 ? messageAttributes : undefined,
      }),
    );
  }
}

/**
 * What publishes when no queue is configured: every publish fails, naming the variable to set,
 * so a deployment without `QUEUE_URL` answers 500 with that reason in its log rather than
 * taking orders that are never processed.
 */
export class UnconfiguredOrderEvents implements OrderEvents {
  async publish(message: OrderCreated): Promise<void> {
    throw new Error(`QUEUE_URL is not set: cannot publish ${message.type} for order ${message.orderId}`);
  }
}
