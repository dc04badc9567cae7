import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { createStateTable, DynamoDbStateStore } from '@faasade/core/state/dynamodb';
import { StateValueTooLargeError } from '@faasade/core/state';
import { type RunningDynalite, dynamoDbStore, startDynalite } from '../support/dynalite';
import { describeStateStore } from './describe-state-store';

jest.setTimeout(30_000);

describeStateStore(dynamoDbStore);

describe('DynamoDbStateStore', () => {
  let dynalite: RunningDynalite;
  let store: DynamoDbStateStore;
  const tableName = 'faasade-state';
  let now = Date.UTC(2030, 0, 1, 12);

  beforeAll(async () => {
    dynalite = await startDynalite();
    await createStateTable(dynalite.client(), tableName, { timeToLive: false });
    store = new DynamoDbStateStore({ tableName, client: dynalite.client(), clock: () => now });
  });
  afterAll(() => dynalite?.stop());

  it('writes the exact expiry in ms and the TTL attribute in epoch seconds for DynamoDB', async () => {
    await store.put('leased', 'x', { ttlMs: 1_500 });
    const { Item } = await dynalite
      .client()
      .send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'leased' } } }));
    expect(Item?.expiresAt).toEqual({ N: String(now + 1_500) });
    expect(Item?.ttl).toEqual({ N: String(Math.ceil((now + 1_500) / 1000)) });
  });

  it('ignores an item that DynamoDB has not yet deleted after it expired', async () => {
    await store.put('late', 'x', { ttlMs: 1_000 });
    now += 1_000;
    expect(await store.get('late')).toBeUndefined();
    const { Item } = await dynalite
      .client()
      .send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'late' } } }));
    expect(Item).toBeDefined();
  });

  it('does nothing when asked to create a table that exists', async () => {
    await expect(
      createStateTable(dynalite.client(), tableName, { timeToLive: false }),
    ).resolves.toBeUndefined();
    await store.put('still-there', 1);
    await createStateTable(dynalite.client(), tableName, { timeToLive: false });
    expect((await store.get('still-there'))?.value).toBe(1);
  });

  it('refuses a value larger than a DynamoDB item can hold, saying what to do', async () => {
    await expect(store.put('huge', 'x'.repeat(400_000))).rejects.toThrow(StateValueTooLargeError);
    await expect(store.put('huge', 'x'.repeat(400_000))).rejects.toThrow(/Store less/);
  });
});
