import type { AzureRegistration } from '@faasade/azure-functions';
import { HttpPaymentClient, memoryServices, type OrderEvents, type OrdersServices } from '@faasade/orders';
import { tracedFetch } from '@faasade/core/telemetry';
import { localInvocationContext } from './local/context';
import { LocalStorageQueue, type PoisonMessage } from './local/storage-queue';
import { queueMessageText } from './publisher';
import { ORDERS_QUEUE } from './settings';

export interface EmbeddedOptions {
  paymentsUrl: string;
  /** host.json `maxDequeueCount` of the simulated host (the app's `maxAttempts`). */
  maxDequeueCount: number;
  /** How long a failed message waits before its next delivery. */
  redeliveryDelayMs: number;
  onPoison?: (message: PoisonMessage) => void;
}

export interface Embedded {
  /** The orders app's services: in memory, `order.created` into {@link Embedded.queue}. */
  services: OrdersServices;
  /** The `orders` storage queue, simulated in this process. */
  queue: LocalStorageQueue;
  /** Hands the queue to the registered `processOrder`. */
  bind(registrations: AzureRegistration[]): void;
}

/**
 * The embedded defaults of the Azure build: orders, stock and state in memory (the app's
 * `memoryServices`, with SAMPLE_STOCK), and `order.created` published, exactly as the storage
 * queue publisher encodes it, into an in-process storage queue that the registered
 * `processOrder` consumes with the host's dequeue count and poison queue. The payment call
 * goes through `tracedFetch`, so it continues the invocation's trace when telemetry is on.
 *
 * @example
 * ```ts
 * import { createOrdersApp } from '@faasade/orders';
 * import { embedded } from '@faasade/orders-azure/dist/embedded';
 * import { registerOrders } from '@faasade/orders-azure/dist/register';
 * const local = embedded({ paymentsUrl: 'http://127.0.0.1:4010', maxDequeueCount: 5, redeliveryDelayMs: 1000 });
 * local.bind(registerOrders(createOrdersApp(local.services)));
 * ```
 */
export function embedded(options: EmbeddedOptions): Embedded {
  const queue = new LocalStorageQueue({
    name: ORDERS_QUEUE,
    maxDequeueCount: options.maxDequeueCount,
    redeliveryDelayMs: options.redeliveryDelayMs,
    context: (name, triggerMetadata) => localInvocationContext(name, { triggerMetadata }),
    onPoison: options.onPoison,
  });
  const events: OrderEvents = {
    publish: async (message, attributes) => {
      queue.send(queueMessageText(message, attributes));
    },
  };
  const services: OrdersServices = {
    ...memoryServices({ paymentsUrl: options.paymentsUrl, events }),
    payments: (state) =>
      new HttpPaymentClient({ baseUrl: options.paymentsUrl, breakerStore: state, fetch: tracedFetch }),
  };
  return {
    services,
    queue,
    bind(registrations) {
      const consumer = registrations.find(
        (r) => r.kind === 'storageQueue' && r.queue.queueName === ORDERS_QUEUE,
      );
      if (consumer?.kind !== 'storageQueue') throw new Error(`No function reads the ${ORDERS_QUEUE} queue`);
      queue.bind(consumer);
    },
  };
}
