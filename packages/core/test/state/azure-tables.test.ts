import type { TableClient } from '@azure/data-tables';
import { StateValueTooLargeError } from '@faasade/core/state';
import { AzureTableStateStore } from '@faasade/core/state/azure-tables';
import { azureTableStore, type RunningAzurite, startAzuriteTables } from '../support/azurite';
import { describeStateStore } from './describe-state-store';

jest.setTimeout(30_000);

describeStateStore(azureTableStore);

describe('AzureTableStateStore', () => {
  let azurite: RunningAzurite;
  let table: TableClient;
  let store: AzureTableStateStore;

  beforeAll(async () => {
    azurite = await startAzuriteTables();
    table = azurite.tableClient('faasadestate');
    await table.createTable();
    store = new AzureTableStateStore({
      connectionString: azurite.connectionString,
      tableName: 'faasadestate',
      clientOptions: { allowInsecureConnection: true },
    });
  });
  afterAll(() => azurite?.stop());

  it('uses the entity ETag as the version', async () => {
    const created = await store.put('etag', 1, { ifVersion: null });
    const entity = await table.getEntity(encodeURIComponent('etag'), '');
    expect(created).toEqual({ ok: true, version: entity.etag });
  });

  it('splits JSON over 64 KiB across properties without cutting an emoji in two', async () => {
    // With the JSON's opening quote, 31,998 ASCII characters put the first emoji's two UTF-16
    // halves at 31,999 and 32,000: across the boundary of the first 32,000-character property.
    const value = `${'a'.repeat(31_998)}${'👍'.repeat(40_000)}`;
    await store.put('emoji', value);
    expect((await store.get('emoji'))?.value).toBe(value);
    const entity = await table.getEntity<Record<string, unknown>>('emoji', '');
    const chunks = Object.keys(entity).filter((name) => /^value\d+$/.test(name));
    expect(chunks.length).toBeGreaterThan(1);
    for (const name of chunks) expect((entity[name] as string).isWellFormed()).toBe(true);
  });

  it('stores a key too long for a partition key under its SHA-256', async () => {
    const key = `idempotency:${'k'.repeat(2_000)}`;
    await store.put(key, 'long');
    expect((await store.get(key))?.value).toBe('long');
    expect(await store.get(`${key}x`)).toBeUndefined();
  });

  it('purges expired records, which Table storage would otherwise keep forever', async () => {
    let now = Date.UTC(2030, 0, 1);
    const purgeTable = azurite.tableClient('purgetest');
    await purgeTable.createTable();
    const clocked = new AzureTableStateStore({ client: purgeTable, clock: () => now });
    await clocked.put('done-1', 'x', { ttlMs: 1_000 });
    await clocked.put('done-2', 'x', { ttlMs: 1_000 });
    await clocked.put('live', 'x', { ttlMs: 60_000 });
    await clocked.put('forever', 'x');
    now += 1_000;

    expect(await clocked.purgeExpired()).toBe(2);
    const left: string[] = [];
    for await (const entity of purgeTable.listEntities()) left.push(decodeURIComponent(entity.partitionKey!));
    expect(left.sort()).toEqual(['forever', 'live']);
  });

  it('refuses a value larger than an entity can hold, saying what to do', async () => {
    await expect(store.put('huge', 'x'.repeat(600_000))).rejects.toThrow(StateValueTooLargeError);
  });
});
