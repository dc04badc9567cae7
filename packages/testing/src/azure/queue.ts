import { randomUUID } from 'node:crypto';
import type { TriggerMetadata } from '@azure/functions';

/** What a queue function receives: the trigger input and the context's trigger metadata. */
export interface AzureQueueDelivery {
  /** The message as the worker hands it to the handler: parsed when it is JSON, else the text. */
  entry: unknown;
  triggerMetadata: TriggerMetadata;
}

export interface StorageQueueMessageInit {
  id?: string;
  /** 1 on the first delivery. */
  dequeueCount?: number;
  insertionTime?: Date;
}

/**
 * A storage queue delivery: the body (objects are sent as JSON) and the metadata the host
 * passes (`id`, `dequeueCount`, `insertionTime`, `expirationTime`, `nextVisibleTime`,
 * `popReceipt`, `queueTrigger`).
 *
 * @example
 * ```ts
 * import { azureInvocationContext, storageQueueMessage } from '@faasade/testing/azure';
 * const { entry, triggerMetadata } = storageQueueMessage({ orderId: 'o-1' }, { dequeueCount: 2 });
 * const context = azureInvocationContext({ functionName: 'processOrder', triggerMetadata });
 * ```
 */
export function storageQueueMessage(body: unknown, init: StorageQueueMessageInit = {}): AzureQueueDelivery {
  const entry = workerValue(body);
  const inserted = init.insertionTime ?? new Date();
  return {
    entry,
    triggerMetadata: {
      id: init.id ?? randomUUID(),
      dequeueCount: init.dequeueCount ?? 1,
      insertionTime: inserted.toISOString(),
      expirationTime: new Date(inserted.getTime() + 7 * 86_400_000).toISOString(),
      nextVisibleTime: new Date(Date.now() + 30_000).toISOString(),
      popReceipt: randomUUID(),
      queueTrigger: entry,
    },
  };
}

export interface ServiceBusMessageInit {
  messageId?: string;
  /** 1 on the first delivery. */
  deliveryCount?: number;
  enqueuedTime?: Date;
  applicationProperties?: Record<string, unknown>;
}

/**
 * A Service Bus queue delivery: the body and `messageId`, `deliveryCount`, `enqueuedTimeUtc`,
 * `applicationProperties`.
 *
 * @example
 * ```ts
 * import { azureInvocationContext, serviceBusMessage } from '@faasade/testing/azure';
 * const { entry, triggerMetadata } = serviceBusMessage({ orderId: 'o-1' }, { deliveryCount: 3, applicationProperties: { tenant: 'acme' } });
 * const context = azureInvocationContext({ functionName: 'processOrder', triggerMetadata });
 * ```
 */
export function serviceBusMessage(body: unknown, init: ServiceBusMessageInit = {}): AzureQueueDelivery {
  return {
    entry: workerValue(body),
    triggerMetadata: {
      messageId: init.messageId ?? randomUUID(),
      deliveryCount: init.deliveryCount ?? 1,
      enqueuedTimeUtc: (init.enqueuedTime ?? new Date()).toISOString(),
      applicationProperties: init.applicationProperties ?? {},
    },
  };
}

/** The worker parses a message body that is JSON before the handler sees it. */
function workerValue(body: unknown): unknown {
  // Bytes that are not text reach the handler as a Buffer.
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (typeof body !== 'string') return JSON.parse(JSON.stringify(body) ?? 'null');
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
