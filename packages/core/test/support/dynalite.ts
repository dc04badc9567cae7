import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createStateTable, DynamoDbStateStore } from '@faasade/core/state/dynamodb';
import { type StoreHarness, type StoreHarnessFactory, uniqueSuffix } from './harness';

/** A dynalite server running in this process, on a port the OS chose. */
export interface RunningDynalite {
  readonly endpoint: string;
  /** A client of this server (dummy credentials, us-east-1). Destroy it, or pass it to `stop`. */
  client(): DynamoDBClient;
  /** Destroys the clients it made and closes the server, dropping open connections. */
  stop(): Promise<void>;
}

/** Starts dynalite in memory (`createTableMs: 0`, so tables are ACTIVE at once). */
export async function startDynalite(): Promise<RunningDynalite> {
  const dynalite = require('dynalite') as (options: { createTableMs: number }) => Server;
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: DynamoDBClient[] = [];
  return {
    endpoint,
    client() {
      const client = new DynamoDBClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'dynalite', secretAccessKey: 'dynalite' },
        // A conflict must surface as a conflict, not be hidden by the SDK's retries.
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * DynamoDB stores over one table in a dynalite started for this harness. The store decides
 * expiry with `expiresAt` against its clock, so all clients share one fake clock.
 */
export const dynamoDbStore: StoreHarnessFactory = {
  name: 'DynamoDbStateStore',
  async start(): Promise<StoreHarness> {
    const dynalite = await startDynalite();
    const tableName = `state-${uniqueSuffix()}`;
    // dynalite does not implement UpdateTimeToLive; expiry is checked on read anyway.
    await createStateTable(dynalite.client(), tableName, { timeToLive: false });
    let now = Date.now();
    const clock = () => now;
    return {
      client: () => new DynamoDbStateStore({ tableName, client: dynalite.client(), clock }),
      async elapse(ms) {
        now += ms;
      },
      close: () => dynalite.stop(),
    };
  },
};
