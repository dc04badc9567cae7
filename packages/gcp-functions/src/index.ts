/**
 * `@faasade/gcp-functions`: runs a faasade app on Google Cloud Functions (Cloud Run functions and
 * 1st gen) through `@google-cloud/functions-framework`.
 */
export {
  DeadLetterPublishError,
  EventFailedError,
  NotPubsubMessageError,
  PubsubRedeliveryError,
  ScheduledRunError,
} from './errors';
export { type CloudLoggingOptions, createCloudLoggingFormatter } from './logging/formatter';
export { SEVERITY } from './logging/severity';
export type { GcpFunctionsOptions } from './options';
export type { DeadLetterMessage, DeadLetterPublisher } from './pubsub/dead-letter';
export type { DeadLetterReceipt } from './pubsub/handler';
export { type GcpTarget, registerGcpFunctions } from './register';
export { formatCloudTraceContext, parseCloudTraceContext } from './tracing/cloud-trace';
export {
  type GcpCloudEvent,
  type GcpRequest,
  type GcpResponse,
  PUBSUB_MESSAGE_PUBLISHED,
  type PubsubMessage,
  type PubsubPushData,
} from './types';
