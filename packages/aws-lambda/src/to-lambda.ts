import {
  type App,
  type FunctionDefinition,
  type InvocationObserver,
  Runtime,
  registerTracePropagator,
} from '@faasade/core';
import { isProvisioned, platformFromEnv } from './context';
import {
  eventHandler,
  httpHandler,
  type LambdaEventHandler,
  type LambdaHttpHandler,
  type LambdaSqsHandler,
  scheduleHandler,
  sqsHandler,
} from './handlers';
import { SqsBatchProcessor } from './sqs/batch';
import { SqsDeadLetterQueue, type SqsSdk, type SqsSender } from './sqs/dead-letter';
import { xrayPropagator } from './trace';

/** The names of an app's queue functions. */
export type QueueFunctionName<F> = { [K in keyof F]: F[K] extends { kind: 'queue' } ? K : never }[keyof F];

export interface ToLambdaOptions<
  F extends Record<string, FunctionDefinition> = Record<string, FunctionDefinition>,
> {
  /** Telemetry, from `@faasade/core/telemetry`; without it nothing of OpenTelemetry is loaded. */
  observer?: InvocationObserver;
  /** Upper bound on the telemetry flush at the end of each invocation (default 2000 ms). */
  flushTimeoutMs?: number;
  /**
   * Per queue function, the URL of the SQS queue its invalid messages (failed validation, threw
   * a `PermanentError`) are sent to at once. Without one they are deleted after the app's
   * `onDeadLetter` hook ran; messages that ran out of attempts always go through the queue's
   * redrive policy.
   */
  deadLetterQueues?: { [K in QueueFunctionName<F>]?: string };
  /** The client that sends to `deadLetterQueues` (default: `new SQSClient({})` from `@aws-sdk/client-sqs`). */
  sqsClient?: SqsSender;
  /**
   * The `@aws-sdk/client-sqs` module the dead-letter queue builds its client and commands from.
   * Default: the AWS SDK the Lambda runtime ships, resolved at run time so that bundlers leave it
   * out of the function's bundle. Pass it (`import * as sqs from '@aws-sdk/client-sqs'`) to pin and
   * bundle your own version, or where the SDK is not installed.
   */
  sqsSdk?: SqsSdk;
}

/** The handler Lambda runs for each kind of function. */
export type LambdaHandlerFor<D> = D extends { kind: 'http' }
  ? LambdaHttpHandler
  : D extends { kind: 'queue' }
    ? LambdaSqsHandler
    : LambdaEventHandler;

/** One handler per function, plus `router`, which serves every HTTP function behind one API. */
export type LambdaHandlers<F extends Record<string, FunctionDefinition>> = {
  readonly [K in keyof F]: LambdaHandlerFor<F[K]>;
} & { readonly router: LambdaHttpHandler };

/**
 * Turns an app into Lambda handlers: one per function, named like the function, plus `router`
 * for a single Lambda behind one API that serves every HTTP function through the app's router.
 * HTTP handlers take API Gateway REST (v1), HTTP API (v2), Function URL and ALB events; queue
 * handlers take SQS batches and answer with `batchItemFailures`; schedule and event handlers
 * take EventBridge events. Every handler answers `serverless-plugin-warmup` pings without
 * running user code.
 *
 * @example
 * ```ts
 * import { defineApp, http, queue } from '@faasade/core';
 * import { toLambda } from '@faasade/aws-lambda';
 *
 * const app = defineApp({
 *   service: 'orders',
 *   functions: {
 *     getOrder: http({ method: 'GET', route: '/orders/:id' }, (_req, ctx) => ({ id: ctx.params.id })),
 *     processOrder: queue({ queue: 'orders', maxAttempts: 5 }, (msg, ctx) => ctx.log.info('order', { id: msg.id })),
 *   },
 * });
 *
 * // handler.ts, with `Handler: handler.getOrder` (or `handler.router`) in the SAM template
 * export const { getOrder, processOrder, router } = toLambda(app);
 * ```
 */
export function toLambda<F extends Record<string, FunctionDefinition>>(
  app: App<F>,
  options: ToLambdaOptions<F> = {},
): LambdaHandlers<F> {
  if ('router' in app.functions) {
    throw new TypeError(
      `${app.service} has a function named "router", which toLambda() uses for the router handler; rename it`,
    );
  }
  // The registry lives in the core's root: registering loads (and bundles) nothing of telemetry.
  if (options.observer) registerTracePropagator(xrayPropagator);
  const runtime = new Runtime(app, {
    cloud: 'aws',
    observer: options.observer,
    flushTimeoutMs: options.flushTimeoutMs,
    platform: platformFromEnv(),
  });
  const provisioned = isProvisioned();
  const deadLetterQueues = (options.deadLetterQueues ?? {}) as Record<string, string | undefined>;
  for (const name of Object.keys(deadLetterQueues)) {
    if (app.functions[name]?.kind !== 'queue') {
      throw new TypeError(
        `deadLetterQueues names "${name}", which is not a queue function of ${app.service}`,
      );
    }
  }
  const handlers: Record<string, unknown> = { router: httpHandler(runtime, provisioned) };
  for (const [name, fn] of Object.entries(app.functions)) {
    if (fn.kind === 'http') handlers[name] = httpHandler(runtime, provisioned, name);
    else if (fn.kind === 'schedule') handlers[name] = scheduleHandler(runtime, provisioned, name);
    else if (fn.kind === 'event') handlers[name] = eventHandler(runtime, provisioned, name);
    else {
      const url = deadLetterQueues[name];
      const dlq =
        url === undefined ? undefined : new SqsDeadLetterQueue(url, options.sqsClient, options.sqsSdk);
      handlers[name] = sqsHandler(runtime, provisioned, new SqsBatchProcessor(runtime, name, dlq), name);
    }
  }
  return handlers as LambdaHandlers<F>;
}
