import type { PoolConfig } from 'pg';

/** The environment the GCP build reads (`process.env`, or a plain object in tests). */
export type Env = Readonly<Record<string, string | undefined>>;

/** What the deployed functions are configured with; see the README's table of variables. */
export interface GcpConfig {
  /** The payment service's base URL (`PAYMENTS_URL`). */
  paymentsUrl: string;
  /** Cloud SQL: from `DATABASE_URL`, or the `/cloudsql/<INSTANCE_CONNECTION_NAME>` socket; none: in memory. */
  database: PoolConfig | undefined;
  /** The PostgreSQL schema of the tables (`DB_SCHEMA`, default `orders`). */
  dbSchema: string;
  /** Memorystore (`REDIS_URL`); none: in memory. */
  redisUrl: string | undefined;
  /** Put before every Redis key (`REDIS_KEY_PREFIX`, default `orders:`). */
  redisKeyPrefix: string;
  pubsub: {
    /** `GOOGLE_CLOUD_PROJECT` (or `GCLOUD_PROJECT`, `GCP_PROJECT`); none: asked of the metadata server. */
    project: string | undefined;
    /** The topic `order.created` goes to (`ORDERS_TOPIC`, default `orders`). */
    topic: string;
    /** Where messages that can never succeed are published (`ORDERS_DEAD_LETTER_TOPIC`, default `orders-dead-letter`). */
    deadLetterTopic: string;
    /** `PUBSUB_EMULATOR_HOST` (`host:port`), as Google's clients read it: plain HTTP, no credentials. */
    emulatorHost: string | undefined;
  };
  /** `GCE_METADATA_HOST`, as Google's auth libraries read it (default `metadata.google.internal`). */
  metadataHost: string;
  /** The subscription's max delivery attempts, which is the queue function's `maxAttempts` (`MAX_DELIVERY_ATTEMPTS`, 5 to 100, default 5). */
  maxAttempts: number;
}

/** A variable is missing or malformed; the message names every problem at once. */
export class GcpConfigError extends Error {
  override readonly name = 'GcpConfigError';
  readonly problems: readonly string[];
  constructor(problems: string[]) {
    super(`The orders functions are misconfigured: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

const set = (env: Env, name: string) => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

/**
 * Reads the configuration of the deployed functions from their environment, failing at cold
 * start (not at the first order) when something required is missing.
 *
 * @throws {GcpConfigError} listing every missing or malformed variable.
 * @example
 * ```ts
 * import { readGcpConfig } from './config';
 * const config = readGcpConfig({ PAYMENTS_URL: 'https://payments.internal', INSTANCE_CONNECTION_NAME: 'shop:europe-west1:orders', DB_PASS: 's3cret' });
 * config.database?.host; // '/cloudsql/shop:europe-west1:orders'
 * ```
 */
export function readGcpConfig(env: Env): GcpConfig {
  const problems: string[] = [];
  const paymentsUrl = set(env, 'PAYMENTS_URL');
  if (paymentsUrl === undefined) problems.push('PAYMENTS_URL is required (the payment service base URL)');
  else if (!/^https?:\/\//.test(paymentsUrl))
    problems.push(`PAYMENTS_URL must be an http(s) URL, got "${paymentsUrl}"`);

  const maxAttempts = Number(set(env, 'MAX_DELIVERY_ATTEMPTS') ?? 5);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 5 || maxAttempts > 100) {
    problems.push(
      `MAX_DELIVERY_ATTEMPTS must be a whole number from 5 to 100 (Pub/Sub's range), got "${env.MAX_DELIVERY_ATTEMPTS}"`,
    );
  }
  const dbSchema = set(env, 'DB_SCHEMA') ?? 'orders';
  if (!/^[a-z_][a-z0-9_]*$/.test(dbSchema))
    problems.push(`DB_SCHEMA must be a lowercase identifier, got "${dbSchema}"`);
  if (problems.length > 0) throw new GcpConfigError(problems);

  return {
    paymentsUrl: paymentsUrl!,
    database: databaseConfig(env),
    dbSchema,
    redisUrl: set(env, 'REDIS_URL'),
    redisKeyPrefix: set(env, 'REDIS_KEY_PREFIX') ?? 'orders:',
    pubsub: {
      project: set(env, 'GOOGLE_CLOUD_PROJECT') ?? set(env, 'GCLOUD_PROJECT') ?? set(env, 'GCP_PROJECT'),
      topic: set(env, 'ORDERS_TOPIC') ?? 'orders',
      deadLetterTopic: set(env, 'ORDERS_DEAD_LETTER_TOPIC') ?? 'orders-dead-letter',
      emulatorHost: set(env, 'PUBSUB_EMULATOR_HOST'),
    },
    metadataHost: set(env, 'GCE_METADATA_HOST') ?? 'metadata.google.internal',
    maxAttempts,
  };
}

/**
 * `DATABASE_URL` wins (Cloud SQL over its private IP, or any PostgreSQL); else
 * `INSTANCE_CONNECTION_NAME` connects through the Cloud SQL connection's unix socket, with
 * `DB_USER`, `DB_PASS` and `DB_NAME`. A small pool: each function instance handles one request at
 * a time by default, and Cloud SQL's connections are shared by every instance.
 */
function databaseConfig(env: Env): PoolConfig | undefined {
  const max = Number(set(env, 'DB_POOL_MAX') ?? 5);
  // At least 2: during the first-use migration one connection holds the lock while another migrates.
  const pool = { max: Number.isInteger(max) ? Math.max(2, max) : 5, idleTimeoutMillis: 30_000 };
  const url = set(env, 'DATABASE_URL');
  if (url !== undefined) return { ...pool, connectionString: url };
  const instance = set(env, 'INSTANCE_CONNECTION_NAME');
  if (instance === undefined) return undefined;
  return {
    ...pool,
    host: `/cloudsql/${instance}`,
    user: set(env, 'DB_USER') ?? 'postgres',
    password: env.DB_PASS,
    database: set(env, 'DB_NAME') ?? 'orders',
  };
}
