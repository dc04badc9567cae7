/** The message `createOrder` publishes and `processOrder` consumes. */
export interface OrderCreated {
  type: 'order.created';
  orderId: string;
}

/**
 * Publishes messages to the `orders` queue: SQS on AWS, a storage queue on Azure, a Pub/Sub topic
 * on GCP, an in-process queue locally. `attributes` carry the trace context (`traceparent`) so
 * the consumer continues the trace the HTTP request started.
 */
export interface OrderEvents {
  publish(message: OrderCreated, attributes: Record<string, string>): Promise<void>;
}
