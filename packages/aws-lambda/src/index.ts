/**
 * @faasade/aws-lambda: runs a faasade app on AWS Lambda. `toLambda(app)` gives one handler per
 * function (and a `router` for one Lambda behind one API); the adapter only translates Lambda's
 * events and context to the core's invocation and back.
 */
export { UnsupportedEventError } from './errors';
export type { LambdaEventHandler, LambdaHttpHandler, LambdaSqsHandler, WarmupEvent } from './handlers';
export type { SqsSdk, SqsSender } from './sqs/dead-letter';
export { formatXRayHeader, parseXRayHeader, traceparentFromXRay, xrayPropagator } from './trace';
export {
  type LambdaHandlerFor,
  type LambdaHandlers,
  type QueueFunctionName,
  type ToLambdaOptions,
  toLambda,
} from './to-lambda';
export type * from './types';
