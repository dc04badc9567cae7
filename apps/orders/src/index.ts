export { createOrdersApp, type OrdersAppOptions } from './app';
export type { OrderCreated, OrderEvents } from './domain/events';
export { NewOrder, OrderCreatedMessage, Restock } from './domain/schemas';
export * from './domain/types';
export { memoryServices, SAMPLE_STOCK } from './local';
export {
  type ChargeResult,
  HttpPaymentClient,
  type HttpPaymentClientOptions,
  type PaymentClient,
  PaymentRequestError,
  PaymentUnavailableError,
} from './payment/client';
export {
  type Charge,
  type PaymentStandin,
  type PaymentStandinConfig,
  startPaymentStandin,
} from './payment/standin';
export {
  OrderEventsToken,
  type OrdersServices,
  OrderStoreToken,
  PaymentsToken,
  StateStoreToken,
} from './services';
export { MemoryOrderStore } from './store/memory';
export { type ContentionPolicy, DEFAULT_CONTENTION_POLICY, StoreContentionError } from './store/contention';
