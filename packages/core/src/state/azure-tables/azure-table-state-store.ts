import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { encodeValue } from '../codec';
import { expiresAtFor } from '../ttl';
import type { PutOptions, PutResult, StateStore, StoredRecord } from '../types';
import {
  expiredBy,
  isExpired,
  partitionKeyFor,
  ROW_KEY,
  type StateEntity,
  type StateProperties,
  toEntity,
  toRecord,
} from './entity';

/** Options of an {@link AzureTableStateStore}: a table client, or a connection string and a table. */
export type AzureTableStateStoreOptions = {
  /** Epoch milliseconds now, used to decide what has expired. Inject a fake clock in tests. */
  clock?: () => number;
} & (
  | { client: TableClient }
  | { connectionString: string; tableName: string; clientOptions?: TableServiceClientOptions }
);

/** A create or a swap that keeps meeting concurrent deletes gives up after this many rounds. */
const MAX_ROUNDS = 5;

/**
 * A {@link StateStore} in an Azure Storage table (or Cosmos DB for Table), shared by all instances
 * of a function. A record's version is its entity's ETag: a compare-and-set is `updateEntity`
 * with that ETag, a create is `createEntity`, and an expired record is overwritten with its
 * own ETag, so two instances racing for it can not both win.
 *
 * Table storage has no TTL: each record carries `expiresAt` (epoch ms) and reads ignore expired
 * ones. They stay in the table until their key is written again, so call {@link purgeExpired}
 * now and then (from a schedule function) where many keys are written once, as idempotency keys are.
 *
 * @example
 * ```ts
 * import { AzureTableStateStore } from '@faasade/core/state/azure-tables';
 *
 * const store = new AzureTableStateStore({
 *   connectionString: process.env.AzureWebJobsStorage!,
 *   tableName: 'faasadestate',
 * });
 * const created = await store.put('breaker:payments', { state: 'CLOSED' }, { ifVersion: null });
 * console.log(created.ok, (await store.get('breaker:payments'))?.value);
 * ```
 */
export class AzureTableStateStore implements StateStore {
  private readonly client: TableClient;
  private readonly clock: () => number;

  constructor(options: AzureTableStateStoreOptions) {
    this.client =
      'client' in options
        ? options.client
        : TableClient.fromConnectionString(
            options.connectionString,
            options.tableName,
            options.clientOptions,
          );
    this.clock = options.clock ?? Date.now;
  }

  async get<T = unknown>(key: string): Promise<StoredRecord<T> | undefined> {
    const entity = await this.read(key);
    return entity === undefined || isExpired(entity, this.clock()) ? undefined : toRecord<T>(entity);
  }

  async put<T = unknown>(key: string, value: T, options: PutOptions = {}): Promise<PutResult<T>> {
    const entity = toEntity(key, encodeValue(key, value), expiresAtFor(options.ttlMs, this.clock));
    if (options.ifVersion === undefined) {
      const { etag } = await this.client.upsertEntity(entity, 'Replace');
      return { ok: true, version: etag! };
    }
    if (options.ifVersion === null) return this.create<T>(key, entity);
    return this.swap<T>(key, entity, options.ifVersion);
  }

  async delete(key: string, options: { ifVersion?: string } = {}): Promise<boolean> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const current = await this.read(key);
      if (current === undefined) return false;
      const expired = isExpired(current, this.clock());
      if (!expired && options.ifVersion !== undefined && current.etag !== options.ifVersion) return false;
      // Deleting with the ETag just read means a write in between is never lost.
      const outcome = await this.attempt(() =>
        this.client.deleteEntity(partitionKeyFor(key), ROW_KEY, { etag: current.etag }),
      );
      if (typeof outcome === 'object') return !expired;
      if (outcome === 'missing' || options.ifVersion !== undefined) return false;
    }
    return false;
  }

  /**
   * Deletes the records that have expired, which Table storage keeps until someone does. Each is
   * deleted by its ETag, so a record rewritten meanwhile survives. Returns how many went.
   *
   * @example
   * ```ts
   * import { schedule } from '@faasade/core';
   * import { AzureTableStateStore } from '@faasade/core/state/azure-tables';
   *
   * const store = new AzureTableStateStore({ connectionString: process.env.AzureWebJobsStorage!, tableName: 'faasadestate' });
   * export const purgeState = schedule({ every: '1h' }, async (ctx) => {
   *   ctx.log.info('purged expired state', { count: await store.purgeExpired() });
   * });
   * ```
   */
  async purgeExpired(): Promise<number> {
    const expired = this.client.listEntities<StateProperties>({
      queryOptions: { filter: expiredBy(this.clock()), select: ['PartitionKey', 'RowKey', 'expiresAt'] },
    });
    let purged = 0;
    for await (const entity of expired) {
      const outcome = await this.attempt(() =>
        this.client.deleteEntity(entity.partitionKey!, entity.rowKey ?? ROW_KEY, { etag: entity.etag }),
      );
      if (typeof outcome === 'object') purged++;
    }
    return purged;
  }

  /** `createEntity`; if the key holds an expired record, replace that record by its ETag. */
  private async create<T>(key: string, entity: ReturnType<typeof toEntity>): Promise<PutResult<T>> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const created = await this.attempt(() => this.client.createEntity(entity));
      if (typeof created === 'object') return { ok: true, version: created.etag! };
      const current = await this.read(key);
      if (current === undefined) continue;
      if (!isExpired(current, this.clock())) return { ok: false, current: toRecord<T>(current) };
      const replaced = await this.attempt(() =>
        this.client.updateEntity(entity, 'Replace', { etag: current.etag }),
      );
      if (typeof replaced === 'object') return { ok: true, version: replaced.etag! };
    }
    return { ok: false, current: await this.get<T>(key) };
  }

  /**
   * `updateEntity` with the expected ETag. The record is read first because Table storage can
   * not make "and it has not expired" part of the condition.
   */
  private async swap<T>(
    key: string,
    entity: ReturnType<typeof toEntity>,
    etag: string,
  ): Promise<PutResult<T>> {
    const current = await this.read(key);
    if (current === undefined || isExpired(current, this.clock())) return { ok: false, current: undefined };
    if (current.etag !== etag) return { ok: false, current: toRecord<T>(current) };
    const swapped = await this.attempt(() => this.client.updateEntity(entity, 'Replace', { etag }));
    if (typeof swapped === 'object') return { ok: true, version: swapped.etag! };
    return { ok: false, current: await this.get<T>(key) };
  }

  private async read(key: string): Promise<StateEntity | undefined> {
    try {
      return await this.client.getEntity<StateProperties>(partitionKeyFor(key), ROW_KEY);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /**
   * Runs a conditional operation: its result, or why its condition failed (`conflict`: the entity
   * exists or its ETag moved on; `missing`: it is gone). Other errors are thrown.
   */
  private async attempt<R extends object>(operation: () => Promise<R>): Promise<R | 'conflict' | 'missing'> {
    try {
      return await operation();
    } catch (error) {
      const status = statusOf(error);
      if (status === 409 || status === 412) return 'conflict';
      if (status === 404) return 'missing';
      throw error;
    }
  }
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? (error as { statusCode?: number }).statusCode
    : undefined;
}
