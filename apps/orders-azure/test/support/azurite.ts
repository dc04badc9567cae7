import { QueueClient } from '@azure/storage-queue';

/** The account key every Azure Storage emulator accepts (it is published, not a secret). */
const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** An azurite server, as much of its (untyped) API as the tests use. */
interface AzuriteServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}

/** azurite's queue and table services running in this process, on ports the OS chose, in memory. */
export interface RunningAzurite {
  /** A `devstoreaccount1` connection string with the queue and table endpoints of these servers. */
  readonly connectionString: string;
  queueClient(queueName: string): QueueClient;
  stop(): Promise<void>;
}

/**
 * Starts azurite's queue and table services in this process, as packages/core's tests start its
 * table service: what `azurite-queue`/`azurite-table --inMemoryPersistence --loose
 * --skipApiVersionCheck` run, without child processes that could outlive a failed test, and on
 * port 0 so parallel test files never collide.
 */
export async function startAzurite(): Promise<RunningAzurite> {
  // azurite has no public programmatic API; these are the classes its own CLI uses.
  const QueueServer = require('azurite/dist/src/queue/QueueServer').default;
  const QueueConfiguration = require('azurite/dist/src/queue/QueueConfiguration').default;
  const TableServer = require('azurite/dist/src/table/TableServer').default;
  const TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default;
  const queueConfig = new QueueConfiguration(
    '127.0.0.1',
    0,
    undefined, // keep-alive timeout: the default
    'azurite-queue-unused.json', // metadata database: unused in memory
    'azurite-queue-extent-unused.json', // extent database: unused in memory
    [{ locationId: 'Default', locationPath: 'azurite-queue-unused', maxConcurrency: 1 }],
    false, // access log
    undefined,
    false, // debug log
    undefined,
    true, // loose
    true, // skipApiVersionCheck: the SDK may be newer than this azurite
    '',
    '',
    '',
    undefined,
    false, // disableProductStyleUrl
    true, // inMemoryPersistence
  );
  const tableConfig = new TableConfiguration(
    '127.0.0.1',
    0,
    undefined,
    'azurite-tables-unused.json',
    false,
    false,
    undefined,
    undefined,
    true,
    true,
    '',
    '',
    '',
    undefined,
    false,
    true,
  );
  const queues: AzuriteServer = new QueueServer(queueConfig);
  const tables: AzuriteServer = new TableServer(tableConfig);
  await Promise.all([queues.start(), tables.start()]);
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_ACCOUNT_KEY};` +
    `QueueEndpoint=${queues.getHttpServerAddress()}/devstoreaccount1;` +
    `TableEndpoint=${tables.getHttpServerAddress()}/devstoreaccount1;`;
  return {
    connectionString,
    queueClient: (queueName) => new QueueClient(connectionString, queueName),
    stop: async () => {
      await Promise.all([queues.close(), tables.close()]);
    },
  };
}
