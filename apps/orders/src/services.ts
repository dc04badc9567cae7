import { token } from '@faasade/core';
import type { StateStore } from '@faasade/core/state';
import type { OrderEvents } from './domain/events';
import type { OrderStore } from './domain/types';
import type { PaymentClient } from './payment/client';

/** Where the app keeps orders and stock. */
export const OrderStoreToken = token<OrderStore>('OrderStore');
/** Where `order.created` messages go. */
export const OrderEventsToken = token<OrderEvents>('OrderEvents');
/** The payment service. */
export const PaymentsToken = token<PaymentClient>('Payments');
/** Shared state for idempotency records (and the payment breaker, through the client). */
export const StateStoreToken = token<StateStore>('StateStore');

/** What each cloud's build provides: one factory per port, called lazily, once per instance. */
export interface OrdersServices {
  store: () => OrderStore;
  events: () => OrderEvents;
  payments: (state: StateStore) => PaymentClient;
  state: () => StateStore;
}
