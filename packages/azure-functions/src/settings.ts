import type { AzureFunctionsOptions } from './types';

/** The longest an HTTP request may run on Azure: the front end's idle timeout, whatever the host allows. */
export const HTTP_TIMEOUT_CAP_MS = 230_000;
/** host.json `functionTimeout` on the Consumption plan when none is set. */
export const DEFAULT_FUNCTION_TIMEOUT_MS = 5 * 60_000;
/** host.json `extensions.queues.maxDequeueCount` when none is set. */
export const DEFAULT_MAX_DEQUEUE_COUNT = 5;
/** A Service Bus queue's `MaxDeliveryCount` when none is set. */
export const DEFAULT_SERVICE_BUS_MAX_DELIVERY_COUNT = 10;

/** The options every handler reads, resolved once at registration. */
export interface AdapterSettings {
  functionTimeoutMs: number;
  httpTimeoutMs: number;
  maxDequeueCount: number;
  /** Lowercase, without slashes; empty for none. */
  routePrefix: string;
}

export function resolveSettings(options: AzureFunctionsOptions): AdapterSettings {
  const functionTimeoutMs = options.functionTimeoutMs ?? DEFAULT_FUNCTION_TIMEOUT_MS;
  return {
    functionTimeoutMs,
    httpTimeoutMs: Math.min(functionTimeoutMs, HTTP_TIMEOUT_CAP_MS),
    maxDequeueCount: options.maxDequeueCount ?? DEFAULT_MAX_DEQUEUE_COUNT,
    routePrefix: (options.routePrefix ?? 'api').replace(/^\/+|\/+$/g, '').toLowerCase(),
  };
}
