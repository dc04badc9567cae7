/**
 * The objectives of the orders app (apps/orders): what its users are promised, per function.
 * Generate the rules and alerts from it with
 *
 *   npx faasade slo generate --config packages/slo/examples/orders.slo.ts --out packages/slo/examples/generated
 */
import { availability, coldStarts, defineSlos, latency, processingSuccess } from '@faasade/slo';

/** The HTTP API answers (no 5xx) and answers within a second. */
const httpApi = [availability(0.999), latency({ under: '1s', objective: 0.99 })];

export default defineSlos({
  service: 'orders',
  runbookUrl:
    'https://github.com/faasade/faasade/blob/main/packages/slo/README.md#responding-to-an-slo-alert',
  functions: ['createOrder', 'getOrder', 'getInventory', 'restock', 'processOrder'],
  slos: {
    createOrder: httpApi,
    getOrder: httpApi,
    getInventory: httpApi,
    restock: httpApi,
    // A delivery that throws is retried, then dead-lettered; 1% of deliveries may fail.
    processOrder: [processingSuccess(0.99)],
    // Cold starts are latency users feel: no function may start cold on more than 5% of its invocations.
    '*': [coldStarts({ objective: 0.95 })],
  },
});
