import { Logger } from '@faasade/core/logger';
import type { DeadLetterPublisher } from '@faasade/gcp-functions';
import { InMemoryStateStore, type StateStore } from '@faasade/core/state';
import { RedisStateStore } from '@faasade/core/state/redis';
import { tracedFetch } from '@faasade/core/telemetry';
import {
  HttpPaymentClient,
  MemoryOrderStore,
  type OrderStore,
  type OrdersServices,
  SAMPLE_STOCK,
} from '@faasade/orders';
import type { GcpConfig } from './config';
import { cloudSqlOrderStore } from './database';
import { MetadataTokenSource, metadataProjectId } from './metadata';
import { PubSubPublisher } from './publisher';

/** The GCP build's services, plus what the adapter and a clean shutdown need. */
export interface GcpServices extends OrdersServices {
  /** The dead-letter topic, for the adapter's `deadLetterPublisher`: invalid messages land beside the exhausted ones. */
  deadLetters: DeadLetterPublisher;
  /** Closes the connections opened so far (the pool, Redis). */
  close(): Promise<void>;
}

/**
 * The orders app's services on Google Cloud: orders and stock in Cloud SQL for PostgreSQL,
 * `order.created` on the Pub/Sub topic (REST, with the service account's token from the metadata
 * server, or the emulator), idempotency records and the payment breaker in Memorystore for Redis,
 * and the payment service over HTTP with the trace continued. Each is created on first use, once
 * per instance. Without a database or Redis configured it falls back to this instance's memory
 * (the embedded defaults of local runs and tests) and says so in a warning.
 *
 * @example
 * ```ts
 * import { registerGcpFunctions } from '@faasade/gcp-functions';
 * import { createOrdersApp } from '@faasade/orders';
 * import { readGcpConfig } from './config';
 * import { gcpServices } from './services';
 * const services = gcpServices(readGcpConfig(process.env));
 * registerGcpFunctions(createOrdersApp(services), { router: 'api', deadLetterPublisher: services.deadLetters });
 * ```
 */
export function gcpServices(config: GcpConfig, options: { log?: Logger } = {}): GcpServices {
  const log = options.log ?? new Logger({ service: 'orders' });
  const closers: (() => Promise<void>)[] = [];
  const topic = pubsubTopics(config);
  const deadLetterTopic = topic(config.pubsub.deadLetterTopic);

  return {
    store: (): OrderStore => {
      if (config.database === undefined) {
        log.warn('no DATABASE_URL or INSTANCE_CONNECTION_NAME: orders are kept in this instance memory');
        return new MemoryOrderStore(SAMPLE_STOCK);
      }
      const store = cloudSqlOrderStore(config.database, config.dbSchema);
      closers.push(() => store.close());
      return store;
    },
    events: () => topic(config.pubsub.topic),
    state: (): StateStore => {
      if (config.redisUrl === undefined) {
        log.warn(
          'no REDIS_URL: idempotency records and the payment breaker are kept in this instance memory',
        );
        return new InMemoryStateStore();
      }
      const store = new RedisStateStore({ connection: config.redisUrl, keyPrefix: config.redisKeyPrefix });
      closers.push(() => store.close());
      return store;
    },
    payments: (state) =>
      new HttpPaymentClient({ baseUrl: config.paymentsUrl, breakerStore: state, fetch: tracedFetch }),
    deadLetters: { publish: (message) => deadLetterTopic.publishMessage(message) },
    close: async () => {
      await Promise.allSettled(closers.splice(0).map((close) => close()));
    },
  };
}

/**
 * Publishers to the project's topics: through the emulator when `PUBSUB_EMULATOR_HOST` is set
 * (plain HTTP, no credentials, as Google's client libraries do), else to pubsub.googleapis.com
 * with the metadata server's tokens.
 */
function pubsubTopics(config: GcpConfig): (topic: string) => PubSubPublisher {
  const metadata = { host: config.metadataHost };
  const emulator = config.pubsub.emulatorHost;
  const tokens = emulator === undefined ? new MetadataTokenSource(metadata) : undefined;
  // Each publisher asks the metadata server once, when it first publishes.
  const project = config.pubsub.project ?? (() => metadataProjectId(metadata));
  const endpoint = emulator === undefined ? undefined : `http://${emulator}`;
  return (topic) => new PubSubPublisher({ topic, project, endpoint, tokens });
}
