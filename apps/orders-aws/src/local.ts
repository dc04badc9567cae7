import { memoryServices } from '@faasade/orders';
import { ordersHandlers } from './handlers';
import { LIMITS } from './limits';
import { serveHttpApi } from './local-http';
import { type DeadLetteredMessage, LocalSqsQueue } from './local-queue';

/** The AWS build running on localhost (the contract `npm start` and test/contract rely on). */
export interface LocalCloud {
  cloud: 'aws' | 'azure' | 'gcp';
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:3001 */
  url: string;
  /** Messages waiting or in flight, and those dead-lettered so far (ids and bodies). */
  queue: { pending(): number; deadLettered(): DeadLetteredMessage[] };
  /** Resolves when no message is pending or in flight (for tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link startLocal}. */
export interface StartLocalOptions {
  /** 0 = ephemeral (the default). */
  port?: number;
  /** The payment stand-in. */
  paymentsUrl: string;
  /** Deliveries before a message is dead-lettered: the app's `maxAttempts` and the queue's `maxReceiveCount` (default 5). */
  maxAttempts?: number;
  /** How long a failed message waits before redelivery (default 1000). */
  redeliveryDelayMs?: number;
}

/** The dead-letter queue's URL as the adapter sees it; the local queue's sender receives what is sent to it. */
const LOCAL_DLQ_URL = 'http://127.0.0.1/000000000000/orders-dlq';

/**
 * The AWS build of the orders app on localhost, on embedded defaults (in-memory orders, stock
 * and state, the sample stock): an API Gateway HTTP API that turns each request into a payload
 * 2.0 event for the `toLambda` router handler, and an SQS queue with its event source mapping
 * that delivers `order.created` messages to the `processOrder` handler in batches, honours
 * `batchItemFailures`, receives failed records again with `ApproximateReceiveCount` + 1 and moves
 * them to the dead-letter queue after `maxAttempts` receives. Invalid messages go to the
 * dead-letter queue at once, as the deployed function sends them there.
 *
 * @example
 * ```ts
 * import { startPaymentStandin } from '@faasade/orders';
 * import { startLocal } from '@faasade/orders-aws/local';
 * const payments = await startPaymentStandin();
 * const aws = await startLocal({ paymentsUrl: payments.url });
 * await fetch(`${aws.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customer: 'ada', items: [{ sku: 'apple', quantity: 1 }] }) });
 * await aws.idle(); // the order is PAID
 * await aws.close();
 * await payments.close();
 * ```
 */
export async function startLocal(options: StartLocalOptions): Promise<LocalCloud> {
  const maxAttempts = options.maxAttempts ?? LIMITS.maxAttempts;
  const queue: LocalSqsQueue = new LocalSqsQueue({
    name: 'orders',
    // Late-bound: the handlers need the queue (to publish to), the queue needs the handler.
    consume: (event, context) => handlers.processOrder(event, context),
    functionName: 'processOrder',
    maxReceiveCount: maxAttempts,
    redeliveryDelayMs: options.redeliveryDelayMs ?? 1000,
    batchSize: LIMITS.batchSize,
    timeoutMs: LIMITS.queueTimeoutSeconds * 1000,
  });
  const handlers = ordersHandlers(memoryServices({ paymentsUrl: options.paymentsUrl, events: queue }), {
    maxAttempts,
    deadLetterQueueUrl: LOCAL_DLQ_URL,
    deadLetterSender: queue.deadLetterSender,
  });
  const api = await serveHttpApi(handlers.router, {
    port: options.port ?? 0,
    timeoutMs: LIMITS.httpTimeoutSeconds * 1000,
  });
  return {
    cloud: 'aws',
    url: api.url,
    queue: { pending: () => queue.pending(), deadLettered: () => queue.deadLettered() },
    idle: () => queue.idle(),
    async close() {
      await api.close();
      await queue.close();
    },
  };
}
