/**
 * The numbers the Lambda functions, the SAM template and the local runner must agree on. The
 * template test reads deploy/template.yaml and checks it uses these.
 */
export const LIMITS = {
  /** Timeout of the HTTP functions, in seconds (API Gateway's HTTP API waits at most 30). */
  httpTimeoutSeconds: 10,
  /** Timeout of processOrder: room for the payment client's 10 s budget and a slow store. */
  queueTimeoutSeconds: 30,
  /** Timeout of releaseStale. */
  scheduleTimeoutSeconds: 60,
  /** Deliveries of an `order.created` message: the app's `maxAttempts` and the queue's `maxReceiveCount`. */
  maxAttempts: 5,
  /** Records per SQS batch (the event source mapping's `BatchSize`). */
  batchSize: 10,
  /** AWS: a queue's visibility timeout should be at least six times its consumer's timeout. */
  visibilityTimeoutSeconds: 180,
} as const;
