import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { ATTRIBUTE } from './item';

/** Options of {@link createStateTable}. */
export interface CreateStateTableOptions {
  /**
   * Turn on DynamoDB's TTL on the `ttl` attribute, so expired items are deleted (default true).
   * Emulators such as dynalite do not implement it: pass false there.
   */
  timeToLive?: boolean;
  /** How long to wait for the table to become ACTIVE, in seconds (default 120). */
  maxWaitSeconds?: number;
}

/**
 * Creates the table a {@link DynamoDbStateStore} needs (on-demand capacity, partition key `pk`
 * of type string, TTL on `ttl`) and waits until it is ACTIVE. Does nothing if the table
 * already exists. Meant for development and tests; in production declare the table in your
 * infrastructure code with the same schema.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { createStateTable, DynamoDbStateStore } from '@faasade/core/state/dynamodb';
 *
 * const client = new DynamoDBClient({});
 * await createStateTable(client, 'faasade-state');
 * const store = new DynamoDbStateStore({ tableName: 'faasade-state', client });
 * ```
 */
export async function createStateTable(
  client: DynamoDBClient,
  tableName: string,
  options: CreateStateTableOptions = {},
): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: ATTRIBUTE.key, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: ATTRIBUTE.key, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    // It exists already (by name: the client may come from another copy of the SDK).
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
  }
  await waitUntilTableExists(
    { client, minDelay: 1, maxDelay: 5, maxWaitTime: options.maxWaitSeconds ?? 120 },
    { TableName: tableName },
  );
  if (options.timeToLive ?? true) await enableTimeToLive(client, tableName);
}

/** DynamoDB refuses to enable TTL twice, so look first. */
async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const { TimeToLiveDescription } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: ATTRIBUTE.ttl, Enabled: true },
    }),
  );
}
