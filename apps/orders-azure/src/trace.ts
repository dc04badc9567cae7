import type { InvocationContext } from '@azure/functions';
import type { AzureHandler, AzureRegistration } from '@faasade/azure-functions';
import { parseTraceparent } from '@faasade/core';

/**
 * The message field that carries the W3C trace context through a storage queue. Storage queue
 * messages have no attributes, and the Functions host starts a new operation for every queue
 * invocation, so the publisher writes the `traceparent` the app hands it into the message body.
 */
export const TRACEPARENT_FIELD = 'traceparent';

/**
 * The `traceparent` a storage queue message carries in its body, when it is a valid one. The
 * worker hands a JSON body over already parsed, so `entry` is the parsed message.
 *
 * @example
 * ```ts
 * import { messageTraceparent } from '@faasade/orders-azure/dist/trace';
 * messageTraceparent({ orderId: 'o-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
 * // '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
 * ```
 */
export function messageTraceparent(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const value = (entry as Record<string, unknown>)[TRACEPARENT_FIELD];
  return typeof value === 'string' && parseTraceparent(value) ? value : undefined;
}

/**
 * Makes a storage queue registration continue the trace its messages carry: before the
 * adapter's handler runs, the invocation context's trace context becomes the message's
 * `traceparent` (the host would otherwise give the invocation a trace of its own). The faasade
 * span of `processOrder` is then a child of the `createOrder` request that published the
 * message, and so is the payment call made from it. A message without one keeps the host's
 * trace context; other registrations are returned as they are.
 *
 * @example
 * ```ts
 * import { registerAzureFunctions } from '@faasade/azure-functions';
 * import { continueMessageTrace } from '@faasade/orders-azure/dist/trace';
 * const noop = { http() {}, storageQueue() {}, serviceBusQueue() {}, timer() {}, eventGrid() {}, warmup() {} };
 * const registrations = registerAzureFunctions(ordersApp, { registrar: noop }).map(continueMessageTrace);
 * ```
 */
export function continueMessageTrace(registration: AzureRegistration): AzureRegistration {
  if (registration.kind !== 'storageQueue') return registration;
  const inner = registration.handler;
  const handler: AzureHandler = (entry: unknown, context: InvocationContext) => {
    const traceParent = messageTraceparent(entry);
    if (traceParent) context.traceContext = { ...context.traceContext, traceParent, traceState: undefined };
    return inner(entry, context);
  };
  return { ...registration, handler, options: { ...registration.options, handler } };
}
