import { type CloudEvent, isWarmupPayload, type Runtime } from '@faasade/core';
import { invocationMeta } from './context';
import { UnsupportedEventError } from './errors';
import { isCloudEvent, isEventBridgeEvent, scheduleInfoOf, toCloudEvent } from './eventbridge/events';
import { apiGatewayV2 } from './http/api-gateway-v2';
import { processorFor } from './http/detect';
import { toHttpInput } from './http/processor';
import type { SqsBatchProcessor } from './sqs/batch';
import { httpCarrier, invocationCarrier } from './trace';
import type {
  EventBridgeEvent,
  LambdaContext,
  LambdaHttpEvent,
  LambdaHttpResult,
  SqsBatchResponse,
  SqsEvent,
} from './types';

/** The warm-up pings every handler answers without running user code (`serverless-plugin-warmup`). */
export type WarmupEvent = { source: 'serverless-plugin-warmup' } | { faasadeWarmup: true };

/** A Lambda handler for API Gateway (REST, HTTP API), Function URL and ALB events. */
export type LambdaHttpHandler = (
  event: LambdaHttpEvent | WarmupEvent,
  context: LambdaContext,
) => Promise<LambdaHttpResult>;
/** A Lambda handler for an SQS event source mapping with `ReportBatchItemFailures`. */
export type LambdaSqsHandler = (
  event: SqsEvent | WarmupEvent,
  context: LambdaContext,
) => Promise<SqsBatchResponse>;
/** A Lambda handler for EventBridge events, scheduled or not (a direct invocation with a CloudEvent works too). */
export type LambdaEventHandler = (
  event: EventBridgeEvent | CloudEvent | WarmupEvent | Record<string, unknown>,
  context: LambdaContext,
) => Promise<void>;

const HTTP_EVENTS = 'API Gateway (REST, HTTP API), Function URL and ALB events';

/** The handler of one HTTP function, or with no name the router over all of them. */
export function httpHandler(
  runtime: Runtime,
  provisioned: boolean,
  functionName?: string,
): LambdaHttpHandler {
  const label = functionName === undefined ? 'The router handler' : `The handler of ${functionName}`;
  return async (event, context) => {
    if (isWarmupPayload(event)) return apiGatewayV2.result(runtime.warmup(), runtime.log);
    const processor = processorFor(event);
    if (!processor) throw new UnsupportedEventError(label, HTTP_EVENTS, event);
    const input = toHttpInput(processor, event as LambdaHttpEvent);
    const meta = invocationMeta(event, context, provisioned, httpCarrier(input.headers));
    return processor.result(await runtime.http(input, meta, functionName), runtime.log);
  };
}

/** The handler of one queue function, for SQS batches. */
export function sqsHandler(
  runtime: Runtime,
  provisioned: boolean,
  processor: SqsBatchProcessor,
  functionName: string,
): LambdaSqsHandler {
  return async (event, context) => {
    if (isWarmupPayload(event)) {
      runtime.warmup();
      return { batchItemFailures: [] };
    }
    const records = (event as SqsEvent).Records;
    if (!Array.isArray(records) || records.some((r) => r.eventSource !== 'aws:sqs')) {
      throw new UnsupportedEventError(`The handler of ${functionName}`, 'SQS events', event);
    }
    return processor.process(records, invocationMeta(event, context, provisioned, invocationCarrier()));
  };
}

/**
 * The handler of one schedule function. Any payload runs it (a Scheduler target may send its
 * own); a failure is thrown so that Lambda records it and applies its async retry policy.
 */
export function scheduleHandler(
  runtime: Runtime,
  provisioned: boolean,
  functionName: string,
): LambdaEventHandler {
  return async (event, context) => {
    if (isWarmupPayload(event)) {
      runtime.warmup();
      return;
    }
    const meta = invocationMeta(event, context, provisioned, invocationCarrier());
    const outcome = await runtime.schedule(functionName, scheduleInfoOf(event), meta);
    if (outcome.status === 'error') throw outcome.error;
  };
}

/** The handler of one event function: an EventBridge event becomes a CloudEvent. A failure is thrown. */
export function eventHandler(
  runtime: Runtime,
  provisioned: boolean,
  functionName: string,
): LambdaEventHandler {
  return async (event, context) => {
    if (isWarmupPayload(event)) {
      runtime.warmup();
      return;
    }
    let ce: CloudEvent;
    if (isCloudEvent(event)) ce = event;
    else if (isEventBridgeEvent(event)) ce = toCloudEvent(event);
    else
      throw new UnsupportedEventError(
        `The handler of ${functionName}`,
        'EventBridge events and CloudEvents',
        event,
      );
    const outcome = await runtime.event(
      functionName,
      ce,
      invocationMeta(event, context, provisioned, invocationCarrier()),
    );
    if (outcome.status === 'error') throw outcome.error;
  };
}
