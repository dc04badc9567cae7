import type { TableClient } from '@azure/data-tables';
import { constantBackoff } from '@faasade/core/resilience';
import { AzureTableContentionError, AzureTableOrderStore } from '../src/store/azure-tables';
import { describeOrderStore } from './store-suite';
import { type RunningAzurite, startAzuriteTables } from './support/azurite';

jest.setTimeout(30_000);

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzuriteTables();
});
afterAll(() => azurite.stop());

let tables = 0;
async function newStore() {
  const tableName = `orders${tables++}`;
  const store = new AzureTableOrderStore({ client: azurite.tableClient(tableName) });
  await store.createTable();
  return store;
}

describeOrderStore('Azure Tables (azurite)', newStore);

/**
 * The client of a new table, whose next `times` transactions each find a row changed since it
 * was read: `interfere` runs just before each is sent. `sent` counts the transactions sent.
 */
function interferingClient(tableName: string, times: number, interfere: () => Promise<unknown>) {
  const client = azurite.tableClient(tableName);
  let left = times;
  const counter = { sent: 0 };
  const wrapped = new Proxy(client, {
    get(target, property) {
      if (property === 'submitTransaction') {
        return async (...args: Parameters<TableClient['submitTransaction']>) => {
          if (left-- > 0) await interfere();
          counter.sent++;
          return target.submitTransaction(...args);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { client: wrapped, counter };
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

describe('AzureTableOrderStore on azurite', () => {
  it('retries a placement whose rows changed after it read them, and reserves every item once', async () => {
    const tableName = `orders${tables++}`;
    const other = new AzureTableOrderStore({ client: azurite.tableClient(tableName) });
    const { client, counter } = interferingClient(tableName, 2, () => other.restock('pear', 5));
    const store = new AzureTableOrderStore({ client });
    await store.createTable();
    await store.restock('apple', 5, 30);
    await store.restock('pear', 5, 40);
    const r = await store.placeOrder(
      order('o-retry', [
        { sku: 'apple', quantity: 1 },
        { sku: 'pear', quantity: 2 },
      ]),
    );
    expect(r.ok && r.order.amountCents).toBe(110);
    expect(counter.sent).toBe(3);
    expect((await store.getStock('apple'))?.available).toBe(4);
    expect((await store.getStock('pear'))?.available).toBe(3);
  });

  it('gives up with AzureTableContentionError after maxAttempts, having changed nothing', async () => {
    const tableName = `orders${tables++}`;
    const other = new AzureTableOrderStore({ client: azurite.tableClient(tableName) });
    const { client, counter } = interferingClient(tableName, Number.POSITIVE_INFINITY, () =>
      other.restock('date', 2),
    );
    const store = new AzureTableOrderStore({
      client,
      contention: { maxAttempts: 3, backoff: constantBackoff(0) },
    });
    await store.createTable();
    await store.restock('date', 2);
    const placing = store.placeOrder(
      order('o-stuck', [{ sku: 'date', quantity: 1 }], '2001-01-01T00:00:00.000Z'),
    );
    await expect(placing).rejects.toBeInstanceOf(AzureTableContentionError);
    await expect(placing).rejects.toMatchObject({ attempts: 3 });
    expect(counter.sent).toBe(3);
    expect((await store.getStock('date'))?.available).toBe(2);
    expect(await store.getOrder('o-stuck')).toBeUndefined();
    expect(await store.listPendingBefore(new Date('2002-01-01T00:00:00Z'), 10)).toEqual([]);
  });

  it('refuses a second order with the same id and reserves nothing for it', async () => {
    const store = await newStore();
    await store.restock('fig', 5);
    expect((await store.placeOrder(order('o-twice', [{ sku: 'fig', quantity: 1 }]))).ok).toBe(true);
    await expect(store.placeOrder(order('o-twice', [{ sku: 'fig', quantity: 1 }]))).rejects.toThrow(
      'Order o-twice already exists',
    );
    expect((await store.getStock('fig'))?.available).toBe(4);
  });

  it('reserves the sum of several lines of one SKU, and nothing when the sum does not fit', async () => {
    const store = await newStore();
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

  it('lets exactly one of a payment and a release of the same order win', async () => {
    const store = await newStore();
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

  it('lists only PENDING orders, oldest first, up to the limit', async () => {
    const store = await newStore();
    await store.restock('corn', 20);
    for (let day = 1; day <= 6; day++) {
      await store.placeOrder(
        order(`o-day${day}`, [{ sku: 'corn', quantity: 1 }], `2001-01-0${day}T00:00:00.000Z`),
      );
    }
    await store.markPaid('o-day1', 'pay-1');
    await store.release('o-day3', 'REJECTED', 'card declined');
    const stale = await store.listPendingBefore(new Date('2002-01-01T00:00:00Z'), 3);
    expect(stale.map((o) => o.id)).toEqual(['o-day2', 'o-day4', 'o-day5']);
    expect(await store.listPendingBefore(new Date('2001-01-02T00:00:00.000Z'), 10)).toEqual([]);
    expect((await store.getStock('corn'))?.available).toBe(15);
  });

  it('keeps ids and SKUs with characters Azure forbids in keys', async () => {
    const store = await newStore();
    await store.restock('a/b#c?d', 2, 5);
    const r = await store.placeOrder(order('o/1#?', [{ sku: 'a/b#c?d', quantity: 2 }]));
    expect(r.ok).toBe(true);
    expect(await store.getOrder('o/1#?')).toMatchObject({
      id: 'o/1#?',
      items: [{ sku: 'a/b#c?d', quantity: 2 }],
    });
    expect(await store.getStock('a/b#c?d')).toEqual({ sku: 'a/b#c?d', available: 0, priceCents: 5 });
  });
});
