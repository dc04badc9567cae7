import type {
  EventGridFunctionOptions,
  EventGridHandler,
  HttpFunctionOptions,
  HttpHandler,
  InvocationContext,
  ServiceBusQueueFunctionOptions,
  ServiceBusQueueOutput,
  StorageQueueFunctionOptions,
  StorageQueueOutput,
  TimerFunctionOptions,
  TimerHandler,
  WarmupFunctionOptions,
  WarmupHandler,
} from '@azure/functions';
import type { InvocationObserver, PlatformInfo } from '@faasade/core';
import type { LogFormatter } from '@faasade/core/logger';

/**
 * The part of `app` from `@azure/functions` that registration uses. The real `app` is the
 * default; tests pass their own to capture registrations without the Functions host.
 */
export interface AzureRegistrar {
  http(name: string, options: HttpFunctionOptions): void;
  storageQueue(name: string, options: StorageQueueFunctionOptions): void;
  serviceBusQueue(name: string, options: ServiceBusQueueFunctionOptions): void;
  timer(name: string, options: TimerFunctionOptions): void;
  eventGrid(name: string, options: EventGridFunctionOptions): void;
  warmup(name: string, options: WarmupFunctionOptions): void;
}

/** Where one queue function's messages come from, when the default storage queue is not it. */
export type AzureQueueTrigger =
  | {
      service: 'storage';
      /** The Azure queue (default: the function's `queue`). */
      queueName?: string;
      /** App setting with the storage connection (default `AzureWebJobsStorage`). */
      connection?: string;
    }
  | {
      service: 'serviceBus';
      queueName?: string;
      /** App setting with the Service Bus connection (default `ServiceBusConnection`). */
      connection?: string;
      /** The queue's `MaxDeliveryCount` property (Service Bus default 10). */
      maxDeliveryCount?: number;
      /** Where invalid messages are forwarded (default `<queue>-poison`, a queue you create). */
      poisonQueueName?: string;
    };

export interface AzureFunctionsOptions {
  /** Registers with this instead of the real `app` from `@azure/functions`. */
  registrar?: AzureRegistrar;
  /**
   * host.json `functionTimeout` in ms (default 5 min, the Consumption plan's). The v4 context
   * does not expose it, so it must be told; HTTP invocations are also capped at 230 s, the
   * platform's front-end limit.
   */
  functionTimeoutMs?: number;
  /**
   * host.json `extensions.queues.maxDequeueCount` (default 5). Every storage queue function's
   * `maxAttempts` must be at most this; an invalid or exhausted message that the host would
   * still retry is written to `<queue>-poison` by the adapter.
   */
  maxDequeueCount?: number;
  /** host.json `extensions.http.routePrefix` (default `api`), removed from paths before routing. */
  routePrefix?: string;
  /** `authLevel` of every HTTP function (default `anonymous`). */
  authLevel?: 'anonymous' | 'function' | 'admin';
  /** Per queue function: Service Bus instead of a storage queue, or another queue or connection. */
  queues?: Readonly<Record<string, AzureQueueTrigger>>;
  /**
   * Also register one catch-all HTTP function (`{*path}`, every method) that routes through the
   * app's router, so that unknown routes and wrong methods get faasade's 404/405 error body
   * instead of the host's empty 404. Pass a string to name it (default `faasadeRouter`).
   */
  router?: boolean | string;
  /** Register the Premium plan's warmup trigger (named `faasadeWarmup`, or this string). */
  warmupTrigger?: boolean | string;
  /** Telemetry (from `@faasade/core/telemetry`). */
  observer?: InvocationObserver;
  /** Upper bound on the end-of-invocation telemetry flush (default 2000 ms). */
  flushTimeoutMs?: number;
  /** The log line shape (default: the core's JSON formatter). */
  logFormatter?: LogFormatter;
  /** Facts about the platform, merged over what the adapter reads from the App Service environment. */
  platform?: PlatformInfo;
}

/** An `@azure/functions` handler as registered: the trigger input and the invocation context. */
export type AzureHandler<I = unknown, R = unknown> = (input: I, context: InvocationContext) => Promise<R>;

/** The queue a queue function reads and where its poison messages go. */
export interface QueueRoute {
  queueName: string;
  /** The queue invalid messages are written to (`<queue>-poison`). */
  poisonQueueName: string;
  /** Deliveries after which the platform itself dead-letters (maxDequeueCount / MaxDeliveryCount). */
  maxDeliveryCount: number;
  /** The output binding that writes to {@link QueueRoute.poisonQueueName}. */
  poisonOutput: StorageQueueOutput | ServiceBusQueueOutput;
}

/** One function as it was registered with the Functions host. */
export type AzureRegistration =
  | { name: string; kind: 'http'; options: HttpFunctionOptions; handler: HttpHandler }
  | {
      name: string;
      kind: 'storageQueue';
      options: StorageQueueFunctionOptions;
      handler: AzureHandler;
      queue: QueueRoute;
    }
  | {
      name: string;
      kind: 'serviceBusQueue';
      options: ServiceBusQueueFunctionOptions;
      handler: AzureHandler;
      queue: QueueRoute;
    }
  | { name: string; kind: 'timer'; options: TimerFunctionOptions; handler: TimerHandler }
  | { name: string; kind: 'eventGrid'; options: EventGridFunctionOptions; handler: EventGridHandler<unknown> }
  | { name: string; kind: 'warmup'; options: WarmupFunctionOptions; handler: WarmupHandler };
