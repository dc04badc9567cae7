import { InMemoryStateStore } from '@faasade/core/state';
import type { OrderEvents } from './domain/events';
import { HttpPaymentClient } from './payment/client';
import type { OrdersServices } from './services';
import { MemoryOrderStore } from './store/memory';

/** The stock a fresh local run starts with. */
export const SAMPLE_STOCK = {
  apple: { available: 100, priceCents: 50 },
  pear: { available: 10, priceCents: 80 },
  plum: { available: 3, priceCents: 120 },
};

/**
 * Embedded defaults: orders, stock and shared state in memory, messages handed to `events`.
 * What `npm start` and the tests run on.
 */
export function memoryServices(options: {
  paymentsUrl: string;
  events: OrderEvents;
  stock?: typeof SAMPLE_STOCK;
}): OrdersServices {
  return {
    store: () => new MemoryOrderStore(options.stock ?? SAMPLE_STOCK),
    events: () => options.events,
    state: () => new InMemoryStateStore(),
    payments: (state) => new HttpPaymentClient({ baseUrl: options.paymentsUrl, breakerStore: state }),
  };
}
