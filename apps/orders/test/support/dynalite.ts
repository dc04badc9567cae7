import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynaliteBackend } from './dynalite-protocol';
import { DynaliteTransactions } from './dynalite-transactions';

/** dynalite in this process, behind {@link DynaliteTransactions}, on ports the OS chose. */
export interface RunningDynalite {
  /** The endpoint clients use (the transaction layer, which forwards the rest to dynalite). */
  readonly endpoint: string;
  readonly transactions: DynaliteTransactions;
  /** A client of this server (dummy credentials, us-east-1). `stop` destroys it. */
  client(): DynamoDBClient;
  /** Destroys the clients it made and closes both servers, dropping open connections. */
  stop(): Promise<void>;
}

/**
 * Starts dynalite in memory (`createTableMs: 0`, so tables are ACTIVE at once), as
 * packages/core/test/support/dynalite.ts does, plus the layer that gives it TransactWriteItems.
 */
export async function startDynalite(): Promise<RunningDynalite> {
  const dynalite = (require('dynalite') as (options: { createTableMs: number }) => Server)({
    createTableMs: 0,
  });
  const backendPort = await listen(dynalite);
  const backend = new DynaliteBackend(backendPort);
  const transactions = new DynaliteTransactions(backend);
  const front = http.createServer(transactions.handle);
  const endpoint = `http://127.0.0.1:${await listen(front)}`;
  const clients: DynamoDBClient[] = [];
  return {
    endpoint,
    transactions,
    client() {
      const client = new DynamoDBClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'dynalite', secretAccessKey: 'dynalite' },
        // A conflict must reach the store, which is what retries it; the SDK would hide it.
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.destroy();
      await close(front);
      backend.close();
      await close(dynalite);
    },
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
}
