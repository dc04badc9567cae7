import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { encodeValue } from '../codec';
import { StateValueTooLargeError } from '../errors';
import { expiresAtFor } from '../ttl';
import type { PutOptions, PutResult, StateStore, StoredRecord } from '../types';
import { uniqueToken } from '../version';
import { ATTRIBUTE, ATTRIBUTE_NAMES, fromItem, toItem } from './item';

/** Options of a {@link DynamoDbStateStore}. */
export interface DynamoDbStateStoreOptions {
  /** A table with the partition key `pk` (string); see {@link createStateTable}. */
  tableName: string;
  /** A client you created. The store never destroys it. */
  client?: DynamoDBClient;
  /** Configuration for a client the store creates (and destroys on `close()`), when no `client` is given. */
  clientConfig?: DynamoDBClientConfig;
  /** Epoch milliseconds now, used to decide what has expired. Inject a fake clock in tests. */
  clock?: () => number;
}

/** DynamoDB's item limit is 400 KB of UTF-8; the key, version and numbers take a little of it. */
const MAX_VALUE_BYTES = 390_000;

const NOT_EXPIRED = '(attribute_not_exists(#expiresAt) OR #expiresAt > :now)';
const ABSENT_OR_EXPIRED = 'attribute_not_exists(#pk) OR #expiresAt <= :now';

/**
 * A {@link StateStore} in a DynamoDB table, shared by all instances of a function. Every
 * conditional write is a `ConditionExpression` on the item's `version` attribute (a token new on
 * each write); reads are strongly consistent.
 *
 * Expiry is exact: each item has `expiresAt` (epoch ms), which reads and conditions check, and
 * `ttl` (epoch seconds) for DynamoDB's TTL, which only deletes expired items later.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDbStateStore } from '@faasade/core/state/dynamodb';
 *
 * const store = new DynamoDbStateStore({ tableName: 'faasade-state', client: new DynamoDBClient({}) });
 * const created = await store.put('breaker:payments', { state: 'CLOSED' }, { ifVersion: null });
 * console.log(created.ok, (await store.get('breaker:payments'))?.value);
 * ```
 */
export class DynamoDbStateStore implements StateStore {
  private readonly client: DynamoDBClient;
  private readonly ownsClient: boolean;
  private readonly tableName: string;
  private readonly clock: () => number;

  constructor(options: DynamoDbStateStoreOptions) {
    this.client = options.client ?? new DynamoDBClient(options.clientConfig ?? {});
    this.ownsClient = options.client === undefined;
    this.tableName = options.tableName;
    this.clock = options.clock ?? Date.now;
  }

  async get<T = unknown>(key: string): Promise<StoredRecord<T> | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { [ATTRIBUTE.key]: { S: key } },
        ConsistentRead: true,
      }),
    );
    return fromItem<T>(Item, this.clock());
  }

  async put<T = unknown>(key: string, value: T, options: PutOptions = {}): Promise<PutResult<T>> {
    const json = encodeValue(key, value);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > MAX_VALUE_BYTES)
      throw new StateValueTooLargeError('DynamoDbStateStore', key, bytes, MAX_VALUE_BYTES);
    const now = this.clock();
    const version = uniqueToken();
    const item = toItem(
      key,
      json,
      version,
      expiresAtFor(options.ttlMs, () => now),
    );
    const condition = conditionFor(options.ifVersion, now);
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ...condition,
          // DynamoDB returns the conflicting item with the error, saving a read.
          ReturnValuesOnConditionCheckFailure: condition.ConditionExpression ? 'ALL_OLD' : undefined,
        }),
      );
      return { ok: true, version };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Emulators (dynalite) return no item with the error; read it then.
      const current = error.Item ? fromItem<T>(error.Item, this.clock()) : await this.get<T>(key);
      return { ok: false, current };
    }
  }

  async delete(key: string, options: { ifVersion?: string } = {}): Promise<boolean> {
    const versionMatches = options.ifVersion === undefined ? '' : ' AND #version = :expected';
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { [ATTRIBUTE.key]: { S: key } },
          // Only a live item counts as deleted; an expired one is already absent.
          ConditionExpression: `attribute_exists(#pk) AND ${NOT_EXPIRED}${versionMatches}`,
          ExpressionAttributeNames: pick([
            '#pk',
            '#expiresAt',
            ...(options.ifVersion === undefined ? [] : ['#version' as const]),
          ]),
          ExpressionAttributeValues: {
            ':now': { N: String(this.clock()) },
            ...(options.ifVersion === undefined ? {} : { ':expected': { S: options.ifVersion } }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Destroys the client if the store created it; a client you passed in stays usable. */
  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }
}

/** The condition of a put, as PutItem parameters (none for an unconditional write). */
type Condition = Pick<
  PutItemCommandInput,
  'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

function conditionFor(ifVersion: string | null | undefined, now: number): Condition {
  if (ifVersion === undefined) return {};
  if (ifVersion === null) {
    return {
      ConditionExpression: ABSENT_OR_EXPIRED,
      ExpressionAttributeNames: pick(['#pk', '#expiresAt']),
      ExpressionAttributeValues: { ':now': { N: String(now) } },
    };
  }
  return {
    ConditionExpression: `#version = :expected AND ${NOT_EXPIRED}`,
    ExpressionAttributeNames: pick(['#version', '#expiresAt']),
    ExpressionAttributeValues: { ':expected': { S: ifVersion }, ':now': { N: String(now) } },
  };
}

/**
 * By name, not `instanceof`: a client from another copy of the SDK (a bundled one, a Lambda
 * layer) throws its own class.
 */
function isConditionFailure(error: unknown): error is Error & { Item?: Record<string, AttributeValue> } {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** DynamoDB rejects placeholders an expression does not use, so each gets only its own. */
function pick(names: (keyof typeof ATTRIBUTE_NAMES)[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, ATTRIBUTE_NAMES[name]]));
}
