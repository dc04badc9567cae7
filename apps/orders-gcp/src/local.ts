import { parseSchedule } from '@faasade/core';
import { defaultLogFormatter, Logger, stdoutSink } from '@faasade/core/logger';
import { registerGcpFunctions } from '@faasade/gcp-functions';
import { createOrdersApp, memoryServices } from '@faasade/orders';
import { type DeadLetteredMessage, LocalPubSub } from './local/pubsub';
import { startLocalScheduler } from './local/scheduler';
import { FrameworkServers } from './local/servers';

/** A cloud's build running on localhost (the contract `npm start` and test/contract rely on). */
export interface LocalCloud {
  cloud: 'aws' | 'azure' | 'gcp';
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:3003 */
  url: string;
  /** Messages waiting or in flight, and those dead-lettered so far (ids and bodies). */
  queue: { pending(): number; deadLettered(): DeadLetteredMessage[] };
  /** Resolves when no message is pending or in flight (for tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** The GCP build's local run: the contract, plus its Pub/Sub topic (to publish a malformed message in tests). */
export interface GcpLocalCloud extends LocalCloud {
  cloud: 'gcp';
  topic: LocalPubSub;
}

export interface StartLocalOptions {
  /** 0 = ephemeral. */
  port?: number;
  /** The payment stand-in. */
  paymentsUrl: string;
  /** Deliveries before a message is dead-lettered: the function's `maxAttempts` and the subscription's. Default 5. */
  maxAttempts?: number;
  /** How long a failed message waits before redelivery. Default 1000. */
  redeliveryDelayMs?: number;
}

/**
 * The GCP build on localhost, on embedded defaults: the app registered with functions-framework
 * by the real adapter, each target served by functions-framework's own server (the API router
 * `api` on `port`, `processOrder` and `releaseStale` on ports of their own, as each function has
 * its URL on Cloud Run), orders and state in memory, and an in-process Pub/Sub topic whose push
 * subscription delivers CloudEvents with `deliveryAttempt` and forwards to a dead-letter topic
 * after `maxAttempts`. Logs keep the logger's defaults (`FAASADE_LOG_FORMAT=pretty` is honoured).
 *
 * @example
 * ```ts
 * import { startPaymentStandin } from '@faasade/orders';
 * import { startLocal } from './local';
 * const payments = await startPaymentStandin();
 * const gcp = await startLocal({ port: 3003, paymentsUrl: payments.url });
 * await fetch(`${gcp.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customer: 'ada', items: [{ sku: 'apple', quantity: 2 }] }) });
 * await gcp.idle();
 * await gcp.close();
 * await payments.close();
 * ```
 */
export async function startLocal(options: StartLocalOptions): Promise<GcpLocalCloud> {
  const maxAttempts = options.maxAttempts ?? 5;
  const log = new Logger({ service: 'orders', persistentKeys: { component: 'local-gcp' } });
  const pubsub = new LocalPubSub({
    topic: 'orders',
    subscription: 'orders-processOrder',
    maxDeliveryAttempts: maxAttempts,
    redeliveryDelayMs: options.redeliveryDelayMs ?? 1000,
    log,
  });
  const app = createOrdersApp(memoryServices({ paymentsUrl: options.paymentsUrl, events: pubsub }), {
    maxAttempts,
  });
  const targets = registerGcpFunctions(app, {
    router: 'api',
    // The adapter would make Cloud Logging's JSON the default; locally the logger's own choice stands.
    logFormatter: defaultLogFormatter(stdoutSink),
    deadLetterPublisher: pubsub.deadLetters,
    projectId: 'faasade-local',
  });

  const servers = new FrameworkServers();
  const stops: (() => void)[] = [];
  try {
    const url = await servers.serve('api', options.port ?? 0);
    for (const target of targets) {
      const fn = app.functions[target.target];
      if (fn?.kind === 'queue' && fn.options.queue === 'orders') {
        pubsub.attach(await servers.serve(target.target, 0));
      } else if (fn?.kind === 'schedule' && target.signature === 'cloudevent') {
        const everySeconds = parseSchedule(fn.options, target.target).everySeconds;
        if (everySeconds === undefined) continue; // cron schedules are not simulated
        const jobUrl = await servers.serve(target.target, 0);
        stops.push(
          startLocalScheduler({ jobName: target.target, url: jobUrl, everyMs: everySeconds * 1000, log }),
        );
      }
    }
    return {
      cloud: 'gcp',
      url,
      queue: { pending: () => pubsub.pending(), deadLettered: () => pubsub.deadLettered() },
      idle: () => pubsub.idle(),
      topic: pubsub,
      close: async () => {
        for (const stop of stops.splice(0)) stop();
        await pubsub.close();
        await servers.close();
      },
    };
  } catch (error) {
    await pubsub.close();
    await servers.close();
    throw error;
  }
}
