import * as sqs from '@aws-sdk/client-sqs';
import { type LambdaHandlers, type SqsSender, toLambda } from '@faasade/aws-lambda';
import type { App, HttpFunction, InvocationObserver, QueueFunction, ScheduleFunction } from '@faasade/core';
import { createOrdersApp, type OrdersServices } from '@faasade/orders';
import { LIMITS } from './limits';

/**
 * The functions of the orders app by kind. `createOrdersApp` returns an untyped `App`; naming
 * the kinds here gives each Lambda handler its own event type (the template test checks this
 * list against the app's functions).
 */
export interface OrdersFunctions extends Record<string, HttpFunction | QueueFunction | ScheduleFunction> {
  createOrder: HttpFunction;
  getOrder: HttpFunction;
  getInventory: HttpFunction;
  restock: HttpFunction;
  processOrder: QueueFunction;
  releaseStale: ScheduleFunction;
}

/** The Lambda handlers of the orders app: one per function, plus `router` for the whole API. */
export type OrdersHandlers = LambdaHandlers<OrdersFunctions>;

/** Options of {@link ordersHandlers}. */
export interface OrdersHandlersOptions {
  /** Telemetry (`createTelemetry(...)`); none by default. */
  observer?: InvocationObserver;
  /** The SQS queue `processOrder` sends invalid messages to at once. */
  deadLetterQueueUrl?: string;
  /** The client that sends to it (default: `new SQSClient({})`). */
  deadLetterSender?: SqsSender;
  /** Deliveries of a message before it is dead-lettered (default {@link LIMITS.maxAttempts}). */
  maxAttempts?: number;
}

/**
 * Builds the orders app on the given services and hands it to the Lambda adapter.
 *
 * @example
 * ```ts
 * import { apiGatewayV2Event, lambdaContext } from '@faasade/testing/aws';
 * import { ordersHandlers } from '@faasade/orders-aws/handlers';
 * import { awsServices } from '@faasade/orders-aws/services';
 * const { getInventory } = ordersHandlers(awsServices({})); // in-memory stores, sample stock
 * const result = await getInventory(apiGatewayV2Event({ path: '/inventory/apple' }), lambdaContext());
 * result.statusCode; // 200
 * ```
 */
export function ordersHandlers(
  services: OrdersServices,
  options: OrdersHandlersOptions = {},
): OrdersHandlers {
  const app = createOrdersApp(services, {
    maxAttempts: options.maxAttempts ?? LIMITS.maxAttempts,
  }) as App<OrdersFunctions>;
  return toLambda(app, {
    observer: options.observer,
    deadLetterQueues: { processOrder: options.deadLetterQueueUrl },
    sqsClient: options.deadLetterSender,
    // This build bundles its own SDK (services.ts sends with it); the dead-letter queue uses the
    // same one rather than the Lambda runtime's.
    sqsSdk: sqs,
  });
}
