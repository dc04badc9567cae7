import { TableClient } from '@azure/data-tables';

/** The account key every Azure Storage emulator accepts (it is published, not a secret). */
const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** azurite's table server, as much of its (untyped) API as the tests use. */
interface AzuriteTableServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}

/** An azurite table service running in this process, on a port the OS chose, in memory. */
export interface RunningAzurite {
  /** A `devstoreaccount1` connection string for this server. */
  readonly connectionString: string;
  /** A client of `tableName` here (creating the table is up to the caller). */
  tableClient(tableName: string): TableClient;
  stop(): Promise<void>;
}

/**
 * Starts azurite's table service in this process, as packages/core/test/support/azurite.ts does:
 * what `azurite-table --inMemoryPersistence --loose --skipApiVersionCheck` runs, without a child
 * process that could outlive a failed test, and on port 0 so parallel test files never collide.
 */
export async function startAzuriteTables(): Promise<RunningAzurite> {
  // azurite has no public programmatic API; these are the classes its own CLI uses.
  const TableServer = require('azurite/dist/src/table/TableServer').default;
  const TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default;
  const config = new TableConfiguration(
    '127.0.0.1',
    0,
    undefined, // keep-alive timeout: the default
    'azurite-tables-unused.json', // database path: unused with in-memory persistence
    false, // debug log
    false, // access log
    undefined,
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
  const server: AzuriteTableServer = new TableServer(config);
  await server.start();
  const endpoint = `${server.getHttpServerAddress()}/devstoreaccount1`;
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_ACCOUNT_KEY};TableEndpoint=${endpoint};`;
  return {
    connectionString,
    tableClient: (tableName) =>
      TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true }),
    stop: () => server.close(),
  };
}
