import type { OrderCreated, OrderEvents } from '@faasade/orders';
import { QueueClient, type StoragePipelineOptions } from '@azure/storage-queue';
import { TRACEPARENT_FIELD } from './trace';

/** Options of a {@link StorageQueueOrderEvents}: a queue client, or a connection string and a queue. */
export type StorageQueueOrderEventsOptions =
  | { client: QueueClient }
  | { connectionString: string; queueName: string; pipelineOptions?: StoragePipelineOptions };

/**
 * The text of the storage queue message for `order.created`, as the Functions host reads it with
 * its default `messageEncoding` (`base64`, host.json `extensions.queues`): the message as JSON,
 * with the trace context the app hands over as its `traceparent` field, base64-encoded.
 *
 * @example
 * ```ts
 * import { queueMessageText } from '@faasade/orders-azure/dist/publisher';
 * const text = queueMessageText({ type: 'order.created', orderId: 'o-1' }, {});
 * Buffer.from(text, 'base64').toString(); // '{"type":"order.created","orderId":"o-1"}'
 * ```
 */
export function queueMessageText(message: OrderCreated, attributes: Record<string, string>): string {
  const traceparent = attributes[TRACEPARENT_FIELD];
  const body = traceparent ? { ...message, [TRACEPARENT_FIELD]: traceparent } : message;
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64');
}

/**
 * Publishes `order.created` to an Azure Storage queue, the one `processOrder`'s queue trigger
 * reads. The body is the message as JSON, base64-encoded as the Functions host expects; the
 * trace context travels in the body as `traceparent` (storage queue messages have no
 * attributes), where the adapter's queue handler picks it up (`bodyTraceCarrier` of
 * `@faasade/azure-functions`).
 *
 * @example
 * ```ts
 * import { StorageQueueOrderEvents } from '@faasade/orders-azure/dist/publisher';
 * const events = new StorageQueueOrderEvents({
 *   connectionString: process.env.AzureWebJobsStorage!,
 *   queueName: 'orders',
 * });
 * await events.publish({ type: 'order.created', orderId: 'o-1' }, {});
 * ```
 */
export class StorageQueueOrderEvents implements OrderEvents {
  private readonly client: QueueClient;

  constructor(options: StorageQueueOrderEventsOptions) {
    this.client =
      'client' in options
        ? options.client
        : new QueueClient(options.connectionString, options.queueName, options.pipelineOptions);
  }

  /** The queue messages go to. */
  get queueName(): string {
    return this.client.name;
  }

  async publish(message: OrderCreated, attributes: Record<string, string>): Promise<void> {
    await this.client.sendMessage(queueMessageText(message, attributes));
  }
}
