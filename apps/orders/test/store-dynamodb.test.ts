import { DescribeTableCommand, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { constantBackoff } from '@faasade/core/resilience';
import { DynamoDbContentionError, DynamoDbOrderStore } from '../src/store/dynamodb';
import { describeOrderStore } from './store-suite';
import { type RunningDynalite, startDynalite } from './support/dynalite';

// 100 SDK clients racing in one process keep the event loop busy for a few seconds.
jest.setTimeout(30_000);

let dynalite: RunningDynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(() => dynalite.stop());

let tableSets = 0;
/** A store over tables of its own, and their names. */
async function newStore(options: ConstructorParameters<typeof DynamoDbOrderStore>[0] = {}) {
  const n = tableSets++;
  const tables = { orders: `orders-${n}`, inventory: `inventory-${n}` };
  const store = new DynamoDbOrderStore({ client: dynalite.client(), tables, ...options });
  await store.createTables();
  return { store, tables };
}

describeOrderStore('DynamoDB (dynalite)', async () => (await newStore()).store);

/** Runs `write` once, just before the client's next command named `commandName` is sent. */
function beforeNext(client: DynamoDBClient, commandName: string, write: () => Promise<unknown>) {
  let pending: (() => Promise<unknown>) | undefined = write;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === commandName && pending) {
        const run = pending;
        pending = undefined;
        await run();
      }
      return next(args);
    },
    { step: 'initialize' },
  );
}

const order = (
  id: string,
  items: { sku: string; quantity: number }[],
  createdAt = new Date().toISOString(),
) => ({
  id,
  customer: 'c-1',
  items,
  createdAt,
});

