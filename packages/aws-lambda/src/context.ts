import type { InvocationMeta, PlatformInfo, TraceCarrier } from '@faasade/core';
import type { LambdaContext } from './types';

/** Facts known before the first invocation, from the variables Lambda sets. */
export function platformFromEnv(env: NodeJS.ProcessEnv = process.env): PlatformInfo {
  const memory = Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
  return {
    region: env.AWS_REGION,
    version: env.AWS_LAMBDA_FUNCTION_VERSION,
    maxMemoryBytes: memory > 0 ? memory * 1024 * 1024 : undefined,
    instance: env.AWS_LAMBDA_LOG_STREAM_NAME,
  };
}

/** True when Lambda initialised this instance ahead of demand (its first invocation is not a cold start). */
export function isProvisioned(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.AWS_LAMBDA_INITIALIZATION_TYPE === 'provisioned-concurrency';
}

// An instance serves one function through one ARN most of the time: parse it once.
let lastArn: string | undefined;
let lastStream: string | undefined;
let lastPlatform: PlatformInfo | undefined;

/**
 * The Lambda context as platform facts: region and account from the invoked ARN, the resource
 * id as the function's ARN with an alias replaced by the version that ran (as the OpenTelemetry
 * FaaS conventions ask), memory in bytes, and the log stream as the instance.
 */
export function platformOf(context: LambdaContext): PlatformInfo {
  if (context.invokedFunctionArn === lastArn && context.logStreamName === lastStream && lastPlatform) {
    return lastPlatform;
  }
  const parts = (context.invokedFunctionArn ?? '').split(':');
  const memory = Number(context.memoryLimitInMB);
  const resourceId =
    parts.length > 7 ? [...parts.slice(0, 7), context.functionVersion].join(':') : context.invokedFunctionArn;
  lastArn = context.invokedFunctionArn;
  lastStream = context.logStreamName;
  lastPlatform = {
    region: parts[3] || process.env.AWS_REGION,
    accountId: parts[4] || undefined,
    resourceId: resourceId || undefined,
    version: context.functionVersion,
    maxMemoryBytes: memory > 0 ? memory * 1024 * 1024 : undefined,
    instance: context.logStreamName,
  };
  return lastPlatform;
}

/**
 * What the core needs to know about one invocation: the request id, the deadline from
 * `getRemainingTimeInMillis()`, the raw event and context, the platform and the trace carrier.
 */
export function invocationMeta(
  event: unknown,
  context: LambdaContext | undefined,
  provisioned: boolean,
  carrier: TraceCarrier | undefined,
): InvocationMeta {
  if (!context) return { raw: { event, context }, provisioned, carrier };
  return {
    invocationId: context.awsRequestId,
    deadline: Date.now() + context.getRemainingTimeInMillis(),
    raw: { event, context },
    platform: platformOf(context),
    provisioned,
    carrier,
  };
}
