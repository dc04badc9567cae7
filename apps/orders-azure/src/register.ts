import { app as azureApp } from '@azure/functions';
import {
  type AzureRegistrar,
  type AzureRegistration,
  registerAzureFunctions,
  registerWith,
} from '@faasade/azure-functions';
import type { App, InvocationObserver } from '@faasade/core';
import type { LogFormatter } from '@faasade/core/logger';
import { HOST_SETTINGS, ORDERS_QUEUE } from './settings';

export interface RegisterOrdersOptions {
  /** The app setting with the storage connection the queue trigger reads (default `AzureWebJobsStorage`). */
  connection?: string;
  /** Deliveries before the host poisons a message; deploy/host.json's, unless a local run says otherwise. */
  maxDequeueCount?: number;
  /** Where registrations go (default: `app` from `@azure/functions`). */
  registrar?: AzureRegistrar;
  observer?: InvocationObserver;
  logFormatter?: LogFormatter;
}

/** A registrar that registers nothing: for the adapter's registrations collected first, and for local runs. */
export const COLLECT_ONLY: AzureRegistrar = {
  http() {},
  storageQueue() {},
  serviceBusQueue() {},
  timer() {},
  eventGrid() {},
  warmup() {},
};

/**
 * Registers the orders app with the Functions host the way this build deploys it: the host.json
 * settings told to the adapter, the catch-all router (faasade's 404/405 bodies), `processOrder`
 * on the `orders` storage queue of the configured connection (whose messages continue the trace
 * they carry in their body: the adapter reads their `traceparent` field). Returns the
 * registrations exactly as they were handed to the host. The entry and the local runner both
 * register through this, so what runs locally is what is deployed.
 *
 * @example
 * ```ts
 * import { createOrdersApp, memoryServices } from '@faasade/orders';
 * import { registerOrders } from '@faasade/orders-azure/dist/register';
 * const events = { publish: async () => {} };
 * const registrations = registerOrders(createOrdersApp(memoryServices({ paymentsUrl: 'http://127.0.0.1:4010', events })));
 * registrations.map((r) => r.name); // ['createOrder', 'getOrder', ..., 'faasadeRouter']
 * ```
 */
export function registerOrders(app: App, options: RegisterOrdersOptions = {}): AzureRegistration[] {
  const registrations = registerAzureFunctions(app, {
    functionTimeoutMs: HOST_SETTINGS.functionTimeoutMs,
    maxDequeueCount: options.maxDequeueCount ?? HOST_SETTINGS.maxDequeueCount,
    routePrefix: HOST_SETTINGS.routePrefix,
    router: true,
    queues: {
      processOrder: {
        service: 'storage',
        queueName: ORDERS_QUEUE,
        connection: options.connection ?? 'AzureWebJobsStorage',
      },
    },
    registrar: COLLECT_ONLY,
    observer: options.observer,
    logFormatter: options.logFormatter,
  });
  const registrar = options.registrar ?? azureApp;
  for (const r of registrations) registerWith(registrar, r);
  return registrations;
}
