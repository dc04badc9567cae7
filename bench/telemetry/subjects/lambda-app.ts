// The app of the user-style cold-start subjects, written against the public entry point:
// GET /orders/:id with one custom counter.
import { defineApp, http } from '@faasade/core';

export const app = defineApp({
  service: 'orders',
  functions: {
    getOrder: http({ method: 'GET', route: '/orders/:id' }, (_req, ctx) => {
      ctx.metrics.counter('orders.read', { unit: '{order}' }).record(1);
      return { id: ctx.params.id };
    }),
  },
});
