import type { InvocationObserver } from '@faasade/core';
import { defaultLogFormatter, defaultLogSink, Logger } from '@faasade/core/logger';
import { createOrdersApp } from '@faasade/orders';
import { embedded } from './embedded';
import { localInvocationContext } from './local/context';
import { startLocalHttpHost } from './local/http-host';
import { startLocalTimers } from './local/timers';
import { COLLECT_ONLY, registerOrders } from './register';
import { HOST_SETTINGS } from './settings';

/** The Azure build running on localhost (the contract `npm start` and test/contract rely on). */
export interface LocalCloud {
  cloud: 'azure';
  /** Base URL of the HTTP API, the host's route prefix included: `http://127.0.0.1:<port>/api`. */
  url: string;
  /** Messages waiting or in flight, and those moved to `orders-poison` so far. */
  queue: { pending(): number; deadLettered(): { id: string; body: string; reason?: string }[] };
  /** Resolves when no message is pending or in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface StartLocalOptions {
  /** 0 = ephemeral. */
  port?: number;
  /** The payment stand-in. */
  paymentsUrl: string;
  /** The app's `maxAttempts` and the simulated host's `maxDequeueCount` (default 5, as deployed). */
  maxAttempts?: number;
  /** How long a failed message waits before redelivery (default 1000 ms). */
  redeliveryDelayMs?: number;
  /** Telemetry for every invocation (`createTelemetry()` from `@faasade/core/telemetry`). */
  observer?: InvocationObserver;
}

/**
 * The Azure build on localhost, on the embedded defaults: the orders app registered through
 * the Azure adapter exactly as the deployed entry registers it, its HTTP functions called with
 * real `HttpRequest`/`InvocationContext` objects behind a node:http server, `processOrder`
 * fed by an in-process storage queue with the host's dequeue count and `orders-poison`, and
 * `releaseStale` on its schedule. Log lines are faasade's: pretty on a terminal (or with
 * `FAASADE_LOG_FORMAT=pretty`), JSON when piped.
 *
 * @example
 * ```ts
 * import { startLocal } from '@faasade/orders-azure/dist/local';
 * const azure = await startLocal({ port: 0, paymentsUrl: 'http://127.0.0.1:4010' });
 * await fetch(`${azure.url}/inventory/apple`);
 * await azure.close();
 * ```
 */
export async function startLocal(options: StartLocalOptions): Promise<LocalCloud> {
  const maxAttempts = options.maxAttempts ?? HOST_SETTINGS.maxDequeueCount;
  const sink = defaultLogSink();
  const log = new Logger({ sink, formatter: defaultLogFormatter(sink) }).child({ cloud: 'azure' });
  const local = embedded({
    paymentsUrl: options.paymentsUrl,
    maxDequeueCount: maxAttempts,
    redeliveryDelayMs: options.redeliveryDelayMs ?? 1000,
    onPoison: (m) => log.warn(`message moved to orders-poison`, { messageId: m.id, reason: m.reason }),
  });
  const app = createOrdersApp(local.services, { maxAttempts });
  const registrations = registerOrders(app, {
    maxDequeueCount: maxAttempts,
    registrar: COLLECT_ONLY,
    observer: options.observer,
    logFormatter: defaultLogFormatter(sink),
  });
  local.bind(registrations);
  const timers = startLocalTimers(app, registrations, (name) => localInvocationContext(name));
  const http = await startLocalHttpHost({
    app,
    registrations,
    routePrefix: HOST_SETTINGS.routePrefix,
    port: options.port ?? 0,
    context: (name, traceparent) => localInvocationContext(name, { incomingTraceparent: traceparent }),
  });
  return {
    cloud: 'azure',
    url: http.url,
    queue: { pending: () => local.queue.pending(), deadLettered: () => local.queue.deadLettered() },
    idle: () => local.queue.idle(),
    close: async () => {
      timers.stop();
      await http.close();
      await local.queue.close();
    },
  };
}
