import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StateStore } from '@faasade/core/state';
import { createStateTable, DynamoDbStateStore } from '@faasade/core/state/dynamodb';
import { RedisStateStore } from '@faasade/core/state/redis';
import { Redis } from 'ioredis';

/** The Redis shared with other agents and runs; override with `REDIS_URL`. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A back end that worker processes reach with their own clients. */
export interface SharedStore {
  /** What a worker needs to open its own client of this store. */
  readonly config: Record<string, unknown>;
  /** The test's own client, to read what the workers wrote. */
  readonly reader: StateStore;
  close(): Promise<void>;
}

function uniqueSuffix(): string {
  return `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Redis under a key prefix of its own, removed (SCAN, never KEYS: the server is shared) on close. */
export async function sharedRedis(): Promise<SharedStore> {
  const keyPrefix = `faasade-test:resilience:${uniqueSuffix()}:`;
  const reader = new RedisStateStore({ connection: REDIS_URL, keyPrefix });
  return {
    config: { kind: 'redis', redisUrl: REDIS_URL, keyPrefix },
    reader,
    async close() {
      await reader.close();
      const admin = new Redis(REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await admin.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
          if (keys.length > 0) await admin.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        await admin.quit();
      }
    },
  };
}

/** A dynalite server started in this process, with one state table. */
export async function sharedDynalite(): Promise<SharedStore> {
  const dynalite = require('dynalite') as (options: { createTableMs: number }) => Server;
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'dynalite', secretAccessKey: 'dynalite' },
  });
  const tableName = `circuits-${uniqueSuffix()}`;
  // dynalite does not implement UpdateTimeToLive; the store checks expiry on read anyway.
  await createStateTable(client, tableName, { timeToLive: false });
  return {
    config: { kind: 'dynamodb', endpoint, tableName },
    reader: new DynamoDbStateStore({ tableName, client }),
    async close() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
