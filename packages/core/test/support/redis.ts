import { Redis } from 'ioredis';
import { RedisStateStore } from '@faasade/core/state/redis';
import { type StoreHarness, type StoreHarnessFactory, sleep, uniqueSuffix } from './harness';

/** The Redis the tests share with other agents and runs; override with `REDIS_URL`. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Deletes every key under `prefix` (SCAN, never KEYS: the server is shared). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/**
 * Redis stores under a key prefix unique to this run. Each client is its own connection; Redis
 * expires keys with its own clock, so `elapse` really waits.
 */
export const redisStore: StoreHarnessFactory = {
  name: 'RedisStateStore',
  async start(): Promise<StoreHarness> {
    const keyPrefix = `faasade-test:${uniqueSuffix()}:`;
    const clients: RedisStateStore[] = [];
    return {
      client() {
        const store = new RedisStateStore({ connection: REDIS_URL, keyPrefix });
        clients.push(store);
        return store;
      },
      elapse: sleep,
      async close() {
        await Promise.all(clients.map((client) => client.close()));
        const admin = new Redis(REDIS_URL);
        try {
          await deleteKeysWithPrefix(admin, keyPrefix);
        } finally {
          await admin.quit();
        }
      },
    };
  },
};
