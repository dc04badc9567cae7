import { AzureTableStateStore } from '@faasade/core/state/azure-tables';
import { tracedFetch } from '@faasade/core/telemetry';
import { HttpPaymentClient, type OrdersServices } from '@faasade/orders';
import { AzureTableOrderStore } from '@faasade/orders/store/azure-tables';
import type { AzureOrdersConfig } from './config';
import { StorageQueueOrderEvents } from './publisher';
import { ORDERS_QUEUE } from './settings';

/**
 * The Azure build's services, each created once per instance on first use: orders and stock in
 * Azure Tables, `order.created` to the `orders` storage queue, idempotency records and the
 * payment breaker's state in the state table (shared by every instance, so the breaker opens
 * for all of them), and the payment service over HTTP with `tracedFetch`, so the charge
 * continues the invocation's trace.
 *
 * @example
 * ```ts
 * import { createOrdersApp } from '@faasade/orders';
 * import { readAzureConfig } from '@faasade/orders-azure/dist/config';
 * import { azureServices } from '@faasade/orders-azure/dist/services';
 * const config = readAzureConfig(process.env)!;
 * const app = createOrdersApp(azureServices(config));
 * ```
 */
export function azureServices(config: AzureOrdersConfig): OrdersServices {
  const connectionString = config.storage.connectionString;
  const clientOptions = { allowInsecureConnection: isLocalEmulator(connectionString) };
  return {
    store: () => new AzureTableOrderStore({ connectionString, tableName: config.ordersTable, clientOptions }),
    events: () => new StorageQueueOrderEvents({ connectionString, queueName: ORDERS_QUEUE }),
    state: () => new AzureTableStateStore({ connectionString, tableName: config.stateTable, clientOptions }),
    payments: (state) =>
      new HttpPaymentClient({ baseUrl: config.paymentsUrl, breakerStore: state, fetch: tracedFetch }),
  };
}

/**
 * True for a connection string of a local emulator (Azurite): `UseDevelopmentStorage=true` or
 * plain-HTTP endpoints, which the table client refuses unless told to allow them.
 *
 * @example
 * ```ts
 * import { isLocalEmulator } from '@faasade/orders-azure/dist/services';
 * isLocalEmulator('UseDevelopmentStorage=true'); // true
 * isLocalEmulator('DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=...'); // false
 * ```
 */
export function isLocalEmulator(connectionString: string): boolean {
  return /(^|;)\s*(UseDevelopmentStorage=true|DefaultEndpointsProtocol=http\b|\w+Endpoint=http:)/i.test(
    connectionString,
  );
}