describe('DynamoDbOrderStore on dynalite', () => {
  it('creates the tables once, with the sparse PENDING index on the orders table', async () => {
    const { store, tables } = await newStore();
    await store.createTables();
    const { Table } = await dynalite.client().send(new DescribeTableCommand({ TableName: tables.orders }));
    expect(Table?.GlobalSecondaryIndexes?.[0]).toMatchObject({
      IndexName: 'pendingByCreatedAt',
      KeySchema: [
        { AttributeName: 'pendingShard', KeyType: 'HASH' },
        { AttributeName: 'createdAt', KeyType: 'RANGE' },
      ],
    });
  });

  it('answers OUT_OF_STOCK from the cancelled transaction when the stock ran out after it was read', async () => {
    const client = dynalite.client();
    const { store } = await newStore({ client });
    await store.restock('apple', 5, 30);
    await store.restock('pear', 5, 40);
    beforeNext(client, 'TransactWriteItemsCommand', () => store.restock('pear', 1));
    const items = [
      { sku: 'apple', quantity: 2 },
      { sku: 'pear', quantity: 2 },
    ];
    const r = await store.placeOrder(order('o-short', items));
    expect(r).toEqual({ ok: false, reason: 'OUT_OF_STOCK', sku: 'pear', available: 1 });
    expect(await store.getOrder('o-short')).toBeUndefined();
    expect((await store.getStock('apple'))?.available).toBe(5);
    expect((await store.getStock('pear'))?.available).toBe(1);
  });

  it('charges the price the stock was reserved at when the price changed after the read', async () => {
    const client = dynalite.client();
    const { store } = await newStore({ client });
    await store.restock('plum', 5, 40);
    beforeNext(client, 'TransactWriteItemsCommand', () => store.restock('plum', 5, 70));
    const r = await store.placeOrder(order('o-price', [{ sku: 'plum', quantity: 2 }]));
    expect(r.ok && r.order.amountCents).toBe(140);
    expect(await store.getStock('plum')).toEqual({ sku: 'plum', available: 3, priceCents: 70 });
  });

  it('refuses a second order with the same id and reserves nothing for it', async () => {
    const { store } = await newStore();
    await store.restock('fig', 5);
    expect((await store.placeOrder(order('o-twice', [{ sku: 'fig', quantity: 1 }]))).ok).toBe(true);
    await expect(store.placeOrder(order('o-twice', [{ sku: 'fig', quantity: 1 }]))).rejects.toThrow(
      'Order o-twice already exists',
    );
    expect((await store.getStock('fig'))?.available).toBe(4);
  });

  it('reserves the sum of several lines of one SKU, and nothing when the sum does not fit', async () => {
    const { store } = await newStore();
    await store.restock('kiwi', 3, 10);
    const lines = [
      { sku: 'kiwi', quantity: 2 },
      { sku: 'kiwi', quantity: 2 },
    ];
    expect(await store.placeOrder(order('o-sum1', lines))).toEqual({
      ok: false,
      reason: 'OUT_OF_STOCK',
      sku: 'kiwi',
      available: 3,
    });
    await store.restock('kiwi', 4);
    const r = await store.placeOrder(order('o-sum2', lines));
    expect(r.ok && r.order).toMatchObject({ amountCents: 40, items: lines });
    expect((await store.getStock('kiwi'))?.available).toBe(0);
  });

  it('retries a placement that meets another transaction, and succeeds once that one is done', async () => {
    const { store, tables } = await newStore();
    await store.restock('lime', 2);
    const release = await dynalite.transactions.holdAsTransaction(tables.orders, { id: { S: 'o-wait' } });
    const conflicted = new Promise<void>((resolve) => {
      const stop = dynalite.transactions.locks.onConflict(() => {
        stop();
        resolve();
      });
    });
    const placing = store.placeOrder(order('o-wait', [{ sku: 'lime', quantity: 1 }]));
    await conflicted;
    release();
    expect((await placing).ok).toBe(true);
    expect((await store.getStock('lime'))?.available).toBe(1);
  });

  it('gives up with DynamoDbContentionError after maxAttempts, having changed nothing', async () => {
    const { store, tables } = await newStore({ contention: { maxAttempts: 3, backoff: constantBackoff(0) } });
    await store.restock('date', 2);
    const release = await dynalite.transactions.holdAsTransaction(tables.orders, { id: { S: 'o-stuck' } });
    let conflicts = 0;
    const stop = dynalite.transactions.locks.onConflict(() => conflicts++);
    try {
      const placing = store.placeOrder(order('o-stuck', [{ sku: 'date', quantity: 1 }]));
      await expect(placing).rejects.toBeInstanceOf(DynamoDbContentionError);
      await expect(placing).rejects.toMatchObject({ attempts: 3 });
    } finally {
      stop();
      release();
    }
    expect(conflicts).toBe(3);
    expect((await store.getStock('date'))?.available).toBe(2);
    expect(await store.getOrder('o-stuck')).toBeUndefined();
  });

  it('retries a single write that meets a transaction on its item', async () => {
    const { store, tables } = await newStore();
    await store.restock('yuzu', 1, 90);
    const release = await dynalite.transactions.holdAsTransaction(tables.inventory, { sku: { S: 'yuzu' } });
    const conflicted = new Promise<void>((resolve) => {
      const stop = dynalite.transactions.locks.onConflict(() => {
        stop();
        resolve();
      });
    });
    const restocking = store.restock('yuzu', 8);
    await conflicted;
    release();
    expect(await restocking).toEqual({ sku: 'yuzu', available: 8, priceCents: 90 });
  });

  it('lets exactly one of a payment and a release of the same order win', async () => {
    const { store } = await newStore();
    await store.restock('lime', 3);
    for (let round = 0; round < 5; round++) {
      const placed = await store.placeOrder(order(`o-both${round}`, [{ sku: 'lime', quantity: 1 }]));
      if (!placed.ok) throw new Error('placement failed');
      const [paid, released] = await Promise.all([
        store.markPaid(placed.order.id, `pay-${round}`),
        store.release(placed.order.id, 'FAILED', 'timed out'),
      ]);
      expect([paid, released].filter(Boolean)).toHaveLength(1);
      expect((await store.getOrder(placed.order.id))?.status).toBe(paid ? 'PAID' : 'FAILED');
      expect((await store.getStock('lime'))?.available).toBe(paid ? 2 : 3);
      await store.restock('lime', 3);
    }
  });

  it('lists only PENDING orders, oldest first across the index shards, up to the limit', async () => {
    const { store, tables } = await newStore({ pendingShards: 3 });
    await store.restock('corn', 20);
    const ids: string[] = [];
    for (let day = 1; day <= 6; day++) {
      const r = await store.placeOrder(
        order(`o-day${day}`, [{ sku: 'corn', quantity: 1 }], `2001-01-0${day}T00:00:00.000Z`),
      );
      if (r.ok) ids.push(r.order.id);
    }
    await store.markPaid('o-day1', 'pay-1');
    await store.release('o-day3', 'REJECTED', 'card declined');
    const stale = await store.listPendingBefore(new Date('2002-01-01T00:00:00Z'), 3);
    expect(stale.map((o) => o.id)).toEqual(['o-day2', 'o-day4', 'o-day5']);
    // Sparse: paying and releasing took the orders out of the index itself, not just the answer.
    const indexed = await dynalite
      .client()
      .send(new ScanCommand({ TableName: tables.orders, IndexName: 'pendingByCreatedAt' }));
    expect(indexed.Items?.map((item) => item.id.S).sort()).toEqual(['o-day2', 'o-day4', 'o-day5', 'o-day6']);
    expect(ids).toHaveLength(6);
  });
});
