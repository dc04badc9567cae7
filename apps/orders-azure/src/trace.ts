/**
 * The message field that carries the W3C trace context through a storage queue. Storage queue
 * messages have no attributes, and the Functions host starts a new operation for every queue
 * invocation, so the publisher writes the `traceparent` the app hands it into the message body,
 * where `@faasade/azure-functions` reads it (`bodyTraceCarrier`): the span of `processOrder` is
 * then a child of the `createOrder` request that published the message.
 */
export const TRACEPARENT_FIELD = 'traceparent';
