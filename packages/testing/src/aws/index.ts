/**
 * `@faasade/testing/aws`: AWS Lambda event factories, a Lambda context, a local SQS endpoint and
 * the AWS harness, for testing a faasade app the way Lambda runs it.
 */
export { type LambdaContextOptions, lambdaContext } from './context';
export { type EventBridgeEventOptions, eventBridgeEvent, scheduledEvent } from './eventbridge-events';
export { type AwsHarnessOptions, type AwsHttpMode, awsHarness } from './harness';
export { albEvent, apiGatewayV1Event, apiGatewayV2Event, type HttpEventOptions } from './http-events';
export { lambdaResultToResponse } from './http-result';
export { type LocalSqs, type SentSqsMessage, startLocalSqs } from './local-sqs';
export { type SqsEventOptions, type SqsMessageOptions, sqsEvent } from './sqs-event';
